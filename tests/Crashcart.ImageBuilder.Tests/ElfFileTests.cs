// ElfFile against real host binaries and hand-crafted byte arrays (malformed, truncated, section-less).
using System.Buffers.Binary;
using System.Text;
using Crashcart.Elf;

namespace Crashcart.ImageBuilder.Tests;

public class ElfFileTests
{
    private static ElfFile ReadHost(string path)
    {
        using var fs = File.OpenRead(path);
        return ElfFile.Read(fs);
    }

    [Fact]
    public void Bash_HasInterpreterAndNeedsLibc()
    {
        var elf = ReadHost("/bin/bash");
        Assert.True(elf.Header.Is64Bit);
        Assert.True(elf.Header.IsLittleEndian);
        Assert.Equal(ElfConstants.EM_X86_64, elf.Header.Machine);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", elf.Interpreter);
        Assert.Contains("libc.so.6", elf.Needed);
        Assert.Contains("libtinfo.so.6", elf.Needed);
        Assert.True(elf.IsDynamic);
    }

    [Fact]
    public void Libc_HasSonameAndNeedsTheLoader()
    {
        var elf = ReadHost("/lib/x86_64-linux-gnu/libc.so.6");
        Assert.Equal("libc.so.6", elf.Soname);
        Assert.Contains("ld-linux-x86-64.so.2", elf.Needed);
    }

    [Fact]
    public void StaticBinary_IsNotDynamic()
    {
        var elf = ReadHost("/bin/busybox");
        Assert.Null(elf.Interpreter);
        Assert.Empty(elf.Needed);
    }

    [Fact]
    public void Crafted_ReadsInterpNeededRunpathThroughLoadMapping()
    {
        var elf = ElfFile.Read(CraftedElf.Build());
        Assert.Equal("/lib/ld-test.so.1", elf.Interpreter);
        Assert.Equal(["libfoo.so.1", "libc.so.6"], elf.Needed);
        Assert.Equal("$ORIGIN/../lib", elf.Runpath);
        Assert.Null(elf.Rpath);
        Assert.Equal("libcrafted.so", elf.Soname);
        Assert.Equal(ElfConstants.ET_DYN, elf.Header.Type);
    }

    [Fact]
    public void BadMagic_IsInvalidData()
    {
        var bytes = CraftedElf.Build();
        bytes[1] = (byte)'X';
        var e = Assert.Throws<InvalidDataException>(() => ElfFile.Read(bytes));
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void TextFile_IsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => ElfFile.Read(Encoding.ASCII.GetBytes("#!/bin/sh\necho hello\n")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(40)]   // inside the ELF header
    [InlineData(100)]  // inside the program header table
    [InlineData(310)]  // inside PT_INTERP
    [InlineData(450)]  // inside PT_DYNAMIC
    [InlineData(620)]  // inside the string table
    public void Truncated_IsInvalidData(int length)
    {
        var bytes = CraftedElf.Build()[..length];
        Assert.Throws<InvalidDataException>(() => ElfFile.Read(bytes));
    }

    [Fact]
    public void TruncatedRealBinary_IsInvalidData()
    {
        var bytes = File.ReadAllBytes("/bin/bash")[..4096];
        Assert.Throws<InvalidDataException>(() => ElfFile.Read(bytes));
    }

    [Fact]
    public void StrtabOutsideAnyLoadSegment_IsInvalidData()
    {
        var bytes = CraftedElf.Build(strtabVaddr: 0x900000);
        var e = Assert.Throws<InvalidDataException>(() => ElfFile.Read(bytes));
        Assert.Contains("DT_STRTAB", e.Message);
    }

    [Fact]
    public void StringOffsetBeyondTable_IsInvalidData()
    {
        var bytes = CraftedElf.Build(strsz: 5);
        var e = Assert.Throws<InvalidDataException>(() => ElfFile.Read(bytes));
        Assert.Contains("DT_NEEDED", e.Message);
    }

    [Fact]
    public void UnknownClass_IsInvalidData()
    {
        var bytes = CraftedElf.Build();
        bytes[4] = 7;
        Assert.Throws<InvalidDataException>(() => ElfFile.Read(bytes));
    }

    [Fact]
    public void PatchelfGrownStringTable_IsReadBeyondItsSegment()
    {
        // patchelf moves a grown .dynstr into a new segment just below the first one; DT_STRSZ then
        // extends past that segment's end (seen with non-PIE gawk). The reader must still find the strings.
        using var tmp = new Crashcart.TestSupport.TempDir("crashcart-elf");
        string copy = tmp.Combine("gawk");
        File.Copy("/usr/bin/gawk", copy);
        string longPath = "/dev/crashcart/" + new string('x', 200) + "/lib";
        Crashcart.TestSupport.Exec.Check("patchelf", "--set-rpath", longPath, copy);
        Assert.Equal(longPath, ReadHost(copy).Runpath);
    }
}

/// <summary>A minimal section-less ELF64 LE shared object: PT_LOAD at vaddr 0x1000 over file offset 0.</summary>
internal static class CraftedElf
{
    public const ulong LoadVaddr = 0x1000;

    public static byte[] Build(ulong? strtabVaddr = null, ulong? strsz = null)
    {
        var b = new byte[1024];
        var s = b.AsSpan();
        s[0] = 0x7F; s[1] = (byte)'E'; s[2] = (byte)'L'; s[3] = (byte)'F';
        s[4] = 2; s[5] = 1; s[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 3);   // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(s[18..], 62);  // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(s[32..], 64);  // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(s[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(s[54..], 56);  // e_phentsize
        BinaryPrimitives.WriteUInt16LittleEndian(s[56..], 3);   // e_phnum

        byte[] interp = Encoding.ASCII.GetBytes("/lib/ld-test.so.1\0");
        byte[] strtab = Encoding.ASCII.GetBytes("\0libfoo.so.1\0libc.so.6\0$ORIGIN/../lib\0libcrafted.so\0");
        Phdr(s, 0, type: 1, offset: 0, vaddr: LoadVaddr, size: 1024);       // PT_LOAD
        Phdr(s, 1, type: 3, offset: 300, vaddr: LoadVaddr + 300, size: (ulong)interp.Length); // PT_INTERP
        Phdr(s, 2, type: 2, offset: 400, vaddr: LoadVaddr + 400, size: 16 * 7); // PT_DYNAMIC
        interp.CopyTo(s[300..]);
        strtab.CopyTo(s[600..]);
        (long Tag, ulong Val)[] dyn =
        [
            (1, 1), (1, 13), (29, 23), (14, 38),
            (5, strtabVaddr ?? LoadVaddr + 600), (10, strsz ?? (ulong)strtab.Length), (0, 0),
        ];
        for (int i = 0; i < dyn.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(s[(400 + i * 16)..], dyn[i].Tag);
            BinaryPrimitives.WriteUInt64LittleEndian(s[(408 + i * 16)..], dyn[i].Val);
        }
        return b;
    }

    private static void Phdr(Span<byte> s, int index, uint type, ulong offset, ulong vaddr, ulong size)
    {
        var p = s[(64 + index * 56)..];
        BinaryPrimitives.WriteUInt32LittleEndian(p, type);
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], 4);
        BinaryPrimitives.WriteUInt64LittleEndian(p[8..], offset);
        BinaryPrimitives.WriteUInt64LittleEndian(p[16..], vaddr);
        BinaryPrimitives.WriteUInt64LittleEndian(p[24..], vaddr);
        BinaryPrimitives.WriteUInt64LittleEndian(p[32..], size);
        BinaryPrimitives.WriteUInt64LittleEndian(p[40..], size);
    }
}
