// Turns what the user typed (container name, full ID, unique ID prefix, or host PID) into a Target.
//
// Every lookup is asked; the strongest match wins: an exact container name or full ID, then a PID,
// then a unique ID prefix. So "1234" is PID 1234 when /proc/1234 exists, unless a running container
// is named exactly "1234"; and a PID still resolves when the Docker daemon is down.
// With no match, the error says what each lookup tried.
namespace Crashcart.Targets;

public sealed class TargetResolver
{
    private readonly IReadOnlyList<ITargetLookup> lookups;

    /// <summary>Docker (DOCKER_HOST or the default socket) and host PIDs.</summary>
    public TargetResolver() : this([new DockerLookup(), new PidLookup()]) { }

    public TargetResolver(IReadOnlyList<ITargetLookup> lookups) => this.lookups = lookups;

    /// <exception cref="CrashcartException">Unknown, ambiguous, not running, or Docker unreachable for a non-PID spec.</exception>
    public Target Resolve(string spec)
    {
        spec = spec.Trim();
        if (spec.Length == 0) throw new CrashcartException("no target given: name a container (name, ID or ID prefix) or a PID");

        // Plain loops rather than LINQ: this runs once per crashcart start, where every generic
        // instantiation the JIT has to make shows up in the latency.
        var outcomes = new List<LookupOutcome>(lookups.Count);
        foreach (var lookup in lookups)
            outcomes.Add(lookup.Find(spec));

        LookupOutcome.Found? best = null;
        foreach (var o in outcomes)
            if (o is LookupOutcome.Found f && (best == null || f.Strength > best.Strength)) best = f;
        if (best != null) return best.Target;

        foreach (var o in outcomes)
            if (o is LookupOutcome.Rejected rejected) throw rejected.Error;

        LookupOutcome.Unavailable? unavailable = null;
        bool applicableMiss = false;
        var tried = new List<string>();
        foreach (var o in outcomes)
        {
            switch (o)
            {
                case LookupOutcome.Unavailable u:
                    unavailable ??= u;
                    tried.Add(u.Error.Message);
                    break;
                case LookupOutcome.Missing m:
                    applicableMiss |= m.Applicable;
                    tried.Add(m.Tried);
                    break;
            }
        }
        if (unavailable != null && !applicableMiss)
        {
            // Only a lookup that could not run could have known this name: its reason is the answer.
            var e = unavailable.Error;
            throw new Docker.DockerUnreachableException($"{e.Message} (looking up '{spec}')", e);
        }

        throw new CrashcartException($"no such container or process: '{spec}' (tried {string.Join("; ", tried)})");
    }
}
