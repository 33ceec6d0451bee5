// Numeric constants of the ELF format (System V gABI, <elf.h>) used by the reader.
namespace Crashcart.Elf;

public static class ElfConstants
{
    /// <summary>The four bytes every ELF file starts with: 0x7F 'E' 'L' 'F'.</summary>
    public static ReadOnlySpan<byte> Magic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    public const byte ElfClass32 = 1, ElfClass64 = 2;
    public const byte ElfData2Lsb = 1, ElfData2Msb = 2;

    public const ushort ET_EXEC = 2, ET_DYN = 3;
    public const ushort EM_386 = 3, EM_ARM = 40, EM_X86_64 = 62, EM_AARCH64 = 183;

    public const uint PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3;

    public const long DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_SONAME = 14,
        DT_RPATH = 15, DT_RUNPATH = 29, DT_FLAGS_1 = 0x6FFFFFFB;

    /// <summary>DT_FLAGS_1 bit set on position-independent executables.</summary>
    public const ulong DF_1_PIE = 0x08000000;
}
