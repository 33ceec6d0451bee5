// Unit tests for the hand-rolled Engine API JSON reading/writing (unknown fields, nulls, nesting).
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
        Assert.Throws<JsonException>(() => DockerJson.ReadId(B("""{"Warnings":[]}""")));
        Assert.Equal("No such container: x", DockerJson.ReadErrorMessage(B("""{"message":"No such container: x"}""")));
        Assert.Null(DockerJson.ReadErrorMessage(B("404 page not found\n")));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[{\"Id\":1}]")]
    [InlineData("[{\"Id\":\"a\"")]
    [InlineData("")]
    public void ContainerList_Malformed_Throws(string json)
    {
        Assert.ThrowsAny<Exception>(() => DockerJson.ReadContainerList(B(json)));
    }

    [Fact]
    public void ExecCreate_WritesTheApiFields_AndLeavesOutNulls()
    {
        var json = Encoding.UTF8.GetString(DockerJson.WriteExecCreate(new ExecCreateRequest
        {
            AttachStdin = true, Tty = true, Cmd = ["sh", "-c", "echo \"hi\""], Env = ["A=1"], User = "app",
        }));
        Assert.Equal("""{"AttachStdin":true,"AttachStdout":true,"AttachStderr":true,"Tty":true,"Cmd":["sh","-c","echo \u0022hi\u0022"],"Env":["A=1"],"User":"app"}""", json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("echo \"hi\"", doc.RootElement.GetProperty("Cmd")[2].GetString());
        Assert.Equal("""{"Detach":false,"Tty":true}""", Encoding.UTF8.GetString(DockerJson.WriteExecStart(true)));
    }
}
