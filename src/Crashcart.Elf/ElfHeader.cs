// The ELF file header (Elf32_Ehdr / Elf64_Ehdr): only the fields the reader needs.
namespace Crashcart.Elf;

/// <summary>Identity and program-header table location of an ELF file.</summary>
public sealed record ElfHeader(
    bool Is64Bit,
    bool IsLittleEndian,
    ushort Type,
    ushort Machine,
    ulong Entry,
    ulong ProgramHeaderOffset,
    ushort ProgramHeaderEntrySize,
    ushort ProgramHeaderCount);
