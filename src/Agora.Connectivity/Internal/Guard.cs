using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Agora.Connectivity.Internal;

/// <summary>Argument checks that read the same on every target framework.</summary>
internal static class Guard
{
    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        if (value is null)
        {
            ThrowArgumentNull(name);
        }

        return value;
    }

    public static void Defined<TEnum>(TEnum value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(typeof(TEnum), value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{value} is not a defined {typeof(TEnum).Name} value.");
        }
    }

    [DoesNotReturn]
    private static void ThrowArgumentNull(string? name) => throw new ArgumentNullException(name);
}
