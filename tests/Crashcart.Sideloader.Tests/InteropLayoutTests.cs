// Proves that the managed struct layouts, ioctl numbers and constants in Crashcart.Interop match
// the kernel and glibc headers: a C program with _Static_assert(...) lines generated from the
// managed values must compile (the approach of Tmds.LibC).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Crashcart.Interop;
using Crashcart.TestSupport;
using NS = Crashcart.Interop.Namespaces;

namespace Crashcart.Sideloader.Tests;

public class InteropLayoutTests
{
    private static string Assert(string expr, object value) => $"_Static_assert(({expr}) == {value}, \"{expr.Replace("\"", "'")} != {value}\");";

    [SkippableFact]
    public void Structs_and_constants_match_the_C_headers()
    {
        Prerequisites.RequireTool("gcc");
        var lines = new List<string>
        {
            "#define _GNU_SOURCE",
            "#include <stddef.h>", "#include <fcntl.h>", "#include <sched.h>", "#include <spawn.h>", "#include <signal.h>",
            "#include <sys/syscall.h>", "#include <sys/statfs.h>", "#include <sys/file.h>", "#include <sys/mount.h>",
            "#include <linux/loop.h>", "#include <linux/openat2.h>", "#include <linux/stat.h>", "#include <errno.h>",
            Assert("sizeof(struct loop_info64)", Unsafe.SizeOf<LoopInfo64>()),
            Assert("sizeof(struct loop_config)", Unsafe.SizeOf<LoopConfig>()),
            Assert("offsetof(struct loop_config, info)", Marshal.OffsetOf<LoopConfig>(nameof(LoopConfig.Info))),
            Assert("offsetof(struct loop_config, block_size)", Marshal.OffsetOf<LoopConfig>(nameof(LoopConfig.BlockSize))),
            Assert("offsetof(struct loop_info64, lo_flags)", Marshal.OffsetOf<LoopInfo64>(nameof(LoopInfo64.Flags))),
            Assert("offsetof(struct loop_info64, lo_file_name)", Marshal.OffsetOf<LoopInfo64>(nameof(LoopInfo64.FileName))),
            Assert("offsetof(struct loop_info64, lo_init)", Marshal.OffsetOf<LoopInfo64>(nameof(LoopInfo64.Init))),
            Assert("LOOP_CTL_GET_FREE", LoopConstants.LOOP_CTL_GET_FREE),
            Assert("LOOP_CONFIGURE", LoopConstants.LOOP_CONFIGURE),
            Assert("LOOP_GET_STATUS64", LoopConstants.LOOP_GET_STATUS64),
            Assert("LO_FLAGS_READ_ONLY", LoopConstants.LO_FLAGS_READ_ONLY),
            Assert("LO_FLAGS_AUTOCLEAR", LoopConstants.LO_FLAGS_AUTOCLEAR),
            Assert("LO_NAME_SIZE", LoopConstants.LO_NAME_SIZE),
            Assert("MOUNT_ATTR_RDONLY", Mounts.MOUNT_ATTR_RDONLY),
            Assert("MOUNT_ATTR_NOSUID", Mounts.MOUNT_ATTR_NOSUID),
            Assert("MOUNT_ATTR_NODEV", Mounts.MOUNT_ATTR_NODEV),
            Assert("MOUNT_ATTR_NOEXEC", Mounts.MOUNT_ATTR_NOEXEC),
            Assert("MNT_DETACH", Mounts.MNT_DETACH),
            Assert("UMOUNT_NOFOLLOW", Mounts.UMOUNT_NOFOLLOW),
            Assert("FSCONFIG_CMD_CREATE", 6), Assert("FSCONFIG_CMD_RECONFIGURE", 7), Assert("FSCONFIG_SET_STRING", 1),
            Assert("MOVE_MOUNT_F_EMPTY_PATH", 4),
            Assert("sizeof(struct mount_attr)", 32),
            Assert("sizeof(struct open_how)", 24),
            Assert("RESOLVE_IN_ROOT", Files.RESOLVE_IN_ROOT),
            Assert("RESOLVE_NO_MAGICLINKS", Files.RESOLVE_NO_MAGICLINKS),
            Assert("O_PATH", Files.O_PATH), Assert("O_CLOEXEC", Files.O_CLOEXEC), Assert("O_DIRECTORY", Files.O_DIRECTORY),
            Assert("O_NOFOLLOW", Files.O_NOFOLLOW), Assert("O_CREAT", Files.O_CREAT), Assert("AT_FDCWD", Files.AT_FDCWD),
            Assert("CLONE_FS", NS.CLONE_FS), Assert("CLONE_NEWNS", NS.CLONE_NEWNS),
            Assert("CLONE_NEWPID", NS.CLONE_NEWPID), Assert("CLONE_NEWNET", NS.CLONE_NEWNET),
            Assert("CLONE_NEWIPC", NS.CLONE_NEWIPC), Assert("CLONE_NEWUTS", NS.CLONE_NEWUTS),
            Assert("CLONE_NEWCGROUP", NS.CLONE_NEWCGROUP), Assert("CLONE_NEWUSER", NS.CLONE_NEWUSER),
            Assert("SYS_pidfd_open", 434), Assert("SYS_pidfd_send_signal", 424), Assert("SYS_fsopen", 430),
            Assert("SYS_fsconfig", 431), Assert("SYS_fsmount", 432), Assert("SYS_fspick", 433), Assert("SYS_move_mount", 429),
            Assert("SYS_openat2", 437), Assert("SYS_mount_setattr", 442),
            Assert("SYS_setresuid", RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 147 : 117),
            Assert("SYS_setresgid", RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 149 : 119),
            Assert("SYS_setgroups", RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 159 : 116),
            Assert("sizeof(posix_spawnattr_t) <= 1024", 1), Assert("sizeof(posix_spawn_file_actions_t) <= 1024", 1),
            Assert("sizeof(sigset_t) <= 128", 1),
            Assert("sizeof(struct statfs)", 120), Assert("offsetof(struct statfs, f_type)", 0),
            Assert("offsetof(struct statx, stx_mode)", 28), Assert("sizeof(struct statx)", 256),
            Assert("SIGTTOU", Processes.SIGTTOU), Assert("SIGWINCH", Processes.SIGWINCH), Assert("SIGKILL", Processes.SIGKILL),
            Assert("EROFS", Errnos.EROFS), Assert("EBUSY", Errnos.EBUSY), Assert("ENXIO", Errnos.ENXIO), Assert("ENOEXEC", Errnos.ENOEXEC),
            Assert("POSIX_SPAWN_SETPGROUP", 2), Assert("POSIX_SPAWN_SETSIGDEF", 4), Assert("POSIX_SPAWN_SETSIGMASK", 8),
            Assert("LOCK_EX", 2), Assert("LOCK_NB", 4),
        };
        using var dir = new TempDir("crashcart-layout");
        var src = dir.Combine("layout.c");
        File.WriteAllText(src, string.Join('\n', lines) + "\nint main(void) { return 0; }\n");
        var r = Exec.Run("gcc", ["-fsyntax-only", "-Wall", src]);
        Xunit.Assert.True(r.ExitCode == 0, $"layout mismatch:\n{r.Stderr}");
    }

    [SkippableFact]
    public void A_deliberately_wrong_size_fails_to_compile()
    {
        // Guards the test above against asserting nothing (e.g. a header silently missing).
        Prerequisites.RequireTool("gcc");
        using var dir = new TempDir("crashcart-layout");
        var src = dir.Combine("wrong.c");
        File.WriteAllText(src, "#include <linux/loop.h>\n" + Assert("sizeof(struct loop_config)", Unsafe.SizeOf<LoopConfig>() + 8) + "\nint main(void){return 0;}\n");
        Xunit.Assert.NotEqual(0, Exec.Run("gcc", ["-fsyntax-only", src]).ExitCode);
    }
}
