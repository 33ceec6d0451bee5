// Bounds-checked, endianness-aware reads of ELF fields from a seekable stream.
using System.Buffers.Binary;

namespace Crashcart.Elf;

internal sealed class ElfByteReader(Stream stream, bool littleEndian, bool is64)
{
    public long Length { get; } = stream.Length;
    public bool Is64 => is64;

    /// <summary>Reads exactly <paramref name="count"/> bytes at <paramref name="offset"/>, or throws InvalidDataException naming <paramref name="what"/>.</summary>
    public byte[] ReadAt(ulong offset, ulong count, string what)
    {
        if (offset > (ulong)Length || count > (ulong)Length - offset)
            throw new InvalidDataException($"ELF truncated: {what} at offset {offset} (+{count} bytes) lies beyond the end of the file ({Length} bytes)");
        var buf = new byte[count];
        stream.Position = (long)offset;
        stream.ReadExactly(buf);
        return buf;
    }

    public ushort U16(ReadOnlySpan<byte> b, int at) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[at..]);

    public uint U32(ReadOnlySpan<byte> b, int at) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[at..]);

    public ulong U64(ReadOnlySpan<byte> b, int at) =>
        littleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt64BigEndian(b[at..]);

    /// <summary>An address/offset-sized field: 8 bytes in ELF64, 4 in ELF32.</summary>
    public ulong Word(ReadOnlySpan<byte> b, int at) => is64 ? U64(b, at) : U32(b, at);
}
