// Cleanup actions that must also run when the process is told to stop (SIGINT, SIGTERM, SIGHUP,
// SIGQUIT): temp files and staging directories must not outlive an interrupted pack or build.
using System.Runtime.InteropServices;

namespace Crashcart.ImageBuilder.Packing;

public static class TerminationCleanup
{
    private static readonly object Gate = new();
    private static readonly Dictionary<long, Action> Actions = [];
    private static List<PosixSignalRegistration>? registrations;
    private static long nextId;

    /// <summary>
    /// Runs <paramref name="cleanup"/> on a terminating signal (on the signal thread, before the default
    /// action ends the process) unless the returned registration was disposed first.
    /// </summary>
    public static IDisposable Register(Action cleanup)
    {
        lock (Gate)
        {
            registrations ??= [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
                .Select(s => PosixSignalRegistration.Create(s, _ => RunAll()))];
            long id = ++nextId;
            Actions.Add(id, cleanup);
            return new Registration(id);
        }
    }

    private static void RunAll()
    {
        Action[] all;
        lock (Gate) { all = [.. Actions.Values]; Actions.Clear(); }
        foreach (var action in all)
        {
            try { action(); }
            catch (Exception) { /* best effort: the process is ending; the other actions still run */ }
        }
    }

    private sealed class Registration(long id) : IDisposable
    {
        public void Dispose() { lock (Gate) Actions.Remove(id); }
    }
}
