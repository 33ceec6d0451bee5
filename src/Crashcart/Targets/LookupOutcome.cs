// What one ITargetLookup made of a spec: a match (and how strong), nothing, or an error.
namespace Crashcart.Targets;

/// <summary>How directly a spec named the target; the resolver prefers the strongest match.</summary>
public enum MatchStrength
{
    /// <summary>A unique container ID prefix.</summary>
    Prefix = 0,
    /// <summary>A host PID.</summary>
    Pid = 1,
    /// <summary>A container's exact name or full ID.</summary>
    Exact = 2,
}

public abstract record LookupOutcome
{
    private LookupOutcome() { }

    public sealed record Found(Target Target, MatchStrength Strength) : LookupOutcome;

    /// <summary>Nothing matched. <paramref name="Applicable"/> is false when the spec cannot even be
    /// of this lookup's kind (e.g. "web" is no PID); <paramref name="Tried"/> says what was checked.</summary>
    public sealed record Missing(string Tried, bool Applicable = true) : LookupOutcome;

    /// <summary>The spec matched but cannot be used (ambiguous, not running).</summary>
    public sealed record Rejected(CrashcartException Error) : LookupOutcome;

    /// <summary>The lookup could not be done at all (daemon unreachable).</summary>
    public sealed record Unavailable(CrashcartException Error) : LookupOutcome;
}
