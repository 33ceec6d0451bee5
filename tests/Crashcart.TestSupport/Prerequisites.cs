// Test prerequisites: outside CI a missing one skips the test and says which;
// under CI=true it fails the test, because CI must run everything.
using System.Diagnostics;
using Xunit;

namespace Crashcart.TestSupport;

public static class Prerequisites
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsRoot => Environment.UserName == "root" || geteuidSafe() == 0;

    /// <summary>Skip (outside CI) or fail (in CI) unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string what)
    {
        if (condition) return;
        if (InCi) throw new InvalidOperationException($"prerequisite missing in CI: {what}");
        Skip.If(true, $"prerequisite missing: {what}");
    }

    public static void RequireRoot() => Require(IsRoot, "root");

    public static void RequireTool(string tool) => Require(FindOnPath(tool) != null, $"'{tool}' on PATH");

    public static void RequireLoopDevices()
    {
        RequireRoot();
        Require(File.Exists("/dev/loop-control"), "/dev/loop-control");
    }

    public static void RequireDocker()
    {
        RequireRoot();
        RequireTool("docker");
        Require(Exec.Run("docker", ["version", "--format", "{{.Server.Version}}"], timeoutMs: 20_000).ExitCode == 0,
            "a running Docker daemon");
    }

    public static string? FindOnPath(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var p = Path.Combine(dir, tool);
            if (File.Exists(p)) return p;
        }
        foreach (var dir in new[] { "/usr/sbin", "/sbin" })
        {
            var p = Path.Combine(dir, tool);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    private static uint geteuidSafe()
    {
        try { return uint.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:")).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2]); }
        catch { return uint.MaxValue; }
    }
}
