// Runs a command in a container through the Engine API exec endpoint (crashcart --docker-exec):
// create the exec, start it on a hijacked connection, pump stdin in and output out, then read
// the exit code. With a TTY the local terminal goes raw and window size changes follow SIGWINCH.
using System.Runtime.InteropServices;
using Crashcart.Docker;
using Crashcart.Interop;

namespace Crashcart.Running;

public sealed class DockerExecRunner(DockerClient client)
{
    private static readonly TimeSpan ExitCodeWait = TimeSpan.FromSeconds(5);

    public DockerExecRunner() : this(new DockerClient()) { }

    /// <summary>
    /// Runs <paramref name="argv"/> in the container with this process's stdin/stdout/stderr and returns
    /// its exit code (126/127 from the runtime when the command cannot be executed / is not found).
    /// </summary>
    public static Task<int> RunAsync(string containerId, IReadOnlyList<string> argv, IReadOnlyList<string> env,
        string? user, string? workdir, bool tty, CancellationToken ct = default) =>
        new DockerExecRunner().RunWithConsoleAsync(new DockerExecRequest(containerId, argv, env, user, workdir, tty), ct);

    /// <summary>Like <see cref="RunAsync(string, IReadOnlyList{string}, IReadOnlyList{string}, string?, string?, bool, CancellationToken)"/> on this client.</summary>
    public async Task<int> RunWithConsoleAsync(DockerExecRequest request, CancellationToken ct = default)
    {
        // Plain FileStreams on fds 0-2, not Console.OpenStandard*: .NET's console stream re-applies its own
        // terminal settings around every read (undoing raw mode) and writes keypad escapes on first use.
        using var stdin = StdioStream(Terminal.StdinFd, FileAccess.Read);
        using var stdout = StdioStream(Terminal.StdoutFd, FileAccess.Write);
        using var stderr = StdioStream(Terminal.StderrFd, FileAccess.Write);
        bool interactive = request.Tty && Terminal.IsTerminal(Terminal.StdinFd);
        using var raw = interactive ? Terminal.EnterRawMode(Terminal.StdinFd) : null;
        var sizeFd = Terminal.IsTerminal(Terminal.StdoutFd) ? Terminal.StdoutFd : Terminal.StdinFd;
        return await RunAsync(request, stdin, stdout, stderr,
            request.Tty ? () => Terminal.GetWindowSize(sizeFd) : null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the request with explicit streams. <paramref name="stdin"/> null = no stdin attached;
    /// at its end the process sees EOF. With a TTY, all output goes to <paramref name="stdout"/>.
    /// <paramref name="windowSize"/> (TTY only) is applied at creation and on every SIGWINCH.
    /// </summary>
    public async Task<int> RunAsync(DockerExecRequest request, Stream? stdin, Stream stdout, Stream stderr,
        Func<(int Rows, int Columns)?>? windowSize = null, CancellationToken ct = default)
    {
        var size = request.Tty ? windowSize?.Invoke() : null;
        var execId = client.CreateExec(request.ContainerId, new ExecCreateRequest
        {
            ConsoleSize = size is (int r, int c) && r > 0 && c > 0 ? [r, c] : null,
            AttachStdin = stdin != null,
            AttachStdout = true,
            AttachStderr = true,
            Tty = request.Tty,
            Cmd = request.Argv,
            Env = request.Env.Count > 0 ? request.Env : null,
            User = string.IsNullOrEmpty(request.User) ? null : request.User,
            WorkingDir = string.IsNullOrEmpty(request.WorkDir) ? null : request.WorkDir,
        });

        using var stream = client.StartExec(execId, request.Tty);
        // Daemons before API 1.42 ignore ConsoleSize: size the TTY right away, before any output is read.
        if (size is (int rows, int columns) && rows > 0 && columns > 0)
        {
            try { client.ResizeExec(execId, rows, columns); }
            catch (DockerApiException) { } // the process may already be gone
        }
        using var stopInput = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var winch = request.Tty && windowSize != null ? FollowWindowSize(client, execId, windowSize) : null;

        // Input is not awaited at the end: a terminal read can block until the user types, and the
        // process may have finished without wanting more input. (That read, left pending, may still
        // take one keystroke typed before crashcart exits.)
        var input = stdin != null ? PumpInputAsync(stdin, stream, request.Tty, stopInput.Token) : Task.CompletedTask;
        var tail = new TailStream(stdout); // the runtime's "exec failed" message arrives as output
        try
        {
            if (request.Tty) await CopyFlushingAsync(stream, tail, ct).ConfigureAwait(false);
            else await new MultiplexedStreamReader(stream).CopyToAsync(tail, stderr, ct).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new CrashcartException($"exec {execId[..12]} in container {request.ContainerId}: broken output stream: {e.Message}", e);
        }
        finally
        {
            stopInput.Cancel();
        }
        _ = input.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observe late failures
        var done = await WaitDoneAsync(execId, request.ContainerId, ct).ConfigureAwait(false);
        return DockerExecExitCode.Normalize(done.ExitCode!.Value, done.Pid, tail.Text);
    }

    // Plain read/write on fds 0-2: Console's streams reset terminal modes around reads, and
    // FileStream's pwrite ignores the offset a redirected stdout shares with other writers.
    private static Stream StdioStream(int fd, FileAccess access) => new Crashcart.Interop.StdioStream(fd, access);

    // Stdin EOF: without a TTY the write side is shut down (the tool reads EOF). With a TTY, the daemon
    // ends the whole exec stream on that shutdown and the tool's output is lost, so EOF is typed
    // the way a terminal does it instead: VEOF (Ctrl-D), which a canonical-mode pty turns into EOF.
    private static async Task PumpInputAsync(Stream stdin, HijackedStream stream, bool tty, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await stdin.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                await stream.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            if (tty) await stream.WriteAsync(new byte[] { 0x04 }, ct).ConfigureAwait(false);
            else stream.CloseWrite();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The session is over or the daemon closed the stream: nothing to deliver input to.
        }
    }

    private static async Task CopyFlushingAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[32 * 1024];
        int n;
        while ((n = await from.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            await to.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    private static IDisposable FollowWindowSize(DockerClient client, string execId, Func<(int Rows, int Columns)?> windowSize)
    {
        void Resize()
        {
            if (windowSize() is not (int rows, int columns) || rows <= 0 || columns <= 0) return;
            // Off the signal thread; a resize racing the end of the process may fail, which is harmless.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                try { client.ResizeExec(execId, rows, columns); }
                catch (CrashcartException) { }
            });
        }
        return PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => Resize());
    }

