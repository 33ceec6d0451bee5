// Renders a failure as the one line users see: "crashcart: a: b: c" — each inner exception adds
// its message unless the outer one already contains it. Stack traces only with -v.
namespace Crashcart.Cli;

public static class ErrorReport
{
    public static string Chain(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x != null; x = x.InnerException)
        {
            var msg = x.Message.Trim();
            if (msg.Length == 0 || parts.Any(p => p.Contains(msg, StringComparison.Ordinal))) continue;
            parts.Add(msg);
        }
        return string.Join(": ", parts).Replace('\n', ' ');
    }

    public static int ExitCode(Exception e) => e is CrashcartException c ? c.ExitCode : ExitCodes.CrashcartFailed;
}
