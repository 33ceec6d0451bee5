// Where the toolbox image comes from: -i PATH, else $CRASHCART_IMAGE, else
// /var/lib/crashcart/crashcart.img, else crashcart.img beside the executable. When none exists the
// error lists every place looked at and how to build an image.
namespace Crashcart.Images;

public static class ImageLocator
{
    public const string SystemImage = "/var/lib/crashcart/crashcart.img";
    public const string EnvironmentVariable = "CRASHCART_IMAGE";

    /// <summary>Candidate paths in order, each with where it came from.</summary>
    public static IReadOnlyList<(string Path, string Source)> Candidates(string? option)
    {
        if (!string.IsNullOrEmpty(option)) return [(option, "-i")];
        var list = new List<(string, string)>();
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) list.Add((env, "$" + EnvironmentVariable));
        list.Add((SystemImage, "default"));
        list.Add((Path.Combine(ExecutableDirectory(), "crashcart.img"), "beside crashcart"));
        return list;
    }

    public static string Locate(string? option)
    {
        var candidates = Candidates(option);
        foreach (var (path, _) in candidates)
            if (File.Exists(path)) return Path.GetFullPath(path);
        if (option != null) throw new CrashcartException($"toolbox image {option}: no such file");
        var looked = string.Join(", ", candidates.Select(c => $"{c.Path} ({c.Source})"));
        throw new CrashcartException(
            $"no toolbox image found (looked at {looked}); build one with `crashcart-image build -o {SystemImage}` or pass -i PATH");
    }

    private static string ExecutableDirectory()
    {
        // In a single-file publish AppContext.BaseDirectory is the extraction dir; ProcessPath is the file itself.
        var exe = Environment.ProcessPath;
        if (exe != null && Path.GetFileNameWithoutExtension(exe) == "crashcart") return Path.GetDirectoryName(exe)!;
        return AppContext.BaseDirectory;
    }
}
