// Runs an external program and captures its output, with a timeout (tests must never hang CI).
using System.Diagnostics;
using System.Text;

namespace Crashcart.TestSupport;

public sealed record ExecResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

public static class Exec
{
    public static ExecResult Run(string file, IEnumerable<string> args, int timeoutMs = 120_000,
        string? stdin = null, IDictionary<string, string?>? env = null, string? workDir = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workDir != null) psi.WorkingDirectory = workDir;
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutMs))
        {
            try { p.Kill(entireProcessTree: true); } catch { }
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutMs} ms");
        }
        p.WaitForExit();
        return new ExecResult(p.ExitCode, so.Result, se.Result);
    }

    /// <summary>Runs and throws with full output unless the exit code is 0.</summary>
    public static ExecResult Check(string file, params string[] args)
    {
        var r = Run(file, args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {r}");
        return r;
    }
}
