// Result of scanning a host directory: the writer's entry list plus what was left out and why.
using Crashcart.Ext3;

namespace Crashcart.ImageBuilder.Packing;

/// <param name="Entries">Sorted by path (ordinal), root ("") first; hard links point at an earlier entry.</param>
/// <param name="Warnings">One line per skipped host object (sockets and other types ext3 cannot hold).</param>
/// <param name="ContentBytes">Sum of regular file sizes, i.e. what the writer will stream (drives progress).</param>
public sealed record ScannedTree(IReadOnlyList<FsEntry> Entries, IReadOnlyList<string> Warnings, long ContentBytes);
