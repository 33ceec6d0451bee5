// Runs the built crashcart executable as a child process, the way a user would.
//
// Usage:
//     var r = CrashcartProcess.Run(["-i", img.Path, "-e", "/dev/crashcart/bin/sh", "-c", "echo hi", c.Name]);
//     Assert.Equal(0, r.ExitCode); Assert.Equal("hi\n", r.Stdout);
//     CrashcartProcess.Run(args, stdin: "exit 3\n", env: new() { ["DOCKER_HOST"] = "unix:///nope.sock" }, timeoutMs: 30_000);
//
// The test project references src/Crashcart, so crashcart.dll and its apphost sit beside the
// test assembly; the apphost is used when present, else `dotnet crashcart.dll`.
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests.Fixtures;

public static class CrashcartProcess
{
    /// <summary>File to start and the arguments that come before the user's.</summary>
    public static (string File, string[] Prefix) Command
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            var apphost = Path.Combine(dir, "crashcart");
            if (File.Exists(apphost)) return (apphost, []);
            var dll = Path.Combine(dir, "crashcart.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException($"crashcart.dll not found beside the tests in {dir}");
            return ("dotnet", [dll]);
        }
    }

    /// <summary>Starts crashcart without waiting; stdin, stdout and stderr redirected.</summary>
    public static System.Diagnostics.Process Start(IEnumerable<string> args)
    {
        var (file, prefix) = Command;
        var psi = new System.Diagnostics.ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in prefix.Concat(args)) psi.ArgumentList.Add(a);
        return System.Diagnostics.Process.Start(psi)!;
    }

    /// <summary>crashcart with <paramref name="args"/> as one shell command line (each word single-quoted),
    /// for `script`, tmux or sh -c.</summary>
    public static string ShellCommandLine(IEnumerable<string> args)
    {
        var (file, prefix) = Command;
        return string.Join(' ', new[] { file }.Concat(prefix).Concat(args).Select(a => "'" + a.Replace("'", "'\\''") + "'"));
    }

    public static ExecResult Run(IEnumerable<string> args, string? stdin = null,
        IDictionary<string, string?>? env = null, int timeoutMs = 60_000)
    {
        var (file, prefix) = Command;
        return Exec.Run(file, [.. prefix, .. args], timeoutMs, stdin, env);
    }
}
