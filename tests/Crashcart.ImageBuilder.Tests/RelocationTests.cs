// #! parsing/rewriting, wrapper scripts (executed with the real dash), and the relocation invariant check.
using System.Text;
using Crashcart.ImageBuilder.Relocation;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class RelocationTests
{
    [Theory]
    [InlineData("#!/bin/sh\necho\n", "/bin/sh", "", "sh", "")]
    [InlineData("#! /bin/bash -e\n", "/bin/bash", "-e", "bash", "-e")]
    [InlineData("#!/usr/bin/env python3\n", "/usr/bin/env", "python3", "python3", "")]
    [InlineData("#!/usr/bin/env -S perl -w\n", "/usr/bin/env", "-S perl -w", "perl", "-w")]
    [InlineData("#!/bin/sh", "/bin/sh", "", "sh", "")]
    public void Shebang_ParsesInterpreterAndTarget(string text, string interp, string args, string program, string programArgs)
    {
        var s = Shebang.Parse(Encoding.UTF8.GetBytes(text))!;
        Assert.Equal(interp, s.Interpreter);
        Assert.Equal(args, s.Arguments);
        Assert.Equal((program, programArgs), s.Target());
    }

    [Fact]
    public void Shebang_NoneOrUnsupported()
    {
        Assert.Null(Shebang.Parse("echo hi\n"u8));
        Assert.Null(Shebang.Parse([0x7F, 0x45, 0x4C, 0x46]));
        Assert.Null(Shebang.Parse("#!/usr/bin/env -i foo\n"u8)!.Target());
    }

    [Fact]
    public void Shebang_RewriteKeepsTheRestOfTheFile()
    {
        var content = Encoding.UTF8.GetBytes("#!/usr/bin/env python3\nprint('x')\n");
        var s = Shebang.Parse(content)!;
        var rewritten = s.Rewrite(content, "/dev/crashcart/bin/python3", "");
        Assert.Equal("#!/dev/crashcart/bin/python3\nprint('x')\n", Encoding.UTF8.GetString(rewritten));
    }

    [SkippableFact]
    public void WrapperScript_SetsEnvAndPrependsArgs_WhenRunByDash()
    {
        Prerequisites.RequireTool("dash");
        using var tmp = new TempDir("crashcart-wrapper");
        // The "real binary" is itself a script printing what it got.
        string real = tmp.Combine("real");
        File.WriteAllText(real, "#!/bin/sh\nprintf '%s|' \"$@\"; printf 'V=%s\\n' \"$V\"\n");
        File.SetUnixFileMode(real, (UnixFileMode)0x1ED);
        string wrapper = tmp.Combine("tool");
        File.WriteAllText(wrapper, WrapperScript.Generate("/bin/dash", "tool", real,
            [new("V", "it's $HOME")], ["--fixed", "a b"]));
        File.SetUnixFileMode(wrapper, (UnixFileMode)0x1ED);
        var r = Exec.Run(wrapper, ["user arg", "x"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("--fixed|a b|user arg|x|V=it's $HOME\n", r.Stdout);
    }

    [Fact]
    public void RelocationCheck_FlagsHostPaths()
    {
        var crafted = Crashcart.Elf.ElfFile.Read(CraftedElf.Build());
        var problems = RelocationCheck.Problems(crafted, "/dev/crashcart");
        Assert.Contains(problems, p => p.Contains("PT_INTERP /lib/ld-test.so.1"));
        Assert.Contains(problems, p => p.Contains("DT_RUNPATH entry '$ORIGIN/../lib'"));
    }

    [SkippableFact]
    public void Patchelf_RelocatesACopy_AndTheCheckPasses()
    {
        Prerequisites.RequireTool("patchelf");
        using var tmp = new TempDir("crashcart-patchelf");
        string copy = tmp.Combine("bash");
        File.Copy("/bin/bash", copy);
        Patchelf.Locate().Patch(copy, "/dev/crashcart/lib/ld-linux-x86-64.so.2", "/dev/crashcart/lib");
        using var fs = File.OpenRead(copy);
        var elf = Crashcart.Elf.ElfFile.Read(fs);
        Assert.Equal("/dev/crashcart/lib/ld-linux-x86-64.so.2", elf.Interpreter);
        Assert.Equal("/dev/crashcart/lib", elf.Runpath);
        Assert.Empty(RelocationCheck.Problems(elf, "/dev/crashcart"));
        // The host file is untouched.
        using var host = File.OpenRead("/bin/bash");
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", Crashcart.Elf.ElfFile.Read(host).Interpreter);
    }

    [Fact]
    public void Patchelf_FailureNamesTheFile()
    {
        using var tmp = new TempDir("crashcart-patchelf");
        string notElf = tmp.Combine("text");
        File.WriteAllText(notElf, "hello");
        var e = Assert.Throws<RelocationException>(() => Patchelf.Locate().Patch(notElf, "/x", "/y"));
        Assert.StartsWith(notElf + ": patchelf failed", e.Message);
    }
}
