// Ext3Image against images made by mke2fs (golden files from another implementation), Verify()
// on good and deliberately corrupted images, and Ext3Probe's verdicts.
using System.Buffers.Binary;
using Crashcart.Ext3.Format;
using Crashcart.Ext3.Tests.Support;
using Crashcart.TestSupport;
using static Crashcart.Ext3.Tests.Support.TestEntries;

namespace Crashcart.Ext3.Tests;

public class ReaderTests
{
    /// <summary>A host directory with a bit of everything mke2fs -d copies (no root needed).</summary>
    private static void MakeSourceDir(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "sub/deeper"));
        System.IO.File.WriteAllText(Path.Combine(dir, "hello.txt"), "hello from mke2fs\n");
        System.IO.File.WriteAllBytes(Path.Combine(dir, "sub/big.bin"), Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray());
        System.IO.File.CreateSymbolicLink(Path.Combine(dir, "sub/link"), "../hello.txt");
        System.IO.File.CreateSymbolicLink(Path.Combine(dir, "sub/longlink"), new string('L', 120));
        for (int i = 0; i < 300; i++) System.IO.File.WriteAllText(Path.Combine(dir, $"sub/deeper/f{i:D3}"), new string('z', i));
    }

    private static string Mke2fs(TempDir tmp, string type, string size = "16M")
    {
        Prerequisites.RequireTool("mke2fs");
        var src = tmp.Combine("src");
        MakeSourceDir(src);
        var img = tmp.Combine($"{type}.img");
        Exec.Check("mke2fs", "-q", "-t", type, "-d", src, "-F", img, size);
        return img;
    }

    [SkippableTheory]
    [InlineData("ext3")]
    [InlineData("ext2")]
    [InlineData("ext4")]
    public void ReadsMke2fsImages(string type)
    {
        using var tmp = new TempDir("ext3-reader");
        var path = Mke2fs(tmp, type);
        using var img = Ext3Image.Open(System.IO.File.OpenRead(path));
        Assert.Equal(type != "ext2", img.Superblock.HasJournal);
        var root = img.List("/").Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(["hello.txt", "lost+found", "sub"], root);
        using (var f = img.OpenFile("/hello.txt")) Assert.Equal("hello from mke2fs\n", new StreamReader(f).ReadToEnd());
        using (var f = img.OpenFile("/sub/big.bin"))
            Assert.Equal(HashOf(System.IO.File.OpenRead(tmp.Combine("src/sub/big.bin"))), HashOf(f));
        Assert.Equal("../hello.txt", img.Stat("/sub/link").SymlinkTarget);
        Assert.Equal(new string('L', 120), img.Stat("/sub/longlink").SymlinkTarget);
        Assert.Equal(300, img.List("/sub/deeper").Count());
        Assert.Equal(new string('z', 299), new StreamReader(img.OpenFile("/sub/deeper/f299")).ReadToEnd());
        Assert.Equal(Ext3FileType.Directory, img.Stat("/sub").Kind);
        Assert.Equal(3, img.Stat("/sub").LinksCount);
        if (type != "ext4") Assert.Empty(img.Verify());
    }

    [SkippableFact]
    public void Verify_FindsCorruption()
    {
        using var tmp = new TempDir("ext3-corrupt");
        var good = Mke2fs(tmp, "ext3");
        long blockBitmap, rootDirBlock, bs;
        using (var img = Ext3Image.Open(System.IO.File.OpenRead(good)))
        {
            Assert.Empty(img.Verify());
            blockBitmap = img.Groups[0].BlockBitmap;
            bs = img.BlockSize;
            rootDirBlock = img.MapBlock(img.ReadInode(2), 0);
        }

        string Corrupt(string name, Action<FileStream> damage)
        {
            var p = tmp.Combine(name);
            System.IO.File.Copy(good, p);
            using (var fs = new FileStream(p, FileMode.Open, FileAccess.ReadWrite)) damage(fs);
            using var img = Ext3Image.Open(System.IO.File.OpenRead(p));
            return string.Join("\n", img.Verify());
        }
        static void Poke(FileStream fs, long offset, Func<byte, byte> f)
        {
            fs.Position = offset; int b = fs.ReadByte(); fs.Position = offset; fs.WriteByte(f((byte)b));
        }

        // A used block (the root directory's) marked free in the bitmap.
        long rel = rootDirBlock - 1; // 1 KiB blocks from mke2fs at 16M: group 0 starts at block 1
        if (bs != 1024) rel = rootDirBlock;
        Assert.Contains("marked free", Corrupt("bitmap.img", fs => Poke(fs, blockBitmap * bs + rel / 8, b => (byte)(b & ~(1 << (int)(rel % 8))))));
        Assert.Contains("free blocks count", Corrupt("count.img", fs =>
        {
            var buf = new byte[4]; fs.Position = 1024 + 12; fs.ReadExactly(buf);
            BinaryPrimitives.WriteUInt32LittleEndian(buf, BinaryPrimitives.ReadUInt32LittleEndian(buf) - 5);
            fs.Position = 1024 + 12; fs.Write(buf);
        }));
        Assert.Contains("rec_len", Corrupt("reclen.img", fs => Poke(fs, rootDirBlock * bs + 4, _ => 13)));
        Assert.Contains("link count", Corrupt("links.img", fs =>
        {
            // i_links_count of inode 12 (first file mke2fs copied).
            using var img = Ext3Image.Open(System.IO.File.OpenRead(good));
            long off = img.Groups[0].InodeTable * bs + 11 * img.Superblock.InodeSize + 26;
            Poke(fs, off, b => (byte)(b + 1));
        }));
    }

    [SkippableFact]
    public void Probe_AcceptsOurImagesAndMke2fsExt3()
    {
        using var tmp = new TempDir("ext3-probe");
        Assert.Null(Ext3Probe.CheckMountable(System.IO.File.OpenRead(Mke2fs(tmp, "ext3"))));
        using var ms = new MemoryStream();
        Ext3Writer.Write([Text("a", "b")], ms, new Ext3Options());
        Assert.Null(Ext3Probe.CheckMountable(ms));
    }

    [SkippableFact]
    public void Probe_RejectsExt4Features()
    {
        using var tmp = new TempDir("ext3-probe");
        var reason = Ext3Probe.CheckMountable(System.IO.File.OpenRead(Mke2fs(tmp, "ext4")));
        Assert.NotNull(reason);
        Assert.Contains("incompatible feature", reason);
        Assert.Contains("extent", reason);
    }

    [Fact]
    public void Probe_RejectsEmptyRandomTruncatedAndDirty()
    {
        Assert.Equal("file is empty", Ext3Probe.CheckMountable(new MemoryStream()));
        var random = new byte[1 << 16];
        new Random(42).NextBytes(random);
        Assert.Contains("bad magic", Ext3Probe.CheckMountable(new MemoryStream(random)));

        using var ms = new MemoryStream();
        Ext3Writer.Write([Text("a", "b")], ms, new Ext3Options());
        var image = ms.ToArray();
        Assert.StartsWith("truncated: superblock says", Ext3Probe.CheckMountable(new MemoryStream(image[..(image.Length / 2)])));

        var dirty = (byte[])image.Clone();
        uint incompat = BinaryPrimitives.ReadUInt32LittleEndian(dirty.AsSpan(1024 + 96));
        BinaryPrimitives.WriteUInt32LittleEndian(dirty.AsSpan(1024 + 96), incompat | (uint)IncompatFeatures.Recover);
        Assert.Contains("journal recovery", Ext3Probe.CheckMountable(new MemoryStream(dirty)));
    }

    [Fact]
    public void Open_RejectsNonExt()
    {
        var e = Assert.Throws<InvalidDataException>(() => Ext3Image.Open(new MemoryStream(new byte[8192])));
        Assert.Contains("bad superblock magic", e.Message);
    }

    [Fact]
    public void ReadsBackWhatTheWriterWrote_InMemory()
    {
        var entries = WriterRoundTripTests.AllKinds();
        using var ms = new MemoryStream();
        Ext3Writer.Write(entries, ms, new Ext3Options { BlockSize = 1024 });
        using var img = Ext3Image.Open(ms, leaveOpen: true);
        Assert.Empty(img.Verify());
        using (var f = img.OpenFile("/bin/big")) Assert.Equal(ContentHash(entries.Single(e => e.Path == "bin/big")), HashOf(f));
        var dev = img.Stat("/dev/big");
        Assert.Equal((300u, 70000u), (dev.DeviceMajor, dev.DeviceMinor));
        Assert.Equal(img.Stat("/bin/hello").Ino, img.Stat("/hello3").Ino);
        Assert.Equal(3, img.Stat("/bin/hello").LinksCount);
        Assert.Equal(uint.MaxValue - 1, img.Stat("/owned").Uid);
        Assert.Equal(0xDEDu, img.Stat("/owned").Mode);
        Assert.Equal(5_000_000_000, img.Stat("/future").Mtime);
        var names = img.List("/bin").Select(e => e.Name).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names); // byte-wise sorted on disk
    }
}
