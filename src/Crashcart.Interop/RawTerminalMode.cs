// Raw mode on a terminal for the length of an interactive session; Dispose restores the saved settings.
namespace Crashcart.Interop;

public sealed class RawTerminalMode : IDisposable
{
    private readonly int fd;
    private readonly Terminal.TermiosBuffer saved;
    private int restored;

    private RawTerminalMode(int fd, Terminal.TermiosBuffer saved)
    {
        this.fd = fd;
        this.saved = saved;
    }

    internal static RawTerminalMode Enter(int fd)
    {
        var saved = Terminal.GetAttributes(fd);
        Terminal.SetAttributes(fd, Terminal.MakeRaw(saved));
        return new RawTerminalMode(fd, saved);
    }

    /// <summary>Restores the settings saved on entry (once; later calls do nothing).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref restored, 1) != 0) return;
        try { Terminal.SetAttributes(fd, saved); }
        catch (IOException) { } // the terminal went away (hang-up): nothing left to restore
    }
}
