// Renders a flags argument as the names from the kernel headers ("MS_RDONLY|MS_NOSUID|0x1000"),
// so syscall errors say what was asked for, not a number.
namespace Crashcart.Interop;

internal static class FlagNames
{
    /// <summary>The names of the set bits that are <paramref name="known"/>, in that order, then any
    /// remaining bits in hex; "0" when no bit is set.</summary>
    public static string Render(ulong flags, ReadOnlySpan<(ulong Bit, string Name)> known)
    {
        if (flags == 0) return "0";
        var names = new List<string>();
        foreach (var (bit, name) in known)
        {
            if ((flags & bit) == 0) continue;
            names.Add(name);
            flags &= ~bit;
        }
        if (flags != 0) names.Add($"0x{flags:x}");
        return string.Join('|', names);
    }
}
