// The default toolbox (repo toolbox-manifest.yaml, built once per run with crashcart-image) used through
// `crashcart -e` inside a distroless container (only a static /app: no libc, no shell): every tool runs for real.
using System.Diagnostics;
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

[CollectionDefinition(Name)]
public sealed class DefaultToolboxSmokeCollection : ICollectionFixture<DefaultToolboxImage>
{
    public const string Name = "default toolbox smoke";
}

[Collection(DefaultToolboxSmokeCollection.Name)]
public sealed class ToolboxSmokeTests(DefaultToolboxImage toolbox) : IDisposable
{
    private TestContainer? container;

    private TestContainer Target
    {
        get
        {
            if (container != null) return container;
            Prerequisites.RequireDocker();
            Prerequisites.RequireLoopDevices();
            _ = toolbox.Image; // build before starting the container
            return container = TestContainer.Start(TestImages.Distroless);
        }
    }

    public void Dispose()
    {
        if (container == null) return;
        try { LeakAssert.NoLeaks(container, toolbox.Image); }
        finally { container.Dispose(); }
    }

    private ExecResult Run(params string[] command)
    {
        var c = Target;
        var r = CrashcartProcess.Run(["-i", toolbox.Image, "-e", .. command, c.Name], timeoutMs: 120_000);
        return r;
    }

    private string Ok(params string[] command)
    {
        var r = Run(command);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', command)}: {r}");
        return r.Stdout + r.Stderr;
    }

    [SkippableFact]
    public void Ps_ShowsPid1() => Assert.Matches(@"(?m)^\s*0\s+1\s+0 .*/app$", Ok("ps", "-ef"));

    [SkippableFact]
    public void Procps_Psmisc()
    {
        Assert.Equal("1", Ok("pgrep", "-x", "app").Trim());
        Ok("pkill", "-0", "-x", "app");
        Ok("killall", "-0", "app");
        Assert.Contains("Mem:", Ok("free", "-m"));
        Assert.Contains("load average", Ok("uptime"));
        Assert.Contains("PID", Ok("top", "-bn1"));
        Assert.Contains("app(1)", Ok("pstree", "-p"));
        Assert.Contains("procs", Ok("vmstat", "1", "1"));
        Assert.Contains("/app", Ok("pmap", "1"));
    }

    [SkippableFact]
    public void Strace_ShowsSyscalls()
    {
        string o = Ok("strace", "-f", "true");
        Assert.Contains("execve(", o);
        Assert.Contains("exit_group(0)", o);
    }

    [SkippableFact]
    public void Ltrace_TracesLibraryCalls() => Assert.Contains("total", Ok("ltrace", "-c", "/dev/crashcart/bin/true"));

    [SkippableFact]
    public void Gdb_AttachesAndPrintsABacktrace()
    {
        string o = Ok("gdb", "-batch", "-p", "1", "-ex", "bt");
        Assert.Matches(@"#0 .* in pause", o);
        Assert.Contains("in main", o);
    }

    [SkippableFact]
    public void Gdb_RunsPython() => Assert.Contains("gdb-python-42", Ok("gdb", "-batch", "-ex", "python import os, json; print('gdb-python-' + str(6*7))"));

    [SkippableFact]
    public void Ss_ListsTheListeningPort() => Assert.Contains("0.0.0.0:8080", Ok("ss", "-lnt"));

    [SkippableFact]
    public void Lsof_ListsPid1Files() => Assert.Matches(@"(?m)^app +1 .*/app", Ok("lsof", "-p", "1"));

    [SkippableFact]
    public void Ip_And_Ping()
    {
        Assert.Contains("127.0.0.1", Ok("ip", "-br", "addr"));
        Assert.Contains("1 received", Ok("ping", "-c", "1", "-W", "2", "127.0.0.1"));
    }

