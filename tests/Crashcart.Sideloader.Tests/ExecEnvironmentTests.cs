// The command's environment, --user resolution and bare-name lookup (pure logic).
using Crashcart.Running;

namespace Crashcart.Sideloader.Tests;

public class ExecEnvironmentTests
{
    [Fact]
    public void Container_env_is_kept_and_PATH_gets_the_toolbox_in_front()
    {
        var env = CommandEnvironment.Build(["PATH=/app/bin:/bin", "LANG=C", "TERM=dumb"], "web", "xterm-256color", null, []);
        Assert.Contains("PATH=/dev/crashcart/bin:/dev/crashcart/sbin:/app/bin:/bin", env);
        Assert.Contains("LANG=C", env);
        Assert.Contains("TERM=xterm-256color", env);
        Assert.Contains("CRASHCART_TARGET=web", env);
        Assert.Contains(env, e => e.StartsWith("PS1=[crashcart web]"));
        Assert.Single(env, e => e.StartsWith("PATH="));
    }

    [Fact]
    public void Missing_PATH_gets_the_default_and_user_env_wins()
    {
        var env = CommandEnvironment.Build([], "web", null, "/home/app", ["PATH=/mine", "X=a=b"]);
        Assert.Contains("PATH=/mine", env);
        Assert.Contains("X=a=b", env);
        Assert.Contains("HOME=/home/app", env);
        Assert.DoesNotContain(env, e => e.StartsWith("TERM="));
        var d = CommandEnvironment.Build([], "web", null, null, []);
        Assert.Contains($"PATH=/dev/crashcart/bin:/dev/crashcart/sbin:{CommandLookup.DefaultPath}", d);
    }

    [Fact]
    public void Bad_env_option_is_rejected()
    {
        Assert.Throws<CrashcartException>(() => CommandEnvironment.Build([], "w", null, null, ["NOVALUE"]));
    }

    [Fact]
    public void Environ_bytes_split_on_NUL()
    {
        var list = CommandEnvironment.Split("A=1\0B=x y\0junk\0"u8.ToArray());
        Assert.Equal(["A=1", "B=x y"], list);
        Assert.Equal("x y", CommandEnvironment.Get(list, "B"));
        Assert.Null(CommandEnvironment.Get(list, "C"));
    }

    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n";
    private const string Group = "root:x:0:\napp:x:1001:\nwheel:x:10:app,other\nother:x:20:root\n";

    [Fact]
    public void User_by_name_gets_primary_and_supplementary_groups()
    {
        var u = UserSpec.Resolve("app", Passwd, Group);
        Assert.Equal(1000u, u.Uid);
        Assert.Equal(1001u, u.Gid);
        Assert.Equal([1001u, 10u], u.Groups);
        Assert.Equal("/home/app", u.Home);
    }

    [Theory]
    [InlineData("1000", 1000u, 1001u)]      // number found in passwd: its group
    [InlineData("4242", 4242u, 0u)]         // unknown number: gid 0, like docker
    [InlineData("app:wheel", 1000u, 10u)]
    [InlineData("app:77", 1000u, 77u)]
    [InlineData("0:0", 0u, 0u)]
    public void User_and_group_as_names_or_numbers(string spec, uint uid, uint gid)
    {
        var u = UserSpec.Resolve(spec, Passwd, Group);
        Assert.Equal(uid, u.Uid);
        Assert.Equal(gid, u.Gid);
    }

    [Theory]
    [InlineData("nobody", "no user 'nobody'")]
    [InlineData("app:nogroup", "no group 'nogroup'")]
    public void Unknown_names_are_clear_errors(string spec, string message)
    {
        var e = Assert.Throws<CrashcartException>(() => UserSpec.Resolve(spec, Passwd, Group));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Names_need_a_passwd_file_numbers_do_not()
    {
        Assert.Equal(5u, UserSpec.Resolve("5:6", null, null).Uid);
        Assert.Throws<CrashcartException>(() => UserSpec.Resolve("app", null, null));
    }

    [Fact]
    public void Lookup_tries_toolbox_then_container_PATH()
    {
        var exists = new HashSet<string> { "/dev/crashcart/sbin/ss", "/usr/bin/ss", "/usr/bin/app" };
        Assert.Equal("/dev/crashcart/sbin/ss", CommandLookup.Resolve("ss", "/usr/bin", exists.Contains));
        Assert.Equal("/usr/bin/app", CommandLookup.Resolve("app", "/usr/bin", exists.Contains));
        Assert.Null(CommandLookup.Resolve("nope", "/usr/bin", exists.Contains));
        Assert.Equal("./rel/x", CommandLookup.Resolve("./rel/x", "/usr/bin", exists.Contains));
        Assert.Equal(["/dev/crashcart/bin", "/dev/crashcart/sbin", "/a"], CommandLookup.SearchDirs("/a:relative::/a"));
    }
}
