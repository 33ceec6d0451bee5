// Parses, sets up logging (stderr only), runs, and turns exceptions into one-line errors and exit codes.
using System.CommandLine;
using Serilog;
using Serilog.Events;

namespace Crashcart.ImageBuilder.Cli;

public static class CliRunner
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log debug details and show stack traces", Recursive = true };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Only log errors", Recursive = true };

    public static int Invoke(RootCommand root, string[] args)
    {
        root.Options.Add(Verbose);
        root.Options.Add(Quiet);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"crashcart-image: {e.Message}");
            Console.Error.WriteLine("Try 'crashcart-image --help'.");
            return ExitCodes.Usage;
        }
        bool verbose = parse.GetValue(Verbose);
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : parse.GetValue(Quiet) ? LogEventLevel.Error : LogEventLevel.Information)
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}")
            .CreateLogger();
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"crashcart-image: {e.Message}");
            if (verbose && e.InnerException != null) Console.Error.WriteLine(e.InnerException);
            return e.ExitCode;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"crashcart-image: internal error: {e.Message}");
            if (verbose) Console.Error.WriteLine(e);
            return ExitCodes.Internal;
        }
        finally
        {
            Log.CloseAndFlush();
        }
    }
}
