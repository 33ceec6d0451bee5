// Runs an action on Dispose: for test cleanup that must happen even when an assertion fails.
namespace Crashcart.ImageBuilder.Tests.Support;

public sealed class Cleanup(Action action) : IDisposable
{
    public void Dispose() => action();
}
