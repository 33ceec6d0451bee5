// Builds the default toolbox image (repo's toolbox-manifest.yaml) once per test run, through the real CLI,
// and deletes it when the run ends.
using Crashcart.ImageBuilder.Tests.Support;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests.Toolbox;

public sealed class DefaultToolboxImage : IDisposable
{
    private readonly TempDir dir = new("crashcart-toolbox");
    private readonly Lazy<string> image;

    public DefaultToolboxImage() => image = new Lazy<string>(() => Build(dir.Combine("default.img")));

    public static string ManifestPath => Path.Combine(RepoRoot.Path, "toolbox-manifest.yaml");

    /// <summary>Path of the built image (built on first use).</summary>
    public string Image => image.Value;

    public string TempPath(string name) => dir.Combine(name);

    /// <summary>Builds the default manifest into <paramref name="output"/> and asserts success.</summary>
    public static string Build(string output)
    {
        Prerequisites.RequireTool("patchelf");
        var r = CrashcartImageCli.Run(["build", "-f", ManifestPath, "-o", output], timeoutMs: 600_000);
        Assert.True(r.ExitCode == 0, $"building the default toolbox failed (are the Debian packages listed in toolbox-manifest.yaml installed?): {r}");
        return output;
    }

    public void Dispose() => dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DefaultToolboxCollection : ICollectionFixture<DefaultToolboxImage>
{
    public const string Name = "default toolbox image";
}
