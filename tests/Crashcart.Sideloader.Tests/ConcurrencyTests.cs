// Many sessions at once: twenty on one container share one mount (the last one out unmounts),
// and ten containers are served side by side without seeing each other's toolbox.
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class ConcurrencyTests
{
    [SkippableFact]
    public void Twenty_sessions_on_one_container_share_one_mount()
    {
        using var s = SessionScenario.Start();
        var results = Enumerable.Range(0, 20).AsParallel().WithDegreeOfParallelism(20)
            .Select(i => s.Exec("sh", "-c", $"sleep 1; cat /dev/crashcart/TOOLBOX; echo session-{i}"))
            .ToList();
        foreach (var (r, i) in results.Select((r, i) => (r, i)))
        {
            Assert.True(r.ExitCode == 0, $"session {i}: {r}");
            Assert.Equal($"{ToolboxImage.MarkerContent}session-{i}\n", r.Stdout);
        }
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Ten_containers_at_once()
    {
        var scenarios = new List<SessionScenario>();
        try
        {
            for (int i = 0; i < 10; i++) scenarios.Add(SessionScenario.Start(null, "--hostname", $"box-{i}"));
            var results = scenarios.AsParallel().WithDegreeOfParallelism(10)
                .Select(s => (s, r: s.Exec("sh", "-c", "hostname; cat /dev/crashcart/TOOLBOX"))).ToList();
            for (int i = 0; i < 10; i++)
            {
                var (s, r) = results[i];
                Assert.True(r.ExitCode == 0, $"{s.Container.Name}: {r}");
                Assert.Equal($"{s.Container.Exec("hostname").Stdout}{ToolboxImage.MarkerContent}", r.Stdout);
            }
            foreach (var s in scenarios) s.AssertNoLeaks();
        }
        finally
        {
            foreach (var s in scenarios) s.Dispose();
        }
    }
}
