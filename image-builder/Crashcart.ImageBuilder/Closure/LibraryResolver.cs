// Finds the file a DT_NEEDED name refers to, in the dynamic loader's order (ld.so(8)):
// DT_RPATH of the object and of its loaders (only if the object has no DT_RUNPATH),
// [LD_LIBRARY_PATH: not applicable at build time], DT_RUNPATH, then the system directories.
// $ORIGIN expands to the directory the requesting object was found in.
using Crashcart.Elf;

namespace Crashcart.ImageBuilder.Closure;

/// <summary>An ELF object in the loader chain: where it was found and what it says.</summary>
public sealed record LoadedObject(string HostPath, ElfFile Elf);

public sealed class LibraryResolver(IReadOnlyList<string> systemDirectories, ElfCache cache)
{
    public IReadOnlyList<string> SystemDirectories { get; } = systemDirectories;

    /// <summary>
    /// Resolves <paramref name="needed"/> as loaded by <paramref name="requester"/>, whose loaders (outermost
    /// last: ..., the executable) are <paramref name="loaders"/>. Returns the host path or null.
    /// </summary>
    public string? Resolve(string needed, LoadedObject requester, IReadOnlyList<LoadedObject> loaders)
    {
        if (needed.Contains('/'))
            return needed.StartsWith('/') && IsCompatible(needed, requester.Elf) ? needed : null;
        foreach (var dir in SearchDirectories(requester, loaders))
        {
            string candidate = Path.Join(dir, needed);
            if (IsCompatible(candidate, requester.Elf)) return candidate;
        }
        return null;
    }

    /// <summary>The directories searched for <paramref name="requester"/>'s dependencies, in order.</summary>
    public IEnumerable<string> SearchDirectories(LoadedObject requester, IReadOnlyList<LoadedObject> loaders)
    {
        if (requester.Elf.Runpath is null)
        {
            // DT_RPATH applies to the object's own deps and, transitively, to what its dependents load.
            foreach (var obj in loaders.Prepend(requester))
            {
                if (obj.Elf.Runpath is not null) continue;
                foreach (var d in ExpandPath(obj.Elf.Rpath, obj.HostPath, obj.Elf.Header.Machine)) yield return d;
            }
        }
        foreach (var d in ExpandPath(requester.Elf.Runpath, requester.HostPath, requester.Elf.Header.Machine)) yield return d;
        foreach (var d in SystemDirectories) yield return d;
    }

    /// <summary>Splits an RPATH/RUNPATH value and expands $ORIGIN / ${ORIGIN}, $LIB and $PLATFORM.</summary>
    public static IEnumerable<string> ExpandPath(string? value, string objectPath, ushort machine = ElfConstants.EM_X86_64)
    {
        if (string.IsNullOrEmpty(value)) yield break;
        string origin = Path.GetDirectoryName(objectPath) ?? "/";
        string lib = SystemLibraryDirectories.MultiarchTriplet(machine) is { } t ? $"lib/{t}" : "lib";
        string platform = machine == ElfConstants.EM_X86_64 ? "x86_64" : "";
        foreach (var raw in value.Split(':'))
        {
            // An empty element means the current directory, which is meaningless for a relocated toolbox.
            if (raw.Length == 0) continue;
            string d = raw.Replace("${ORIGIN}", origin).Replace("$ORIGIN", origin)
                .Replace("${LIB}", lib).Replace("$LIB", lib)
                .Replace("${PLATFORM}", platform).Replace("$PLATFORM", platform);
            if (d.StartsWith('/')) yield return Path.GetFullPath(d);
        }
    }

    // The loader skips files of another class or machine (e.g. 32-bit libs in a 64-bit search) and keeps looking.
    private bool IsCompatible(string path, ElfFile requester)
    {
        if (!File.Exists(path)) return false;
        ElfFile? elf;
        try { elf = cache.TryRead(path); }
        catch (InvalidDataException) { return false; }
        return elf is not null && elf.Header.Is64Bit == requester.Header.Is64Bit && elf.Header.Machine == requester.Header.Machine;
    }
}
