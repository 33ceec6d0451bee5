// The invariant every staged ELF file must satisfy: nothing points at the host outside the prefix.
using Crashcart.Elf;

namespace Crashcart.ImageBuilder.Relocation;

public static class RelocationCheck
{
    /// <summary>Problems with <paramref name="elf"/> (empty when it is relocated), each naming the offending value.</summary>
    public static IReadOnlyList<string> Problems(ElfFile elf, string prefix)
    {
        var problems = new List<string>();
        string root = prefix + "/";
        if (elf.Interpreter is { } interp && !interp.StartsWith(root, StringComparison.Ordinal))
            problems.Add($"PT_INTERP {interp} is outside {prefix}");
        foreach (var (tag, value) in new[] { ("DT_RPATH", elf.Rpath), ("DT_RUNPATH", elf.Runpath) })
        {
            if (value is null) continue;
            foreach (var dir in value.Split(':'))
                if (!dir.StartsWith(root, StringComparison.Ordinal) && dir != prefix)
                    problems.Add($"{tag} entry '{dir}' is outside {prefix}");
        }
        if (elf.Needed.Count > 0 && elf.Runpath is null && elf.Rpath is null)
            problems.Add("has DT_NEEDED but no DT_RUNPATH: the container's libraries would be used");
        return problems;
    }
}
