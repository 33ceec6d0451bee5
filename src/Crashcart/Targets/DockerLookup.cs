// Finds a container through the Docker Engine API: by full ID, exact name or unique ID prefix,
// then inspects it for the host PID of its init process.
using Crashcart.Docker;

namespace Crashcart.Targets;

public sealed class DockerLookup(DockerClient client) : ITargetLookup
{
    public DockerLookup() : this(new DockerClient()) { }

    public string Name => $"docker at {client.Endpoint.Uri}";

    public LookupOutcome Find(string spec)
    {
        IReadOnlyList<ContainerSummary> all;
        try
        {
            all = client.ListContainers();
        }
        catch (DockerUnreachableException e)
        {
            return new LookupOutcome.Unavailable(e);
        }

        var match = ContainerMatcher.Match(all, spec);
        if (match.Kind == ContainerMatcher.Kind.None)
            return new LookupOutcome.Missing($"{Name}: no container with that name or ID");
        if (match.Kind == ContainerMatcher.Kind.Ambiguous)
            return new LookupOutcome.Rejected(new CrashcartException(
                $"'{spec}' matches several containers: {string.Join(", ", match.Containers.Select(ContainerMatcher.Describe))}"));

        var summary = match.Single!;
        ContainerDetails? details;
        try
        {
            details = client.InspectContainer(summary.Id);
        }
        catch (DockerUnreachableException e)
        {
            return new LookupOutcome.Unavailable(e);
        }
        // Removed between list and inspect.
        if (details == null) return new LookupOutcome.Missing($"{Name}: container {summary.Id[..12]} vanished");

        var name = details.DisplayName.Length > 0 ? details.DisplayName : summary.DisplayName;
        if (!details.State.Running || details.State.Pid <= 0)
            return new LookupOutcome.Rejected(new CrashcartException(
                $"container '{name}' is not running (status: {(details.State.Status.Length > 0 ? details.State.Status : summary.State)})"));

        var strength = match.Kind == ContainerMatcher.Kind.Prefix ? MatchStrength.Prefix : MatchStrength.Exact;
        return new LookupOutcome.Found(new Target(details.State.Pid, name, details.Id), strength);
    }
}
