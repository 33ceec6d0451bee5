// Packs a sample tree with the real CLI once per test, for tests of the commands that read images.
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests.Support;

public sealed class PackedImage : IDisposable
{
    private readonly TempDir dir = new();

    public string Source => dir.Combine("src");
    public string Image => dir.Combine("t.img");

    /// <param name="populate">Extra files to add to the sample tree before packing.</param>
    public PackedImage(Action<string>? populate = null, bool sampleTree = true)
    {
        Directory.CreateDirectory(Source);
        if (sampleTree) SampleTree.Create(Source, withDevices: Prerequisites.IsRoot);
        populate?.Invoke(Source);
        var r = CrashcartImageCli.Run("pack", Source, "-o", Image);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    public string Combine(string name) => dir.Combine(name);

    public void Dispose() => dir.Dispose();
}
