// Reads what a dynamic loader reads from an ELF file: header, program headers, PT_INTERP and the
// dynamic section, with its strings found through DT_STRTAB mapped via the PT_LOAD segments.
// Sections are never consulted, so stripped binaries read the same as unstripped ones.
using System.Text;
using static Crashcart.Elf.ElfConstants;

namespace Crashcart.Elf;

/// <summary>The loader-relevant view of one ELF object. Malformed or truncated input throws <see cref="InvalidDataException"/>.</summary>
public sealed class ElfFile
{
    // Sanity caps so a hostile file cannot make us allocate gigabytes.
    private const ulong MaxDynamicBytes = 1 << 20;
    private const ulong MaxStringTableBytes = 64 << 20;
    private const ulong MaxInterpreterBytes = 4096;

    public ElfHeader Header { get; }
    public IReadOnlyList<ProgramHeader> ProgramHeaders { get; }
    /// <summary>PT_INTERP: the program interpreter (dynamic loader) path, or null.</summary>
    public string? Interpreter { get; }
    /// <summary>PT_DYNAMIC entries up to (excluding) DT_NULL; empty for static objects.</summary>
    public IReadOnlyList<DynamicEntry> DynamicEntries { get; }
    /// <summary>DT_NEEDED names in file order.</summary>
    public IReadOnlyList<string> Needed { get; }
    public string? Soname { get; }
    /// <summary>DT_RPATH as written (':'-separated, may contain $ORIGIN), or null.</summary>
    public string? Rpath { get; }
    /// <summary>DT_RUNPATH as written, or null. When present, the loader ignores DT_RPATH.</summary>
    public string? Runpath { get; }

    public bool IsDynamic => DynamicEntries.Count > 0;

    private ElfFile(ElfHeader header, IReadOnlyList<ProgramHeader> phdrs, string? interp,
        IReadOnlyList<DynamicEntry> dyn, IReadOnlyList<string> needed, string? soname, string? rpath, string? runpath)
    {
        Header = header; ProgramHeaders = phdrs; Interpreter = interp; DynamicEntries = dyn;
        Needed = needed; Soname = soname; Rpath = rpath; Runpath = runpath;
    }

    /// <summary>True if <paramref name="start"/> begins with the ELF magic.</summary>
    public static bool HasElfMagic(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    public static ElfFile Read(byte[] bytes) => Read(new MemoryStream(bytes, writable: false));

    /// <summary>Parses a seekable stream positioned anywhere; the stream is not disposed.</summary>
    public static ElfFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("ELF stream must be seekable", nameof(stream));
        if (stream.Length < 16) throw new InvalidDataException($"ELF truncated: {stream.Length} bytes is shorter than e_ident");
        var ident = new byte[16];
        stream.Position = 0;
        stream.ReadExactly(ident);
        if (!HasElfMagic(ident)) throw new InvalidDataException("not an ELF file: bad magic");
        bool is64 = ident[4] switch
        {
            ElfClass64 => true,
            ElfClass32 => false,
            var c => throw new InvalidDataException($"ELF: unknown class {c}"),
        };
        bool little = ident[5] switch
        {
            ElfData2Lsb => true,
            ElfData2Msb => false,
            var d => throw new InvalidDataException($"ELF: unknown data encoding {d}"),
        };
        var r = new ElfByteReader(stream, little, is64);
        var header = ReadHeader(r);
        var phdrs = ReadProgramHeaders(r, header);
        string? interp = ReadInterpreter(r, phdrs);
        var dyn = ReadDynamic(r, phdrs);

        var needed = new List<string>();
        string? soname = null, rpath = null, runpath = null;
        if (dyn.Count > 0)
        {
            var strtab = ReadStringTable(r, phdrs, dyn);
            foreach (var e in dyn)
            {
                switch (e.Tag)
                {
                    case DT_NEEDED: needed.Add(StringAt(strtab, e.Value, "DT_NEEDED")); break;
                    case DT_SONAME: soname = StringAt(strtab, e.Value, "DT_SONAME"); break;
                    case DT_RPATH: rpath = StringAt(strtab, e.Value, "DT_RPATH"); break;
                    case DT_RUNPATH: runpath = StringAt(strtab, e.Value, "DT_RUNPATH"); break;
                }
            }
        }
        return new ElfFile(header, phdrs, interp, dyn, needed, soname, rpath, runpath);
    }

    private static ElfHeader ReadHeader(ElfByteReader r)
    {
        int size = r.Is64 ? 64 : 52;
        var b = r.ReadAt(0, (ulong)size, "ELF header");
        ushort type = r.U16(b, 16), machine = r.U16(b, 18);
        ulong entry = r.Word(b, 24);
        ulong phoff = r.Is64 ? r.U64(b, 32) : r.U32(b, 28);
        ushort phentsize = r.U16(b, r.Is64 ? 54 : 42);
        ushort phnum = r.U16(b, r.Is64 ? 56 : 44);
        int minEntry = r.Is64 ? 56 : 32;
        if (phnum > 0 && phentsize < minEntry)
            throw new InvalidDataException($"ELF: program header entry size {phentsize} is smaller than {minEntry}");
        if (phnum == 0xFFFF)
            throw new InvalidDataException("ELF: extended program header numbering (PN_XNUM) is not supported");
        return new ElfHeader(r.Is64, b[5] == ElfData2Lsb, type, machine, entry, phoff, phentsize, phnum);
    }

