// A toolbox image attached read-only to a free loop device with autoclear: the kernel detaches it
// when the last mount and the last open descriptor go away, so nothing leaks if crashcart dies.
// Dispose closes our descriptor (after the mount holds the device, that is all it takes).
using Crashcart.Interop;

namespace Crashcart.Loop;

public sealed class LoopDevice : IDisposable
{
    private const int MaxAttempts = 32;
    private readonly SafeFd fd;

    /// <summary>"/dev/loopN".</summary>
    public string Path { get; }
    public int Number { get; }

    private LoopDevice(SafeFd fd, int number)
    {
        this.fd = fd;
        Number = number;
        Path = $"/dev/loop{number}";
    }

    /// <summary>Attaches <paramref name="imagePath"/>; retries when another process grabs the same free device.</summary>
    public static LoopDevice Attach(string imagePath)
    {
        using var backing = Files.Open(imagePath, Files.O_RDONLY);
        using var control = Files.Open("/dev/loop-control", Files.O_RDWR);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int n = LoopIoctls.GetFree(control);
            string path = $"/dev/loop{n}";
            var loop = OpenDevice(path);
            try
            {
                int rc = LoopIoctls.Configure(loop, path, backing, imagePath,
                    LoopConstants.LO_FLAGS_READ_ONLY | LoopConstants.LO_FLAGS_AUTOCLEAR);
                if (rc == 0) return new LoopDevice(loop, n);
            }
            catch
            {
                loop.Dispose();
                throw;
            }
            loop.Dispose(); // EBUSY: somebody else configured it first; ask for another
            Thread.Sleep(attempt);
        }
        throw new CrashcartException($"attach {imagePath} to a loop device: every free device was taken by others ({MaxAttempts} attempts)");
    }

    private static SafeFd OpenDevice(string path)
    {
        // udev may not have created the node yet for a freshly allocated device.
        for (int i = 0; ; i++)
        {
            try { return Files.Open(path, Files.O_RDWR); }
            catch (SyscallException e) when (e.IsNotFound && i < 50) { Thread.Sleep(2); }
        }
    }

    public void Dispose() => fd.Dispose();
}
