// The default toolbox image (the repository's toolbox-manifest.yaml), built once per test run through
// the real crashcart-image CLI (beside the tests via a ProjectReference) and deleted when the run ends.
// Use it as a collection fixture: the test assembly declares the [CollectionDefinition].
using Xunit;

namespace Crashcart.TestSupport;

public sealed class DefaultToolboxImage : IDisposable
{
    private readonly TempDir dir = new("crashcart-toolbox");
    private readonly Lazy<string> image;

    public DefaultToolboxImage() =>
        image = new Lazy<string>(() => Build(dir.Combine("default.img")), LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ManifestPath => Path.Combine(RepoRoot.Path, "toolbox-manifest.yaml");

    /// <summary>Path of the built image (built on first use).</summary>
    public string Image => image.Value;

    /// <summary>A path in this fixture's temp dir (removed with it).</summary>
    public string TempPath(string name) => dir.Combine(name);

    /// <summary>Builds the default manifest into <paramref name="output"/> and asserts success.</summary>
    public static string Build(string output)
    {
        Prerequisites.RequireTool("patchelf");
        string cli = Path.Combine(AppContext.BaseDirectory, "crashcart-image.dll");
        Assert.True(File.Exists(cli), $"crashcart-image.dll not found beside the tests: {cli}");
        // SOURCE_DATE_EPOCH from the runner's environment must not change what "default" means.
        var r = Exec.Run("dotnet", [cli, "build", "-f", ManifestPath, "-o", output], timeoutMs: 600_000,
            env: new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = null });
        Assert.True(r.ExitCode == 0, $"building the default toolbox failed (are the Debian packages listed in toolbox-manifest.yaml installed?): {r}");
        return output;
    }

    public void Dispose() => dir.Dispose();
}
