using System.Globalization;

namespace Agora.Connectivity.Internal;

/// <summary>The checks and sentences every options class validates with, so all of them read alike.</summary>
internal static class OptionsValidation
{
    /// <summary>Adds a failure unless <paramref name="value"/> is a delay a timer can wait for: above zero and at most <see cref="TimeMath.MaxTimerDelay"/>.</summary>
    public static void Timeout(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be greater than zero; it was {Format(value)}.");
        }
        else if (value > TimeMath.MaxTimerDelay)
        {
            failures.Add($"{name} must be at most {Format(TimeMath.MaxTimerDelay)}, the longest delay a timer can hold; it was {Format(value)}.");
        }
    }

    /// <summary>Adds a failure unless <paramref name="value"/> is a defined value of its enumeration.</summary>
    public static void Defined<TEnum>(List<string> failures, string name, TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(typeof(TEnum), value))
        {
            failures.Add($"{name} must be one of {string.Join(", ", Enum.GetNames(typeof(TEnum)))}; it was {value}.");
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
