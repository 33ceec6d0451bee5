// Serilog sink writing "crashcart: <message>" lines to stderr (stdout belongs to the command).
// Values are rendered bare (no quotes around strings), so log lines read like the error lines.
using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Crashcart.Cli;

public sealed class StderrSink : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        var sb = new StringBuilder("crashcart: ");
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is TextToken text) sb.Append(text.Text);
            else if (token is PropertyToken p && logEvent.Properties.TryGetValue(p.PropertyName, out var value))
                sb.Append(value is ScalarValue { Value: var v } ? v?.ToString() : value.ToString());
        }
        Console.Error.WriteLine(sb.ToString());
    }
}
