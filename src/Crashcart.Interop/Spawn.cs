// posix_spawn: starts the command from the calling thread, so it inherits that thread's namespaces,
// root, cwd and credentials (fork would copy a multithreaded runtime; posix_spawn is vfork+exec).
// Signals are reset to default and unblocked in the child (.NET ignores SIGPIPE, which exec would keep).
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static unsafe partial class Spawn
{
    private const short POSIX_SPAWN_SETPGROUP = 0x02, POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08;
    // glibc's posix_spawnattr_t is 336 bytes and posix_spawn_file_actions_t 80 on 64-bit; room to spare.
    private const int OpaqueSize = 1024, SigsetSize = 128;

    /// <summary>
    /// Spawns <paramref name="path"/>. With <paramref name="newProcessGroup"/> the child leads its own
    /// process group; with <paramref name="foregroundTty"/> ≥ 0 it also becomes that terminal's foreground
    /// group before exec (race-free, done by glibc in the child). Returns 0 and the pid, or the errno
    /// exec failed with (ENOENT, EACCES, ENOEXEC...): the caller maps that to exit 126/127.
    /// </summary>
    public static int Start(string path, IReadOnlyList<string> argv, IReadOnlyList<string> env,
        bool newProcessGroup, int foregroundTty, out int pid)
    {
        pid = 0;
        byte* attr = (byte*)NativeMemory.AllocZeroed(OpaqueSize);
        byte* actions = (byte*)NativeMemory.AllocZeroed(OpaqueSize);
        byte* sigs = (byte*)NativeMemory.AllocZeroed(SigsetSize);
        byte** nargv = ToNative(argv);
        byte** nenv = ToNative(env);
        byte* npath = ToNative(path);
        try
        {
            Check(posix_spawnattr_init(attr), "posix_spawnattr_init", path);
            Check(posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init", path);
            short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
            if (newProcessGroup || foregroundTty >= 0) flags |= POSIX_SPAWN_SETPGROUP;
            sigfillset(sigs);
            Check(posix_spawnattr_setsigdefault(attr, sigs), "posix_spawnattr_setsigdefault", path);
            sigemptyset(sigs);
            Check(posix_spawnattr_setsigmask(attr, sigs), "posix_spawnattr_setsigmask", path);
            Check(posix_spawnattr_setpgroup(attr, 0), "posix_spawnattr_setpgroup", path);
            Check(posix_spawnattr_setflags(attr, flags), "posix_spawnattr_setflags", path);
            if (foregroundTty >= 0)
                Check(posix_spawn_file_actions_addtcsetpgrp_np(actions, foregroundTty), "posix_spawn_file_actions_addtcsetpgrp_np", path);
            int p;
            int rc = posix_spawn(&p, npath, actions, attr, nargv, nenv);
            if (rc == 0) pid = p;
            return rc;
        }
        finally
        {
            posix_spawn_file_actions_destroy(actions);
            posix_spawnattr_destroy(attr);
            NativeMemory.Free(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(sigs);
            FreeNative(nargv);
            FreeNative(nenv);
            NativeMemory.Free(npath);
        }
    }

    private static void Check(int rc, string op, string path)
    {
        if (rc != 0) throw new SyscallException(op, path, rc);
    }

    private static byte* ToNative(string s)
    {
        int n = System.Text.Encoding.UTF8.GetByteCount(s);
        byte* p = (byte*)NativeMemory.Alloc((nuint)n + 1);
        System.Text.Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
        p[n] = 0;
        return p;
    }

    private static byte** ToNative(IReadOnlyList<string> list)
    {
        byte** arr = (byte**)NativeMemory.AllocZeroed((nuint)(list.Count + 1), (nuint)sizeof(byte*));
        for (int i = 0; i < list.Count; i++) arr[i] = ToNative(list[i]);
        return arr;
    }

    private static void FreeNative(byte** arr)
    {
        for (byte** p = arr; *p != null; p++) NativeMemory.Free(*p);
        NativeMemory.Free(arr);
    }

    [LibraryImport("libc")] private static partial int posix_spawn(int* pid, byte* path, byte* fileActions, byte* attrp, byte** argv, byte** envp);
    [LibraryImport("libc")] private static partial int posix_spawnattr_init(byte* attr);
    [LibraryImport("libc")] private static partial int posix_spawnattr_destroy(byte* attr);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setflags(byte* attr, short flags);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setsigdefault(byte* attr, byte* sigset);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setsigmask(byte* attr, byte* sigset);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setpgroup(byte* attr, int pgroup);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_init(byte* actions);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_destroy(byte* actions);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_addtcsetpgrp_np(byte* actions, int tcfd);
    [LibraryImport("libc")] private static partial int sigfillset(byte* set);
    [LibraryImport("libc")] private static partial int sigemptyset(byte* set);
}