    private async Task<ExecDetails> WaitDoneAsync(string execId, string container, CancellationToken ct)
    {
        // The stream can end a moment before the daemon has recorded the exit code.
        var deadline = DateTime.UtcNow + ExitCodeWait;
        while (true)
        {
            var info = client.InspectExec(execId);
            if (!info.Running && info.ExitCode != null) return info;
            if (DateTime.UtcNow > deadline)
                throw new CrashcartException($"exec {execId[..12]} in container {container}: output ended but no exit code after {ExitCodeWait.TotalSeconds:F0} s");
            await Task.Delay(10, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Passes writes through and remembers the last <see cref="DockerExecExitCode.TailBytes"/> bytes.</summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        private readonly byte[] tail = new byte[DockerExecExitCode.TailBytes];
        private int length;

        public string Text => System.Text.Encoding.UTF8.GetString(tail, 0, length);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Remember(buffer.Span);
            await inner.WriteAsync(buffer, ct).ConfigureAwait(false);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Remember(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        private void Remember(ReadOnlySpan<byte> data)
        {
            if (data.Length >= tail.Length)
            {
                data[^tail.Length..].CopyTo(tail);
                length = tail.Length;
                return;
            }
            int keep = Math.Min(length, tail.Length - data.Length);
            tail.AsSpan(length - keep, keep).CopyTo(tail);
            data.CopyTo(tail.AsSpan(keep));
            length = keep + data.Length;
        }

        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
