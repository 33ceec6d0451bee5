// Runs patchelf(1) on staged copies (never on host files) to point PT_INTERP and DT_RUNPATH into the prefix.
using System.Diagnostics;

namespace Crashcart.ImageBuilder.Relocation;

public sealed class Patchelf(string executable)
{
    /// <summary>Finds patchelf on PATH, or throws naming the Debian package to install.</summary>
    public static Patchelf Locate()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            if (dir.Length == 0) continue;
            string candidate = Path.Join(dir, "patchelf");
            if (File.Exists(candidate)) return new Patchelf(candidate);
        }
        throw new FileNotFoundException("patchelf not found on PATH (install the Debian package 'patchelf')", "patchelf");
    }

    /// <summary>Sets the interpreter and/or DT_RUNPATH (replacing DT_RPATH) of the file at <paramref name="stagedPath"/>.</summary>
    public void Patch(string stagedPath, string? interpreter, string? runpath)
    {
        if (interpreter is null && runpath is null) return;
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (interpreter is not null) { psi.ArgumentList.Add("--set-interpreter"); psi.ArgumentList.Add(interpreter); }
        if (runpath is not null) { psi.ArgumentList.Add("--set-rpath"); psi.ArgumentList.Add(runpath); }
        psi.ArgumentList.Add(stagedPath);
        using var p = Process.Start(psi) ?? throw new RelocationException(stagedPath, "cannot start patchelf");
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new RelocationException(stagedPath, $"patchelf failed (exit {p.ExitCode}): {stderr.Result.Trim().ReplaceLineEndings(" ")}");
    }
}
