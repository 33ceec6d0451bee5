// Catches SIGINT/SIGTERM/SIGHUP/SIGQUIT/SIGWINCH for the whole session. Before the command runs
// they only mark the session as interrupted (so setup still cleans up); while it runs they are
// passed on to it; after it has been reaped they are dropped (its PID may belong to someone else).
using System.Runtime.InteropServices;
using Crashcart.Interop;

namespace Crashcart.Running;

public sealed class SignalForwarder : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] Forwarded =
    [
        (PosixSignal.SIGINT, Processes.SIGINT), (PosixSignal.SIGTERM, Processes.SIGTERM),
        (PosixSignal.SIGHUP, Processes.SIGHUP), (PosixSignal.SIGQUIT, Processes.SIGQUIT),
        (PosixSignal.SIGWINCH, Processes.SIGWINCH),
    ];

    private readonly List<PosixSignalRegistration> registrations = [];
    private readonly Lock gate = new();
    private int child;
    private volatile int interruptedBy;

    public SignalForwarder()
    {
        foreach (var (signal, number) in Forwarded)
            registrations.Add(PosixSignalRegistration.Create(signal, ctx => OnSignal(ctx, number)));
    }

    /// <summary>The first terminating signal received before the command started, or 0.</summary>
    public int InterruptedBy => interruptedBy;

    /// <summary>Throws when a terminating signal arrived during setup (exit 128+N).</summary>
    public void ThrowIfInterrupted()
    {
        int sig = interruptedBy;
        if (sig != 0) throw new CrashcartException($"interrupted by signal {sig}", exitCode: 128 + sig);
    }

    public void Attach(int pid)
    {
        lock (gate) child = pid;
    }

    /// <summary>Call once the child is reaped.</summary>
    public void Detach()
    {
        lock (gate) child = 0;
    }

    private void OnSignal(PosixSignalContext ctx, int number)
    {
        ctx.Cancel = true;
        lock (gate)
        {
            if (child > 0)
            {
                try { Processes.Kill(child, number); } catch (SyscallException) { }
                return;
            }
        }
        if (number != Processes.SIGWINCH && interruptedBy == 0) interruptedBy = number;
    }

    public void Dispose()
    {
        foreach (var r in registrations) r.Dispose();
    }
}
