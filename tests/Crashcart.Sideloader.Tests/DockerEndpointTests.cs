// Unit tests for reading DOCKER_HOST.
using Crashcart.Docker;

namespace Crashcart.Sideloader.Tests;

public class DockerEndpointTests
{
    [Fact]
    public void Unix_GivesTheSocketPath()
    {
        var e = DockerEndpoint.Parse("unix:///run/user/1000/docker.sock");
        Assert.Equal("/run/user/1000/docker.sock", e.SocketPath);
        Assert.Equal("unix:///run/user/1000/docker.sock", e.Uri);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:2376", "127.0.0.1", 2376)]
    [InlineData("tcp://docker.example:2375/", "docker.example", 2375)]
    [InlineData("tcp://[::1]:1234", "::1", 1234)]
    [InlineData("tcp://somehost", "somehost", 2375)]
    public void Tcp_GivesHostAndPort(string uri, string host, int port)
    {
        var e = DockerEndpoint.Parse(uri);
        Assert.Null(e.SocketPath);
        Assert.Equal(host, e.Host);
        Assert.Equal(port, e.Port);
    }

    [Theory]
    [InlineData("ssh://me@host")]
    [InlineData("unix://relative.sock")]
    [InlineData("tcp://host:notaport")]
    [InlineData("tcp://host:99999")]
    [InlineData("/var/run/docker.sock")]
    public void Unsupported_IsAOneLineErrorNamingIt(string uri)
    {
        var e = Assert.Throws<CrashcartException>(() => DockerEndpoint.Parse(uri));
        Assert.Contains(uri, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData(null, "unix:///var/run/docker.sock")]
    [InlineData("", "unix:///var/run/docker.sock")]
    [InlineData("  ", "unix:///var/run/docker.sock")]
    [InlineData(" unix:///run/d.sock ", "unix:///run/d.sock")]
    public void DockerHost_BlankMeansTheDefaultSocket(string? value, string uri)
    {
        Assert.Equal(uri, DockerEndpoint.FromDockerHost(value).Uri);
    }
}
