// Runs the real built crashcart-image (copied beside the tests by the ProjectReference) as a separate process.
using System.Diagnostics;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests.Support;

public static class CrashcartImageCli
{
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "crashcart-image.dll");

    public static ExecResult Run(IEnumerable<string> args, IDictionary<string, string?>? env = null, int timeoutMs = 300_000)
    {
        Assert.True(File.Exists(DllPath), $"crashcart-image.dll not found beside the tests: {DllPath}");
        // SOURCE_DATE_EPOCH from the test runner's environment must not leak into tests that do not set it.
        var environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = null };
        if (env != null) foreach (var (k, v) in env) environment[k] = v;
        return Exec.Run("dotnet", [DllPath, .. args], timeoutMs, env: environment);
    }

    public static ExecResult Run(params string[] args) => Run((IEnumerable<string>)args);

    /// <summary>Starts crashcart-image without waiting, stdout/stderr redirected (for signal tests).</summary>
    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(DllPath);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SOURCE_DATE_EPOCH"] = null;
        return Process.Start(psi)!;
    }
}
