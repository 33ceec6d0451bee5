// Matches a spec against the container list like `docker` does (pure logic): full ID, then exact
// name (with or without the leading '/'), then a unique ID prefix.
using Crashcart.Docker;

namespace Crashcart.Targets;

public static class ContainerMatcher
{
    public enum Kind { None, FullId, Name, Prefix, Ambiguous }

    public sealed record Result(Kind Kind, IReadOnlyList<ContainerSummary> Containers)
    {
        public ContainerSummary? Single => Containers.Count == 1 ? Containers[0] : null;
    }

    public static Result Match(IReadOnlyList<ContainerSummary> containers, string spec)
    {
        if (spec.Length == 0) return new Result(Kind.None, []);
        var full = containers.Where(c => string.Equals(c.Id, spec, StringComparison.OrdinalIgnoreCase)).ToList();
        if (full.Count == 1) return new Result(Kind.FullId, full);

        var name = spec.TrimStart('/');
        var named = containers.Where(c => c.Names.Any(n => n.TrimStart('/') == name)).ToList();
        if (named.Count == 1) return new Result(Kind.Name, named);

        var prefixed = containers.Where(c => c.Id.StartsWith(spec, StringComparison.OrdinalIgnoreCase)).ToList();
        return prefixed.Count switch
        {
            0 => new Result(Kind.None, []),
            1 => new Result(Kind.Prefix, prefixed),
            _ => new Result(Kind.Ambiguous, prefixed),
        };
    }

    /// <summary>"ab12cd34ef56 (web)" for messages.</summary>
    public static string Describe(ContainerSummary c) => $"{c.Id[..Math.Min(12, c.Id.Length)]} ({c.DisplayName})";
}
