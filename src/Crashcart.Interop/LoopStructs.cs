// Layouts and ioctl numbers from <linux/loop.h>, proven against the C headers by InteropLayoutTests.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static class LoopConstants
{
    public const uint LOOP_CTL_GET_FREE = 0x4C82;
    public const uint LOOP_CONFIGURE = 0x4C0A;
    public const uint LOOP_GET_STATUS64 = 0x4C05;
    public const uint LO_FLAGS_READ_ONLY = 1;
    public const uint LO_FLAGS_AUTOCLEAR = 4;
    public const int LO_NAME_SIZE = 64;
    public const int LO_KEY_SIZE = 32;
}

/// <summary>struct loop_info64 (232 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct LoopInfo64
{
    public ulong Device;
    public ulong Inode;
    public ulong RDevice;
    public ulong Offset;
    public ulong SizeLimit;
    public uint Number;
    public uint EncryptType;
    public uint EncryptKeySize;
    public uint Flags;
    public fixed byte FileName[LoopConstants.LO_NAME_SIZE];
    public fixed byte CryptName[LoopConstants.LO_NAME_SIZE];
    public fixed byte EncryptKey[LoopConstants.LO_KEY_SIZE];
    public fixed ulong Init[2];
}

/// <summary>struct loop_config (304 bytes): the LOOP_CONFIGURE argument.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct LoopConfig
{
    public uint Fd;
    public uint BlockSize;
    public LoopInfo64 Info;
    public fixed ulong Reserved[8];
}