    [SkippableFact]
    public void Tcpdump_CapturesAPacketFromAnotherSession()
    {
        var c = Target;
        using var tcpdump = CrashcartProcess.Start(["-i", toolbox.Image, "-e", "tcpdump", "-c", "1", "-n", "-i", "any", "icmp", c.Name]);
        var stdout = tcpdump.StandardOutput.ReadToEndAsync();
        var stderr = tcpdump.StandardError.ReadToEndAsync();
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!tcpdump.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                Run("ping", "-c", "1", "-W", "1", "127.0.0.1"); // keep generating traffic until tcpdump saw some
                tcpdump.WaitForExit(500);
            }
            Assert.True(tcpdump.HasExited, "tcpdump captured nothing in 30 s");
            Assert.True(tcpdump.ExitCode == 0, $"tcpdump exit {tcpdump.ExitCode}: {stderr.Result}");
            Assert.Contains("ICMP echo", stdout.Result);
        }
        finally
        {
            if (!tcpdump.HasExited) tcpdump.Kill(entireProcessTree: true);
        }
    }

    [SkippableFact]
    public void Curl_FetchesFromNetcatInAnotherSession()
    {
        var c = Target;
        using var server = CrashcartProcess.Start(["-i", toolbox.Image, "-e", "bash", "-c",
            "printf 'HTTP/1.0 200 OK\\r\\nContent-Length: 13\\r\\n\\r\\ncrashcart-ok\\n' | nc -N -l 127.0.0.1 9099", c.Name]);
        try
        {
            string? body = null;
            for (int i = 0; i < 40 && body == null; i++)
            {
                var r = Run("curl", "-sS", "-m", "5", "http://127.0.0.1:9099/");
                if (r.ExitCode == 0) body = r.Stdout;
                else Thread.Sleep(250); // nc not listening yet
            }
            Assert.Equal("crashcart-ok\n", body);
        }
        finally
        {
            if (!server.WaitForExit(10_000)) server.Kill(entireProcessTree: true);
        }
    }

    [SkippableFact]
    public void Dig_And_Getent()
    {
        Assert.Contains("DiG 9", Ok("dig", "-v"));
        Assert.Contains("localhost", Ok("getent", "hosts", "127.0.0.1") + "localhost"); // /etc/hosts from docker
    }

    [SkippableFact]
    public void File_UsesItsMagicDatabase() =>
        Assert.Contains("ELF 64-bit LSB", Ok("file", "/dev/crashcart/libexec/crashcart/bash"));

    [SkippableFact]
    public void Archives_TarGzip()
    {
        Assert.Equal("hello\n", Ok("bash", "-c", "echo hello | gzip | gunzip"));
        Assert.Equal("hello\n", Ok("bash", "-c", "echo hello | gzip | zcat"));
        // Not tar -z: GNU tar starts the compressor through /bin/sh, which the container does not have.
        Assert.Contains("etc/crashcartrc", Ok("bash", "-c", "tar -C /dev/crashcart -cf - etc | gzip | gunzip | tar -tvf -"));
    }

    [SkippableFact]
    public void TextTools_Coreutils_Findutils()
    {
        string o = Ok("bash", "-c",
            "printf 'b 2\\na 1\\nb 3\\n' | sort | uniq -w1 | awk '{s+=$2} END {print s}';" +
            "echo abc | sed s/b/X/ | tr a-z A-Z; echo needle | grep -c need; egrep -c 'e+' <<< ee;" +
            "find /dev/crashcart/etc -name crashcartrc | xargs basename; id -u; echo hi | hexdump -C | head -1 | cut -c11-15;" +
            "stat -c %u /dev/crashcart/bin; wc -l < /dev/crashcart/etc/crashcartrc | tr -d ' ' | grep -cE '^[0-9]+$'");
        Assert.Equal("3\nAXC\n1\n1\ncrashcartrc\n0\n68 69\n0\n1\n", o);
    }

    [SkippableFact]
    public void Pagers_And_Editor()
    {
        Assert.Contains("CRASHCART_TARGET", Ok("less", "-F", "/dev/crashcart/etc/crashcartrc"));
        Assert.Contains("VIM - Vi IMproved", Ok("vi", "--version"));
        Assert.Contains("htop", Ok("htop", "--version"));
    }

    [SkippableFact]
    public void UtilLinux_Basics()
    {
        Assert.Contains("mnt", Ok("lsns"));
        Assert.Contains("nsenter from util-linux", Ok("nsenter", "--version"));
        Assert.Contains("/dev/crashcart", Ok("findmnt", "/dev/crashcart"));
    }

    [SkippableFact]
    public void Bash_ReadsTheToolboxRc_WithTheContainerName()
    {
        string o = Ok("bash", "-i", "-c", "echo \"T=$TERMINFO_DIRS\"; echo \"P=$PS1\"");
        Assert.Contains("T=/dev/crashcart/lib/terminfo:/dev/crashcart/usr/share/terminfo", o);
        Assert.Contains("crashcart", o);
        Assert.Contains("CRASHCART_TARGET", o); // PS1 expands it at prompt time
    }

    [SkippableFact]
    public void EveryToolboxBinary_LoadsOnlyToolboxLibraries()
    {
        // LD_TRACE_LOADED_OBJECTS makes the toolbox's loader resolve every library without running the program.
        string o = Ok("bash", "-c",
            "for f in /dev/crashcart/bin/* /dev/crashcart/libexec/crashcart/*; do " +
            "  [ -L \"$f\" ] && continue; head -c 4 \"$f\" | grep -q ELF || continue; " +
            "  echo \"== $f\"; LD_TRACE_LOADED_OBJECTS=1 \"$f\" 2>&1 || echo \"FAILED $f\"; done");
        var bad = o.Split('\n').Where(l => l.Contains("not found") || l.StartsWith("FAILED") ||
            (l.Contains("=>") && !l.Contains("=> /dev/crashcart/lib/"))).ToList();
        Assert.True(bad.Count == 0, string.Join('\n', bad));
        Assert.True(o.Split('\n').Count(l => l.StartsWith("== ")) > 100, o);
    }
}
