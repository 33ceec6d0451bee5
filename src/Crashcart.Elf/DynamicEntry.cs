// One entry of the dynamic section (Elf32_Dyn / Elf64_Dyn): a tag and its value or address.
namespace Crashcart.Elf;

public readonly record struct DynamicEntry(long Tag, ulong Value);
