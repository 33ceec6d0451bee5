// Shows the current build step: a Spectre.Console spinner on stderr when it is a terminal, else a log line per step.
using Serilog;
using Spectre.Console;

namespace Crashcart.ImageBuilder.Staging;

public static class BuildStatusReporter
{
    public static T Run<T>(bool interactive, Func<IBuildStatus, T> work)
    {
        if (!interactive) return work(new LogStatus());
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Status().Spinner(Spinner.Known.Dots).Start("staging", ctx => work(new SpinnerStatus(ctx)));
    }

    private sealed class LogStatus : IBuildStatus
    {
        public void Step(string description) => Log.Information("{Step}", description);
    }

    private sealed class SpinnerStatus(StatusContext ctx) : IBuildStatus
    {
        public void Step(string description)
        {
            ctx.Status(Markup.Escape(description));
            Log.Debug("{Step}", description);
        }
    }
}
