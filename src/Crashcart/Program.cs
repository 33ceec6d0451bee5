// crashcart's entry point: split argv (see ArgvSplitter), parse options, set up logging to stderr
// (stdout carries only the command's output), run, and turn failures into one line + exit code.
using Crashcart.Cli;
using Crashcart.Interop;
using Crashcart.Sessions;
using Serilog;
using Serilog.Events;

namespace Crashcart;

public static class Program
{
    public static int Main(string[] args)
    {
        bool verbose = args.Contains("-v") || args.Contains("--verbose");
        try
        {
            var split = ArgvSplitter.Split(args);
            var cl = new CommandLine();
            var parsed = cl.Parse(split.Options);
            if (CommandLine.IsHelpOrVersion(parsed)) return parsed.Invoke();
            var inv = Invocation.From(split, parsed, cl, ForegroundGroup.IsTerminal(0));
            verbose = inv.Verbose;
            ConfigureLogging(inv.Verbose, inv.Quiet);
            if (inv.List) return SessionMaintenance.List(Console.Out);
            if (inv.Cleanup)
            {
                if (Credentials.EffectiveUid() != 0) throw new CrashcartException("must run as root to clean up sessions");
                return SessionMaintenance.Cleanup(inv.Quiet);
            }
            return new SessionRunner().Run(inv.Session!);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"crashcart: {ErrorReport.Chain(e)}");
            if (verbose) Console.Error.WriteLine(e);
            return ErrorReport.ExitCode(e);
        }
        finally
        {
            Log.CloseAndFlush();
        }
    }

    private static void ConfigureLogging(bool verbose, bool quiet)
    {
        var level = verbose ? LogEventLevel.Debug : quiet ? LogEventLevel.Error : LogEventLevel.Warning;
        // A one-line stderr sink instead of Serilog.Sinks.Console: its template/theme setup is
        // measurable in a tool whose whole run should take tens of milliseconds.
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Sink(new StderrSink())
            .CreateLogger();
    }
}
