// Serilog sink writing "crashcart: <message>" lines to stderr (stdout belongs to the command).
using Serilog.Core;
using Serilog.Events;

namespace Crashcart.Cli;

public sealed class StderrSink : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        var line = $"crashcart: {logEvent.RenderMessage()}";
        if (logEvent.Exception != null && logEvent.Level <= LogEventLevel.Debug) line += $" ({logEvent.Exception.Message})";
        Console.Error.WriteLine(line);
    }
}
