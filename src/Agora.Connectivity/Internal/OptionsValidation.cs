using System.Globalization;

namespace Agora.Connectivity.Internal;

/// <summary>The checks and sentences every options class validates with, so all of them read alike.</summary>
internal static class OptionsValidation
{
    /// <summary>
    /// Adds a failure unless <paramref name="value"/> is above zero and at most <paramref name="max"/>, the option's documented upper
    /// bound: a timeout far beyond it is almost surely a misread value (in configuration a bare <c>4</c> is 4 days, not 4 seconds),
    /// so the message says how timeouts are written.
    /// </summary>
    public static void Timeout(List<string> failures, string name, TimeSpan value, TimeSpan max, bool allowZero = false)
    {
        if (value < TimeSpan.Zero || (value == TimeSpan.Zero && !allowZero))
        {
            failures.Add($"{name} must be {(allowZero ? "zero or more" : "greater than zero")}; it was {Format(value)}.");
        }
        else if (value > max)
        {
            failures.Add($"{name} must be at most {Format(max)}; it was {Format(value)}. Timeouts are written as hh:mm:ss (00:00:04 is 4 seconds; a bare 4 is read as 4 days).");
        }
    }

    /// <summary>
    /// Adds a failure unless <paramref name="value"/> lies in the range an SDK accepts, from <paramref name="min"/> to <paramref name="max"/>;
    /// when <paramref name="clampedBy"/> names an SDK that clamps such a value instead, the message says what it would have used.
    /// </summary>
    public static void Range(List<string> failures, string name, TimeSpan value, TimeSpan min, TimeSpan max, string source, string? clampedBy = null)
    {
        if (value < min || value > max)
        {
            var clamped = clampedBy is null ? string.Empty : $" {clampedBy} would have used {Format(value < min ? min : max)} instead.";
            var hint = value >= TimeSpan.FromDays(1) ? " Timeouts are written as hh:mm:ss (00:00:05 is 5 seconds; a bare 5 is read as 5 days)." : string.Empty;
            failures.Add($"{name} must be from {Format(min)} to {Format(max)} ({source}); it was {Format(value)}.{clamped}{hint}");
        }
    }

    /// <summary>Adds a failure unless <paramref name="value"/> is a defined value of its enumeration.</summary>
    public static void Defined<TEnum>(List<string> failures, string name, TEnum value)
        where TEnum : struct, Enum
    {
        if (Array.IndexOf(EnumValues<TEnum>.All, value) < 0)
        {
            failures.Add($"{name} must be one of {string.Join(", ", EnumValues<TEnum>.All)}; it was {value}.");
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every failure, when there are any.</summary>
    public static void ThrowIfInvalid(List<string> failures, string optionsType, string parameterName)
    {
        if (failures.Count > 0)
        {
            throw new ArgumentException($"The {optionsType} are not valid. {string.Join(" ", failures)}", parameterName);
        }
    }

    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
