// SOURCE_DATE_EPOCH (reproducible-builds.org): the one place that reads and validates it.
using System.Globalization;

namespace Crashcart.ImageBuilder.Packing;

public static class SourceDateEpoch
{
    /// <summary>The variable's value in seconds, or null when unset or empty.</summary>
    /// <exception cref="FormatException">Set but not a non-negative whole number; the message names it.</exception>
    public static long? FromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
            throw new FormatException($"SOURCE_DATE_EPOCH: '{text}' is not a number of seconds since 1970");
        return epoch;
    }
}