    private static List<ProgramHeader> ReadProgramHeaders(ElfByteReader r, ElfHeader h)
    {
        var list = new List<ProgramHeader>(h.ProgramHeaderCount);
        if (h.ProgramHeaderCount == 0) return list;
        var table = r.ReadAt(h.ProgramHeaderOffset, (ulong)h.ProgramHeaderEntrySize * h.ProgramHeaderCount, "program header table");
        for (int i = 0; i < h.ProgramHeaderCount; i++)
        {
            var e = table.AsSpan(i * h.ProgramHeaderEntrySize, h.ProgramHeaderEntrySize);
            list.Add(r.Is64
                ? new ProgramHeader(r.U32(e, 0), r.U32(e, 4), r.U64(e, 8), r.U64(e, 16), r.U64(e, 32), r.U64(e, 40))
                : new ProgramHeader(r.U32(e, 0), r.U32(e, 24), r.U32(e, 4), r.U32(e, 8), r.U32(e, 16), r.U32(e, 20)));
        }
        return list;
    }

    private static string? ReadInterpreter(ElfByteReader r, List<ProgramHeader> phdrs)
    {
        foreach (var p in phdrs)
        {
            if (p.Type != PT_INTERP) continue;
            if (p.FileSize == 0 || p.FileSize > MaxInterpreterBytes)
                throw new InvalidDataException($"ELF: PT_INTERP size {p.FileSize} is out of range");
            var b = r.ReadAt(p.Offset, p.FileSize, "PT_INTERP");
            int nul = Array.IndexOf(b, (byte)0);
            return Encoding.UTF8.GetString(b, 0, nul < 0 ? b.Length : nul);
        }
        return null;
    }

    private static List<DynamicEntry> ReadDynamic(ElfByteReader r, List<ProgramHeader> phdrs)
    {
        var list = new List<DynamicEntry>();
        var dynamic = phdrs.FirstOrDefault(p => p.Type == PT_DYNAMIC);
        if (dynamic.Type != PT_DYNAMIC) return list;
        if (dynamic.FileSize > MaxDynamicBytes)
            throw new InvalidDataException($"ELF: PT_DYNAMIC size {dynamic.FileSize} is out of range");
        var b = r.ReadAt(dynamic.Offset, dynamic.FileSize, "PT_DYNAMIC");
        int entrySize = r.Is64 ? 16 : 8;
        for (int at = 0; at + entrySize <= b.Length; at += entrySize)
        {
            long tag = r.Is64 ? (long)r.U64(b, at) : (int)r.U32(b, at);
            if (tag == DT_NULL) break;
            list.Add(new DynamicEntry(tag, r.Word(b, at + entrySize / 2)));
        }
        return list;
    }

    private static byte[] ReadStringTable(ElfByteReader r, List<ProgramHeader> phdrs, List<DynamicEntry> dyn)
    {
        ulong? addr = null, size = null;
        foreach (var e in dyn)
        {
            if (e.Tag == DT_STRTAB) addr = e.Value;
            else if (e.Tag == DT_STRSZ) size = e.Value;
        }
        if (addr is null)
            throw new InvalidDataException("ELF: dynamic section has no DT_STRTAB");
        // DT_STRTAB is a virtual address: find the file-backed PT_LOAD that holds it.
        var load = phdrs.FirstOrDefault(p => p.Type == PT_LOAD && p.ContainsFileBacked(addr.Value));
        if (load.Type != PT_LOAD)
            throw new InvalidDataException($"ELF: DT_STRTAB address 0x{addr.Value:x} is not inside any PT_LOAD segment");
        ulong offset = load.Offset + (addr.Value - load.VirtualAddress);
        ulong available = load.FileSize - (addr.Value - load.VirtualAddress);
        // DT_STRSZ may run past the end of the segment holding DT_STRTAB: patchelf puts a grown table in a new
        // segment right before an existing one, contiguous in memory and in the file. The loader only sees
        // memory, so we read DT_STRSZ bytes from the file (bounded by the file), not by the segment.
        ulong inFile = (ulong)r.Length > offset ? (ulong)r.Length - offset : 0;
        ulong length = Math.Min(size ?? available, inFile);
        if (length > MaxStringTableBytes)
            throw new InvalidDataException($"ELF: DT_STRSZ {length} is out of range");
        return r.ReadAt(offset, length, "dynamic string table");
    }

    private static string StringAt(byte[] strtab, ulong offset, string tag)
    {
        if (offset >= (ulong)strtab.Length)
            throw new InvalidDataException($"ELF: {tag} string offset {offset} is beyond the string table ({strtab.Length} bytes)");
        var rest = strtab.AsSpan((int)offset);
        int nul = rest.IndexOf((byte)0);
        if (nul < 0) throw new InvalidDataException($"ELF: {tag} string at offset {offset} is not NUL-terminated");
        return Encoding.UTF8.GetString(rest[..nul]);
    }
}
