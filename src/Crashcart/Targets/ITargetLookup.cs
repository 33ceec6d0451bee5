// One way of finding what a target spec names (a Docker container, a host PID, later podman/CRI).
// Each lookup says what it found, what it tried, or why it could not look; TargetResolver decides.
namespace Crashcart.Targets;

public interface ITargetLookup
{
    /// <summary>Short name for messages ("docker at unix:///var/run/docker.sock", "/proc").</summary>
    string Name { get; }

    LookupOutcome Find(string spec);
}
