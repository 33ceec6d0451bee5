// Environment every crashcart process started by these tests inherits.
using System.Runtime.CompilerServices;

namespace Crashcart.Sideloader.Tests.Fixtures;

internal static class ChildEnvironment
{
    [ModuleInitializer]
    internal static void Set()
    {
        // The .NET runtime's diagnostics server creates /tmp/dotnet-diagnostic-* sockets and
        // clr-debug-pipe-* FIFOs that a SIGKILLed crashcart (the fault tests do that) never removes.
        Environment.SetEnvironmentVariable("DOTNET_EnableDiagnostics", "0");
    }
}
