// The repository's top folder (where Crashcart.sln is), found from the test assembly's location.
namespace Crashcart.TestSupport;

public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "Crashcart.sln"))) return d.FullName;
        throw new InvalidOperationException("Crashcart.sln not found above " + AppContext.BaseDirectory);
    }
}
