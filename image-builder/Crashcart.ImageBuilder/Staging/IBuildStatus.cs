// Where the stager reports which step it is on (a terminal spinner or log lines).
namespace Crashcart.ImageBuilder.Staging;

public interface IBuildStatus
{
    void Step(string description);
}
