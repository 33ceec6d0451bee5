// ManifestParser: schema, shorthands, {prefix} expansion, and errors that name the line and field.
using Crashcart.ImageBuilder.Manifest;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class ManifestParserTests
{
    private const string File = "toolbox-manifest.yaml";

    private static ToolboxManifest Parse(string yaml) => ManifestParser.Parse(yaml, File);

    private static ManifestException Fails(string yaml) => Assert.Throws<ManifestException>(() => Parse(yaml));

    [Fact]
    public void Minimal_UsesDefaults()
    {
        var m = Parse("tools: [bash]\n");
        Assert.Equal("/dev/crashcart", m.Prefix);
        Assert.Equal("crashcart", m.Image.Label);
        Assert.Equal(0.10, m.Image.HeadroomFraction);
        Assert.Null(m.Image.Size);
        Assert.Null(m.Shell);
        var t = Assert.Single(m.Tools);
        Assert.Equal("bash", t.Name);
        Assert.Equal("bash", t.ImageName);
        Assert.Equal(1, t.Line);
        Assert.False(t.NeedsWrapper);
    }

    [Fact]
    public void FullTool_ParsesEveryField()
    {
        var m = Parse("""
            prefix: /opt/cc
            image:
              label: box
              headroom: 16M
            tools:
              - path: /usr/bin/vim.tiny
                as: vim
                aliases: [vi]
                env:
                  TERMINFO: "{prefix}/share/terminfo"
                args: ["--data={prefix}/x", plain]
                dlopen: [libnss_dns.so.2, /usr/lib/x.so]
                files:
                  - /usr/share/vim
                  - source: /usr/lib/python3.11
                    target: py
                    exclude: [__pycache__, "test/**"]
            """);
        Assert.Equal("/opt/cc", m.Prefix);
        Assert.Equal(16L << 20, m.Image.HeadroomBytes);
        Assert.Equal(0, m.Image.HeadroomFraction);
        var t = Assert.Single(m.Tools);
        Assert.Equal("/usr/bin/vim.tiny", t.HostPath);
        Assert.Equal("vim", t.ImageName);
        Assert.Equal(["vi"], t.Aliases);
        Assert.Equal("/opt/cc/share/terminfo", t.Env.Single().Value);
        Assert.Equal(["--data=/opt/cc/x", "plain"], t.Args);
        Assert.Equal(["libnss_dns.so.2", "/usr/lib/x.so"], t.Dlopen.Select(d => d.Value));
        Assert.Equal("usr/share/vim", t.Files[0].Target);
        Assert.Equal("py", t.Files[1].Target);
        Assert.Equal(["__pycache__", "test/**"], t.Files[1].Exclude);
        Assert.Equal(6, t.Line); // the line of "path:"
        Assert.True(t.NeedsWrapper);
    }

    [Fact]
    public void NamesShorthand_ExpandsToOneToolPerName_SharingEnv()
    {
        var m = Parse("""
            tools:
              - names: [top, htop]
                env: {TERM: xterm}
            """);
        Assert.Equal(["top", "htop"], m.Tools.Select(t => t.ImageName));
        Assert.Equal("tools[0].names[1]", m.Tools[1].Field);
        Assert.All(m.Tools, t => Assert.Equal("xterm", t.Env.Single().Value));
    }

    [Fact]
    public void AnchorsAndMergeKeys_Work()
    {
        var m = Parse("""
            shell:
              env: &ti
                TERMINFO_DIRS: /a
            tools:
              - name: gdb
                env:
                  <<: *ti
                  PYTHONHOME: /p
              - name: less
                env: *ti
            """);
        Assert.Equal(["TERMINFO_DIRS", "PYTHONHOME"], m.Tools[0].Env.Select(e => e.Key));
        Assert.Equal("/a", m.Tools[1].Env.Single().Value);
        Assert.Equal("/a", m.Shell!.Env.Single().Value);
        Assert.Equal("etc/crashcartrc", m.Shell.RcPath);
    }

    [Fact]
    public void UnknownTopLevelField_NamesLineAndField()
    {
        var e = Fails("prefix: /dev/crashcart\nimage:\n  label: x\n\n\n\ntols: [bash]\n");
        Assert.Contains("toolbox-manifest.yaml:7: unknown field 'tols'", e.Message);
    }

    [Fact]
    public void UnknownToolField_NamesToolAndLine()
    {
        var e = Fails("tools:\n  - bash\n  - nmae: gdb\n");
        Assert.Contains("toolbox-manifest.yaml:3: tools[1]: unknown field 'nmae'", e.Message);
    }

    [Fact]
    public void AllErrorsAreReportedTogether()
    {
        var e = Fails("""
            prefix: relative/path
            image:
              label: this-label-is-far-too-long
              headroom: lots
            tools:
              - name: a/b
              - path: not/absolute
            files:
              - source: /x
                target: ../escape
            """);
        Assert.Equal(6, e.Errors.Count);
        Assert.Contains(e.Errors, x => x.Line == 1 && x.Field == "prefix");
        Assert.Contains(e.Errors, x => x.Line == 3 && x.Field == "image.label");
        Assert.Contains(e.Errors, x => x.Line == 4 && x.Field == "image.headroom");
        Assert.Contains(e.Errors, x => x.Line == 6 && x.Field == "tools[0].name");
        Assert.Contains(e.Errors, x => x.Line == 7 && x.Field == "tools[1].path");
        Assert.Contains(e.Errors, x => x.Line == 10 && x.Field == "files[0].target");
        // Sorted by line, one per output line.
        Assert.Equal(e.Errors.Select(x => x.Line).Order(), e.Errors.Select(x => x.Line));
        Assert.Equal(6, e.Message.Split('\n').Length);
    }

    [Fact]
    public void BadYaml_NamesTheLine()
    {
        var e = Fails("tools:\n  - bash\n  - [unclosed\n");
        var err = Assert.Single(e.Errors);
        Assert.StartsWith("invalid YAML", err.Message);
        Assert.True(err.Line >= 3, $"line {err.Line}");
        Assert.StartsWith($"{File}:{err.Line}: invalid YAML", e.Message);
    }

    [Fact]
    public void ToolNeedsExactlyOneOfNameNamesPath()
    {
        var e = Fails("tools:\n  - aliases: [x]\n  - name: a\n    path: /bin/a\n");
        Assert.Contains(e.Errors, x => x.Line == 2 && x.Message.Contains("needs one of"));
        Assert.Contains(e.Errors, x => x.Line == 3 && x.Message.Contains("only one of"));
    }

    [Fact]
    public void DuplicateBinName_IsAnError()
    {
        var e = Fails("tools:\n  - name: dash\n    aliases: [sh]\n  - name: bash\n    aliases: [sh]\n");
        var err = Assert.Single(e.Errors);
        Assert.Equal(4, err.Line);
        Assert.Contains("'sh' is already in bin/ from tools[0].name (line 2)", err.Message);
    }

    [Fact]
    public void WrongShapes_AreNamed()
    {
        var e = Fails("tools:\n  - name: gdb\n    env: [A, B]\n    args: {a: b}\n");
        Assert.Contains(e.Errors, x => x.Field == "tools[0].env" && x.Message.Contains("expected a mapping"));
        Assert.Contains(e.Errors, x => x.Field == "tools[0].args" && x.Message.Contains("expected a list"));
    }

    [Fact]
    public void UnquotedBracePlaceholder_GetsAHint()
    {
        var e = Fails("tools:\n  - name: gdb\n    env:\n      PYTHONHOME: {prefix}/usr\n");
        Assert.Contains("quote", e.Message);
    }

    [Fact]
    public void EmptyManifest_AndNoTools_AreErrors()
    {
        Assert.Contains("empty", Fails("").Message);
        Assert.Contains("at least one tool", Fails("prefix: /dev/crashcart\n").Message);
    }

    [Fact]
    public void SizeAndHeadroomTogether_IsAnError()
    {
        var e = Fails("image:\n  size: 512M\n  headroom: 10%\ntools: [bash]\n");
        Assert.Contains(e.Errors, x => x.Field == "image.headroom" && x.Message.Contains("not both"));
    }

    [Fact]
    public void Size_IsParsed()
    {
        Assert.Equal(512L << 20, Parse("image:\n  size: 512M\ntools: [bash]\n").Image.Size);
    }

    [Fact]
    public void MissingFile_NamesTheFile()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestParser.ParseFile($"/nonexistent-{Guid.NewGuid():N}.yaml", "x.yaml"));
        Assert.StartsWith("x.yaml:0: cannot read the manifest", e.Message);
    }

    [Fact]
    public void DefaultManifest_Parses()
    {
        string path = Path.Combine(RepoRoot.Path, "toolbox-manifest.yaml");
        var m = ManifestParser.ParseFile(path);
        Assert.Contains(m.Tools, t => t.ImageName == "gdb" && t.NeedsWrapper);
        Assert.Contains(m.Tools, t => t.ImageName == "sh" || t.Aliases.Contains("sh"));
        Assert.True(m.Tools.Count > 80);
    }
}

public class ManifestLauncherTests
{
    [Fact]
    public void Launcher_IsExpandedAndNeedsAWrapper()
    {
        var t = ManifestParser.Parse("tools:\n  - name: tcpdump\n    launcher: [setpriv, \"--x={prefix}\"]\n", "m.yaml").Tools.Single();
        Assert.Equal(["setpriv", "--x=/dev/crashcart"], t.Launcher);
        Assert.True(t.NeedsWrapper);
    }

    [Fact]
    public void Launcher_RelativePathIsRejected()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestParser.Parse("tools:\n  - name: x\n    launcher: [bin/setpriv]\n", "m.yaml"));
        Assert.Contains("m.yaml:3: tools[0].launcher: 'bin/setpriv' must be a toolbox program name or an absolute path", e.Message);
    }
}
