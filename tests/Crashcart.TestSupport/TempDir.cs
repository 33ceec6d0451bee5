// A uniquely named temporary directory removed on Dispose, even if the test failed.
namespace Crashcart.TestSupport;

public sealed class TempDir : IDisposable
{
    public string Path { get; }

    public TempDir(string prefix = "crashcart-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (UnauthorizedAccessException)
        {
            // Tests make read-only dirs on purpose; make them writable and retry.
            Exec.Run("chmod", ["-R", "u+rwx", Path]);
            try { Directory.Delete(Path, recursive: true); } catch { }
        }
    }
}
