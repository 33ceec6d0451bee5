// TEMPORARY timing probe (removed before hand-off).
namespace Crashcart;
public static class TmpProbe
{
    private static readonly bool On = Environment.GetEnvironmentVariable("CRASHCART_TIMING") == "1";
    private static readonly long T0 = System.Diagnostics.Stopwatch.GetTimestamp();
    public static void Mark(string what)
    {
        if (On) Console.Error.WriteLine($"T {System.Diagnostics.Stopwatch.GetElapsedTime(T0).TotalMilliseconds,8:F2} {what}");
    }
}
