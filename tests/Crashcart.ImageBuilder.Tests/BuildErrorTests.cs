// 'crashcart-image build' with bad input: exit code 3, every problem named (file:line: field), nothing left behind.
using Crashcart.ImageBuilder.Tests.Support;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class BuildErrorTests
{
    /// <summary>Runs build with TMPDIR pointing at a private directory, so leftover staging dirs can be seen.</summary>
    private static (ExecResult Result, string[] LeftInTmp, bool OutputExists) Build(TempDir dir, string yaml)
    {
        string manifest = dir.Combine("toolbox-manifest.yaml");
        File.WriteAllText(manifest, yaml);
        string tmp = dir.Combine("tmp");
        Directory.CreateDirectory(tmp);
        string output = dir.Combine("out", "x.img");
        Directory.CreateDirectory(dir.Combine("out"));
        var r = CrashcartImageCli.Run(["build", "-f", manifest, "-o", output], new Dictionary<string, string?> { ["TMPDIR"] = tmp });
        return (r, Directory.GetFileSystemEntries(tmp).Concat(Directory.GetFileSystemEntries(dir.Combine("out"))).ToArray(), File.Exists(output));
    }

    [Fact]
    public void UnknownField_Exit3_NamesLine()
    {
        using var dir = new TempDir("crashcart-build");
        var (r, left, _) = Build(dir, "prefix: /dev/crashcart\ntols:\n  - bash\n");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("toolbox-manifest.yaml:2: unknown field 'tols'", r.Stderr);
        Assert.Empty(left);
    }

    [Fact]
    public void BadYaml_Exit3()
    {
        using var dir = new TempDir("crashcart-build");
        var (r, _, _) = Build(dir, "tools:\n  - bash\n   - broken: [\n");
        Assert.Equal(3, r.ExitCode);
        Assert.Matches(@"toolbox-manifest\.yaml:\d+: invalid YAML", r.Stderr);
    }

    [SkippableFact]
    public void EverythingMissing_IsListedAtOnce_AndNothingIsLeftBehind()
    {
        Prerequisites.RequireTool("patchelf");
        using var dir = new TempDir("crashcart-build");
        string missingTool1 = $"no-such-tool-{Guid.NewGuid():N}", missingTool2 = $"no-such-tool-{Guid.NewGuid():N}";
        string missingPath = $"/nonexistent-{Guid.NewGuid():N}/thing";
        var (r, left, outputExists) = Build(dir, $"""
            tools:
              - bash
              - {missingTool1}
              - name: ls
                files: [{missingPath}]
              - path: /usr/bin/{missingTool2}
            """);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"toolbox-manifest.yaml:3: tools[1]: '{missingTool1}' not found on the build host", r.Stderr);
        Assert.Contains($"toolbox-manifest.yaml:5: tools[2].files[0]: {missingPath}: file not found", r.Stderr);
        Assert.Contains($"toolbox-manifest.yaml:6: tools[3].path: /usr/bin/{missingTool2}: file not found", r.Stderr);
        Assert.False(outputExists);
        Assert.Empty(left);
    }

    [SkippableFact]
    public void MissingLibrary_IsNamedWithItsRequester()
    {
        Prerequisites.RequireTool("patchelf");
        using var dir = new TempDir("crashcart-build");
        string tool = dir.Combine("mytool");
        File.Copy("/bin/true", tool);
        Exec.Check("patchelf", "--add-needed", "libvanished.so.7", tool);
        var (r, left, _) = Build(dir, $"tools:\n  - path: {tool}\n    dlopen: [libalsogone.so.1]\n");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"library libvanished.so.7 not found (needed by {tool}", r.Stderr);
        Assert.Contains($"library libalsogone.so.1 not found (needed by {tool}", r.Stderr);
        Assert.Empty(left);
    }

    [SkippableFact]
    public void ScriptWithForeignInterpreter_IsRejected()
    {
        Prerequisites.RequireTool("patchelf");
        using var dir = new TempDir("crashcart-build");
        string script = dir.Combine("myscript");
        File.WriteAllText(script, "#!/usr/bin/perl -w\nprint 1;\n");
        File.SetUnixFileMode(script, (UnixFileMode)0x1ED);
        var (r, _, _) = Build(dir, $"tools:\n  - dash\n  - path: {script}\n");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"toolbox-manifest.yaml:3: tools[1].path: script {script} wants interpreter /usr/bin/perl, which is not in the toolbox", r.Stderr);
    }

    [SkippableFact]
    public void WrapperWithoutSh_IsRejected()
    {
        Prerequisites.RequireTool("patchelf");
        using var dir = new TempDir("crashcart-build");
        var (r, _, _) = Build(dir, "tools:\n  - name: ls\n    env: {A: b}\n");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("toolbox-manifest.yaml:2: tools[0].name: env/args need a wrapper script", r.Stderr);
    }

    [Fact]
    public void NeitherOutputNorStageOnly_IsAUsageError()
    {
        var r = CrashcartImageCli.Run("build", "-f", "x.yaml");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--output", r.Stderr);
    }

    [SkippableFact]
    public void StageOnly_RewritesScriptsAndLeavesTheTree()
    {
        Prerequisites.RequireTool("patchelf");
        using var dir = new TempDir("crashcart-build");
        File.WriteAllText(dir.Combine("m.yaml"), "prefix: /opt/box\ntools:\n  - name: dash\n    aliases: [sh]\n  - gunzip\n");
        string stage = dir.Combine("stage");
        var r = CrashcartImageCli.Run("build", "-f", dir.Combine("m.yaml"), "--stage-only", stage);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("#!/opt/box/bin/sh\n", File.ReadAllText(Path.Combine(stage, "bin", "gunzip")));
        Assert.Equal("dash", new FileInfo(Path.Combine(stage, "bin", "sh")).LinkTarget);
        using var fs = File.OpenRead(Path.Combine(stage, "bin", "dash"));
        Assert.Equal("/opt/box/lib/ld-linux-x86-64.so.2", Crashcart.Elf.ElfFile.Read(fs).Interpreter);
        // The build manifest says which staged object pulled each library in.
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(stage, ".crashcart", "manifest.json")));
        var libc = doc.RootElement.GetProperty("libraries").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "libc.so.6");
        Assert.Contains("bin/dash", libc.GetProperty("neededBy").EnumerateArray().Select(n => n.GetString()));
    }
}
