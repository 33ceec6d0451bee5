// Unit tests for the hand-rolled Engine API JSON reading/writing (unknown fields, nulls, nesting,
// escapes), with System.Text.Json as the judge of what valid JSON means.
using System.Text;
using System.Text.Json;
using Crashcart.Docker;

namespace Crashcart.Sideloader.Tests;

public class DockerJsonTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void ContainerList_SkipsWhatItDoesNotUse()
    {
        var json = """
            [{"Id":"abc","Names":["/web","/other/alias"],"Image":"nginx","ImageID":"sha256:1","Command":"x",
              "Created":1700000000,"Ports":[{"PrivatePort":80,"Type":"tcp"}],"Labels":{"a":"b"},"State":"running",
              "Status":"Up 2 minutes","HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{"bridge":{"IPAddress":"172.17.0.2"}}},
              "Mounts":[]},
             {"Id":"def","Names":null,"State":"exited","Status":"Exited (0)"}]
            """;
        var list = DockerJson.ReadContainerList(B(json));
        Assert.Equal(2, list.Length);
        Assert.Equal("abc", list[0].Id);
        Assert.Equal(["/web", "/other/alias"], list[0].Names);
        Assert.Equal("web", list[0].DisplayName);
        Assert.Equal("nginx", list[0].Image);
        Assert.Equal("running", list[0].State);
        Assert.Equal("Up 2 minutes", list[0].Status);
        Assert.Empty(list[1].Names);
        Assert.Equal("def", list[1].DisplayName);
    }

    [Fact]
    public void EmptyList()
    {
        Assert.Empty(DockerJson.ReadContainerList(B("[]")));
        Assert.Empty(DockerJson.ReadContainerList(B(" [ ]\n")));
    }

    [Fact]
    public void ContainerDetails_ReadsStateAndConfig()
    {
        var json = """
            {"Id":"abc","Created":"2024-01-01T00:00:00Z","Path":"/bin/sh","Args":["-c","x"],
             "State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,
                      "Pid":4242,"ExitCode":0,"Error":"","StartedAt":"x","Health":{"Status":"healthy","Log":[{"ExitCode":0}]}},
             "Name":"/web",
             "Config":{"Hostname":"abc","User":"1000:1000","Env":["PATH=/usr/bin","A=b=c"],"Cmd":["sh"],"WorkingDir":"/srv","Tty":true,
                       "Labels":{"x":"y"},"ExposedPorts":{"80/tcp":{}}},
             "Mounts":[{"Type":"bind"}]}
            """;
        var d = DockerJson.ReadContainerDetails(B(json));
        Assert.Equal("abc", d.Id);
        Assert.Equal("/web", d.Name);
        Assert.Equal("web", d.DisplayName);
        Assert.True(d.State.Running);
        Assert.Equal(4242, d.State.Pid);
        Assert.Equal("running", d.State.Status);
        Assert.Equal(["PATH=/usr/bin", "A=b=c"], d.Config.Env!);
        Assert.Equal("1000:1000", d.Config.User);
        Assert.Equal("/srv", d.Config.WorkingDir);
        Assert.True(d.Config.Tty);
    }

    [Fact]
    public void ContainerDetails_NullsAreTolerated()
    {
        var d = DockerJson.ReadContainerDetails(B("""{"Id":"x","Name":"/n","State":null,"Config":{"Env":null,"User":null,"WorkingDir":""}}"""));
        Assert.False(d.State.Running);
        Assert.Null(d.Config.Env);
        Assert.Null(d.Config.User);
        Assert.Equal("", d.Config.WorkingDir);
    }

    [Fact]
    public void ExecDetails_ExitCodeNullWhileRunning()
    {
        var running = DockerJson.ReadExecDetails(B("""{"ID":"e1","Running":true,"ExitCode":null,"ProcessConfig":{"tty":false,"arguments":[]},"Pid":77}"""));
        Assert.Equal("e1", running.Id);
        Assert.True(running.Running);
        Assert.Null(running.ExitCode);
        Assert.Equal(77, running.Pid);
        var done = DockerJson.ReadExecDetails(B("""{"ID":"e1","Running":false,"ExitCode":126,"Pid":0}"""));
        Assert.Equal(126, done.ExitCode);
    }

    [Fact]
    public void Id_AndErrorMessage()
    {
        Assert.Equal("abc", DockerJson.ReadId(B("""{"Id":"abc","Warnings":[]}""")));
        Assert.Throws<InvalidDataException>(() => DockerJson.ReadId(B("""{"Warnings":[]}""")));
        Assert.Equal("No such container: x", DockerJson.ReadErrorMessage(B("""{"message":"No such container: x"}""")));
        Assert.Null(DockerJson.ReadErrorMessage(B("404 page not found\n")));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[{\"Id\":1}]")]
    [InlineData("[{\"Id\":\"a\"")]
    [InlineData("[{\"Id\":\"a}]")]
    [InlineData("[{\"Id\":\"a\\q\"}]")]
    [InlineData("[{\"Id\":\"\\u12\"}]")]
    [InlineData("[{\"Id\":tru}]")]
    [InlineData("[{\"Id\":\"a\"}]]")]
    [InlineData("[{\"Id\":@}]")]
    [InlineData("")]
    public void ContainerList_Malformed_Throws(string json)
    {
        Assert.Throws<InvalidDataException>(() => DockerJson.ReadContainerList(B(json)));
    }

    [Fact]
    public void Strings_AreUnescaped()
    {
        var json = """[{"Id":"a\"b\\c\/d\n\t\u00e9\ud83d\ude00","Names":["/x y","/\u0041"],"State":"\u0000"}]""";
        var c = Assert.Single(DockerJson.ReadContainerList(B(json)));
        Assert.Equal("a\"b\\c/d\n\t\u00e9\U0001F600", c.Id);
        Assert.Equal(["/x y", "/A"], c.Names);
        Assert.Equal("\0", c.State);
    }

    [Fact]
    public void EscapedPropertyName_IsSkippedNotMisread()
    {
        // "\u0049d" is "Id" spelled with an escape: valid JSON that the daemon never sends. The fast
        // byte compare does not match it, so it is skipped; everything after it still reads.
        var d = DockerJson.ReadContainerDetails(B("""{"\u0049d":"x","Name":"/n","State":{"Running":true,"Pid":5}}"""));
        Assert.Equal("", d.Id);
        Assert.Equal("/n", d.Name);
        Assert.Equal(5, d.State.Pid);
    }

    [Theory]
    [InlineData("{\"Pid\": -1}", -1)]
    [InlineData("{\"Pid\":2147483647}", 2147483647)]
    public void Numbers(string json, int pid)
    {
        Assert.Equal(pid, DockerJson.ReadExecDetails(B(json)).Pid);
    }

    [Fact]
    public void Numbers_TooBigOrFractional_AreRejected_WhereUsed()
    {
        Assert.Throws<InvalidDataException>(() => DockerJson.ReadExecDetails(B("""{"Pid":2147483648}""")));
        Assert.Throws<InvalidDataException>(() => DockerJson.ReadExecDetails(B("""{"Pid":1.5}""")));
        Assert.Equal(3, DockerJson.ReadExecDetails(B("""{"Big":1e300,"Neg":-0.5e-3,"Pid":3}""")).Pid);
    }

    [Fact]
    public void Skip_HandlesDeepNestingAndBracketsInStrings()
    {
        var json = """{"X":{"a":[[{"b":"]}[{"},{}],[]],"c":{"d":{"e":null}}},"Y":[1,"}",true],"ID":"e9","Running":false,"ExitCode":0}""";
        var e = DockerJson.ReadExecDetails(B(json));
        Assert.Equal("e9", e.Id);
        Assert.Equal(0, e.ExitCode);
    }

    [Fact]
    public void WrittenStrings_RoundTrip_ThroughSystemTextJson()
    {
        // Random strings with quotes, backslashes, control characters, non-ASCII and surrogates (lone
        // ones too): what we write must parse and give the string back; and our tokenizer must read
        // back what System.Text.Json writes.
        var random = new Random(12345);
        for (int n = 0; n < 2000; n++)
        {
            var chars = new char[random.Next(0, 20)];
            for (int i = 0; i < chars.Length; i++)
                chars[i] = random.Next(6) switch
                {
                    0 => (char)random.Next(0, 0x20),
                    1 => "\"\\/'"[random.Next(4)],
                    2 => (char)random.Next(0xD800, 0xE000),
                    3 => (char)random.Next(0x80, 0xD800),
                    _ => (char)random.Next(0x20, 0x7F),
                };
            var s = new string(chars);
            var json = DockerJson.WriteExecCreate(new ExecCreateRequest { Cmd = [s], Env = [s], User = s, WorkingDir = s });
            using var doc = JsonDocument.Parse(json);
            // Lone surrogates become U+FFFD, as in any UTF-8 encoding of the string.
            var expected = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s));
            Assert.Equal(expected, doc.RootElement.GetProperty("Cmd")[0].GetString());
            Assert.Equal(expected, doc.RootElement.GetProperty("WorkingDir").GetString());
            var theirs = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["ID"] = s });
            Assert.Equal(expected, DockerJson.ReadExecDetails(theirs).Id);
        }
    }

    [Fact]
    public void ExecCreate_WritesTheApiFields_AndLeavesOutNulls()
    {
        var json = Encoding.UTF8.GetString(DockerJson.WriteExecCreate(new ExecCreateRequest
        {
            AttachStdin = true, Tty = true, Cmd = ["sh", "-c", "echo \"hi\""], Env = ["A=1"], User = "app",
        }));
        Assert.Equal("""{"AttachStdin":true,"AttachStdout":true,"AttachStderr":true,"Tty":true,"Cmd":["sh","-c","echo \"hi\""],"Env":["A=1"],"User":"app"}""", json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("echo \"hi\"", doc.RootElement.GetProperty("Cmd")[2].GetString());
        Assert.Equal("""{"Detach":false,"Tty":true}""", Encoding.UTF8.GetString(DockerJson.WriteExecStart(true)));
        var sized = Encoding.UTF8.GetString(DockerJson.WriteExecCreate(new ExecCreateRequest { Cmd = ["sh"], ConsoleSize = [24, 80] }));
        Assert.EndsWith(""","Cmd":["sh"],"ConsoleSize":[24,80]}""", sized);
    }
}
