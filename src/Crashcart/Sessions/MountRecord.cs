// Content of the registry's "mounted" marker: which loop device and image, for which target process.
namespace Crashcart.Sessions;

public sealed record MountRecord(string Loop, string Image, int TargetPid, string Target)
{
    public override string ToString() => $"loop={Loop}\nimage={Image}\npid={TargetPid}\ntarget={Target}\n";

    public static MountRecord Parse(string text)
    {
        var d = text.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return new MountRecord(d.GetValueOrDefault("loop", ""), d.GetValueOrDefault("image", ""),
            int.TryParse(d.GetValueOrDefault("pid"), out var pid) ? pid : 0, d.GetValueOrDefault("target", ""));
    }
}
