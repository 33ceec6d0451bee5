// Shows how far a pack is: a Spectre.Console bar on stderr when stderr is a terminal, otherwise
// a Serilog line at most every few seconds (CI logs want lines, not carriage returns).
using System.Diagnostics;
using Serilog;
using Spectre.Console;

namespace Crashcart.ImageBuilder.Packing;

public static class PackProgress
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="work"/>, which reports cumulative content bytes written, out of <paramref name="totalBytes"/>.</summary>
    public static T Run<T>(string title, long totalBytes, bool interactive, Func<IProgress<long>, T> work)
    {
        if (!interactive) return work(new LogReporter(title, totalBytes));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(1, totalBytes));
                var result = work(new Reporter(v => task.Value = v));
                task.Value = task.MaxValue;
                return result;
            });
    }

    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private sealed class LogReporter(string title, long totalBytes) : IProgress<long>
    {
        private readonly Stopwatch sinceLast = Stopwatch.StartNew();

        public void Report(long value)
        {
            if (sinceLast.Elapsed < LogInterval || totalBytes == 0) return;
            sinceLast.Restart();
            Log.Information("{Title}: {Percent:F0}% ({Done:F1} of {Total:F1} MiB)", title,
                100.0 * value / totalBytes, value / 1048576.0, totalBytes / 1048576.0);
        }
    }
}
