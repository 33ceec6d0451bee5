// One entry of the program header table (Elf32_Phdr / Elf64_Phdr): what the loader maps.
namespace Crashcart.Elf;

public readonly record struct ProgramHeader(
    uint Type, uint Flags, ulong Offset, ulong VirtualAddress, ulong FileSize, ulong MemorySize)
{
    /// <summary>True if <paramref name="address"/> lies in the part of this segment backed by file bytes.</summary>
    public bool ContainsFileBacked(ulong address) =>
        address >= VirtualAddress && address - VirtualAddress < FileSize;
}
