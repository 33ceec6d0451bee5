// One object the staged tree will hold, before anything is copied: where it comes from and what it is for.
namespace Crashcart.ImageBuilder.Staging;

public enum PlannedKind { Directory, CopiedFile, GeneratedFile, Symlink }

/// <summary>Why a file is in the toolbox; decides relocation and how the build manifest lists it.</summary>
public enum PlannedRole { Tool, Library, Loader, Data, Wrapper, Generated, Alias }

/// <param name="ImagePath">Relative to the image root, '/'-separated.</param>
/// <param name="HostPath">Copied files: the host file (symlinks already followed).</param>
/// <param name="Content">Generated files and rewritten scripts: the bytes to write.</param>
/// <param name="Mode">Permission bits in the image.</param>
/// <param name="Origin">What asked for it, for conflict messages, e.g. "toolbox-manifest.yaml:12 tools[3]".</param>
/// <param name="IsElf">Copied ELF file: gets relocated by patchelf.</param>
public sealed record PlannedEntry(
    string ImagePath,
    PlannedKind Kind,
    PlannedRole Role,
    uint Mode,
    string Origin,
    string? HostPath = null,
    byte[]? Content = null,
    string? LinkTarget = null,
    bool IsElf = false);
