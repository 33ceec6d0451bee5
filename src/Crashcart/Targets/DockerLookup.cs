// Finds a container through the Docker Engine API: by full ID, exact name or unique ID prefix
// (the daemon's own order), and takes the host PID of its init process from the inspect answer.
//
// Fast path: one GET /containers/{spec}/json, which the daemon resolves itself. Only when that
// fails for another reason than "no such container" (an ambiguous prefix) is the container list
// fetched, to name the candidates.
using Crashcart.Docker;

namespace Crashcart.Targets;

public sealed class DockerLookup(DockerClient client) : ITargetLookup
{
    public DockerLookup() : this(new DockerClient()) { }

    public string Name => $"docker at {client.Endpoint.Uri}";

    public LookupOutcome Find(string spec)
    {
        // The daemon adds the '/' of names itself, and a '/' inside the URL path would not survive.
        var key = spec.TrimStart('/');
        if (key.Length == 0 || key.Contains('/')) return new LookupOutcome.Missing($"{Name}: not a container name or ID");
        try
        {
            ContainerDetails? details;
            try
            {
                details = client.InspectContainer(key);
                // IDs are lower-case hex; the daemon matches them case-sensitively, crashcart does not.
                if (details == null && key.All(char.IsAsciiHexDigit) && key.Any(char.IsAsciiLetterUpper))
                    details = client.InspectContainer(key.ToLowerInvariant());
            }
            catch (DockerApiException e) when (e.Status != DockerApiException.NotFound)
            {
                return FromList(spec, e);
            }
            if (details == null) return new LookupOutcome.Missing($"{Name}: no container with that name or ID");
            var strength = details.Id.Equals(key, StringComparison.OrdinalIgnoreCase) || details.DisplayName == key
                ? MatchStrength.Exact : MatchStrength.Prefix;
            return Outcome(details, strength);
        }
        catch (DockerUnreachableException e)
        {
            return new LookupOutcome.Unavailable(e);
        }
    }

    private LookupOutcome FromList(string spec, DockerApiException inspectError)
    {
        var match = ContainerMatcher.Match(client.ListContainers(), spec);
        switch (match.Kind)
        {
            case ContainerMatcher.Kind.Ambiguous:
                return new LookupOutcome.Rejected(new CrashcartException(
                    $"'{spec}' matches several containers: {string.Join(", ", match.Containers.Select(ContainerMatcher.Describe))}"));
            case ContainerMatcher.Kind.None:
                return new LookupOutcome.Missing($"{Name}: {inspectError.DaemonMessage}");
            default:
                // The list changed since the inspect: take what it says now.
                var details = client.InspectContainer(match.Single!.Id);
                if (details == null) return new LookupOutcome.Missing($"{Name}: container {match.Single.Id[..12]} vanished");
                return Outcome(details, match.Kind == ContainerMatcher.Kind.Prefix ? MatchStrength.Prefix : MatchStrength.Exact);
        }
    }

    private static LookupOutcome Outcome(ContainerDetails details, MatchStrength strength)
    {
        var name = details.DisplayName.Length > 0 ? details.DisplayName : details.Id[..Math.Min(12, details.Id.Length)];
        if (!details.State.Running || details.State.Pid <= 0)
            return new LookupOutcome.Rejected(new CrashcartException(
                $"container '{name}' is not running (status: {details.State.Status})"));
        return new LookupOutcome.Found(new Target(details.State.Pid, name, details.Id), strength);
    }
}
