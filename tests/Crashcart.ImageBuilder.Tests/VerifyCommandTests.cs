// 'crashcart-image verify': OK on good images, exit 5 on damaged or non-ext files, clear errors otherwise.
using System.Buffers.Binary;
using Crashcart.ImageBuilder.Tests.Support;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class VerifyCommandTests
{
    [Fact]
    public void Verify_of_a_packed_image_prints_one_OK_line()
    {
        using var img = new PackedImage();
        var r = CrashcartImageCli.Run("verify", img.Image);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(img.Image)}: OK, \d+ blocks of 4096 bytes .*UUID [0-9a-f-]{{36}}\n$", r.Stdout);
    }

    [SkippableFact]
    public void Verify_of_an_image_made_by_mke2fs_is_OK()
    {
        Prerequisites.RequireTool("mke2fs");
        using var dir = new TempDir();
        string src = dir.Combine("src"), img = dir.Combine("m.img");
        Directory.CreateDirectory(src);
        SampleTree.Create(src, withDevices: false);
        Exec.Check("mke2fs", "-q", "-t", "ext3", "-b", "4096", "-O", "^resize_inode,^dir_index,^ext_attr", "-d", src, "-F", img, "32M");
        var r = CrashcartImageCli.Run("verify", img);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    public enum Damage { GroupFreeBlocksCount, RootDirectoryBlock, InodeBitmap }

    [Theory]
    [InlineData(Damage.GroupFreeBlocksCount)]
    [InlineData(Damage.RootDirectoryBlock)]
    [InlineData(Damage.InodeBitmap)]
    public void Verify_of_a_damaged_copy_exits_5_listing_problems(Damage damage)
    {
        using var img = new PackedImage();
        string bad = img.Combine("bad.img");
        File.Copy(img.Image, bad);
        Corrupt(bad, damage);
        if (Prerequisites.FindOnPath("e2fsck") != null) // the damage is real: e2fsck agrees
            Assert.NotEqual(0, Exec.Run("e2fsck", ["-fn", bad]).ExitCode);

        var r = CrashcartImageCli.Run("verify", bad);
        Assert.True(r.ExitCode == 5, r.ToString());
        Assert.StartsWith($"{bad}: ", r.Stdout); // one line per problem, each naming the image
        Assert.Matches($@"crashcart-image: {System.Text.RegularExpressions.Regex.Escape(bad)}: \d+ problem\(s\) found", r.Stderr);
        Assert.Equal(0, CrashcartImageCli.Run("verify", img.Image).ExitCode); // the original is untouched
    }

    [Fact]
    public void Verify_of_a_non_ext_file_exits_5_with_one_line()
    {
        using var dir = new TempDir();
        string junk = dir.Combine("junk.img");
        File.WriteAllBytes(junk, SampleTree.Bytes(1 << 20, seed: 3));
        var r = CrashcartImageCli.Run("verify", junk);
        Assert.Equal(5, r.ExitCode);
        Assert.StartsWith("crashcart-image: not an ext2/ext3 image", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.EndsWith(junk, r.Stderr.Trim());

        File.WriteAllBytes(junk, []);
        var empty = CrashcartImageCli.Run("verify", junk);
        Assert.Equal(5, empty.ExitCode);
        Assert.DoesNotContain("internal error", empty.Stderr);
    }

    [Fact]
    public void Verify_of_a_missing_file_exits_3_naming_it()
    {
        string missing = $"/tmp/crashcart-missing-{Guid.NewGuid():N}.img";
        var r = CrashcartImageCli.Run("verify", missing);
        Assert.Equal(3, r.ExitCode);
        Assert.Equal($"crashcart-image: image does not exist: {missing}", r.Stderr.Trim());
    }

    [Fact]
    public void Verify_help_describes_the_command()
    {
        var r = CrashcartImageCli.Run("verify", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("IMAGE", r.Stdout);
        Assert.Contains("Exit 5", r.Stdout);
    }

    private static void Corrupt(string image, Damage damage)
    {
        using var f = new FileStream(image, FileMode.Open, FileAccess.ReadWrite);
        var sb = new byte[1024];
        f.Position = 1024;
        f.ReadExactly(sb);
        int blockSize = 1024 << BinaryPrimitives.ReadInt32LittleEndian(sb.AsSpan(24));
        // Group descriptor 0 follows the superblock's block.
        long gdt = blockSize == 1024 ? 2048 : blockSize;
        var gd = new byte[32];
        f.Position = gdt;
        f.ReadExactly(gd);
        switch (damage)
        {
            case Damage.GroupFreeBlocksCount:
                // bg_free_blocks_count (group 0) no longer matches the block bitmap. (The superblock's own
                // total is only advisory: e2fsck recomputes it silently, so damaging it proves nothing.)
                ushort free = BinaryPrimitives.ReadUInt16LittleEndian(gd.AsSpan(12));
                f.Position = gdt + 12;
                f.Write(BitConverter.GetBytes((ushort)(free ^ 0x5)));
                break;
            case Damage.InodeBitmap:
                f.Position = (long)BinaryPrimitives.ReadUInt32LittleEndian(gd.AsSpan(4)) * blockSize; // bg_inode_bitmap
                f.Write(new byte[] { 0x00, 0x00 }); // frees inodes 1-16, which include the root and lost+found
                break;
            case Damage.RootDirectoryBlock:
                // Inode 2 is the second slot of group 0's inode table; i_block[0] at offset 40 of the inode.
                int inodeSize = BinaryPrimitives.ReadUInt16LittleEndian(sb.AsSpan(88));
                long table = (long)BinaryPrimitives.ReadUInt32LittleEndian(gd.AsSpan(8)) * blockSize;
                var inode = new byte[inodeSize];
                f.Position = table + inodeSize;
                f.ReadExactly(inode);
                uint block = BinaryPrimitives.ReadUInt32LittleEndian(inode.AsSpan(40));
                f.Position = (long)block * blockSize;
                f.Write(Enumerable.Repeat((byte)0xA5, 64).ToArray()); // rec_len/name_len garbage in the first entries
                break;
        }
    }
}
