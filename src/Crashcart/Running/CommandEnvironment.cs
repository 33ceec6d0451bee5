// The command's environment: the container's own (/proc/PID/environ), PATH with the toolbox in
// front, TERM from the caller, CRASHCART_TARGET and a prompt naming the container, HOME of --user,
// then the user's --env values, which win.
namespace Crashcart.Running;

public static class CommandEnvironment
{
    public const string ToolboxPath = "/dev/crashcart/bin:/dev/crashcart/sbin";

    /// <summary>Reads /proc/PID/environ ("K=V" entries; NUL-separated).</summary>
    public static IReadOnlyList<string> ReadContainer(int pid)
    {
        string path = $"/proc/{pid}/environ";
        try { return Split(File.ReadAllBytes(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrashcartException($"read {path}: {e.Message}", e);
        }
    }

    public static IReadOnlyList<string> Split(byte[] environ) =>
        System.Text.Encoding.UTF8.GetString(environ).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.IndexOf('=') > 0).ToList();

    /// <summary>Value of <paramref name="key"/> in a "K=V" list (last one wins), or null.</summary>
    public static string? Get(IReadOnlyList<string> env, string key)
    {
        string? value = null;
        foreach (var e in env)
            if (e.Length > key.Length && e[key.Length] == '=' && e.StartsWith(key, StringComparison.Ordinal))
                value = e[(key.Length + 1)..];
        return value;
    }

    public static IReadOnlyList<string> Build(IReadOnlyList<string> container, string targetName, string? callerTerm,
        string? home, IReadOnlyList<string> userEnv)
    {
        var order = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(string k, string v)
        {
            if (!values.ContainsKey(k)) order.Add(k);
            values[k] = v;
        }
        foreach (var e in container)
        {
            int eq = e.IndexOf('=');
            Set(e[..eq], e[(eq + 1)..]);
        }
        string containerPath = values.TryGetValue("PATH", out var p) && p.Length > 0 ? p : CommandLookup.DefaultPath;
        Set("PATH", $"{ToolboxPath}:{containerPath}");
        if (!string.IsNullOrEmpty(callerTerm)) Set("TERM", callerTerm);
        if (home != null) Set("HOME", home);
        Set("CRASHCART_TARGET", targetName);
        Set("PS1", $"[crashcart {targetName}] \\w \\$ ");
        foreach (var e in userEnv)
        {
            int eq = e.IndexOf('=');
            if (eq <= 0) throw new CrashcartException($"--env {e}: expected KEY=VALUE");
            Set(e[..eq], e[(eq + 1)..]);
        }
        return order.Select(k => $"{k}={values[k]}").ToList();
    }
}
