// One crashcart session's registry entry: a locked file naming us, the target and (once started)
// the command's host PID. Dispose = leave: unlock and delete.
using Crashcart.Interop;

namespace Crashcart.Sessions;

public sealed class Session : IDisposable
{
    private readonly SafeFd fd;
    private readonly string target;
    private ProcessIdentity? command;

    public string Path { get; }

    internal Session(string path, SafeFd fd, string target)
    {
        Path = path;
        this.fd = fd;
        this.target = target;
    }

    /// <summary>Records the command's PID so a later run can kill it if we die.</summary>
    public void RecordCommand(int pid)
    {
        command = ProcessIdentity.Of(pid);
        Write();
    }

    internal void Write()
    {
        var text = $"crashcart={ProcessIdentity.Of(Environment.ProcessId)}\ntarget={target}\ncommand={command?.ToString() ?? ""}\n";
        // Written through the locked descriptor: .NET's File APIs take their own flock and would collide.
        Files.Rewrite(fd, System.Text.Encoding.UTF8.GetBytes(text), Path);
    }

    public void Dispose()
    {
        try { File.Delete(Path); } catch (IOException) { }
        fd.Dispose();
    }
}

/// <param name="Live">Its owner still holds the lock.</param>
public sealed record SessionInfo(string Path, bool Live, ProcessIdentity? Crashcart, string? Target, ProcessIdentity? Command)
{
    public static SessionInfo Parse(string path, bool live, string text)
    {
        ProcessIdentity? crashcart = null, command = null;
        string? target = null;
        foreach (var line in text.Split('\n'))
        {
            int eq = line.IndexOf('=');
            if (eq < 0) continue;
            var (k, v) = (line[..eq], line[(eq + 1)..]);
            if (k == "crashcart") crashcart = ProcessIdentity.Parse(v);
            else if (k == "command") command = ProcessIdentity.Parse(v);
            else if (k == "target") target = v;
        }
        return new SessionInfo(path, live, crashcart, target, command);
    }
}
