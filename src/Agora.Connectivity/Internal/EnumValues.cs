// The one other target-specific line of the library (besides Polyfills.cs): the generic Enum.GetValues, where it exists.
namespace Agora.Connectivity.Internal;

/// <summary>
/// Every value of an enum, in the order of their values, read once: the generic <c>Enum.GetValues&lt;T&gt;</c> where it exists, which a
/// Native AOT build can compile ahead of time (the <see cref="Type"/> overload cannot: IL3050).
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
internal static class EnumValues<T>
    where T : struct, Enum
{
#if NET5_0_OR_GREATER
    public static readonly T[] All = Enum.GetValues<T>();
#else
    public static readonly T[] All = (T[])Enum.GetValues(typeof(T));
#endif
}

/// <summary>
/// The position of an <see langword="int"/>-backed enum's value among its defined values' range, for tables indexed by state and
/// trigger: an array read instead of a hash of the pair.
/// </summary>
/// <typeparam name="T">The enum; its values must fit an <see langword="int"/>.</typeparam>
internal static class EnumIndex<T>
    where T : struct, Enum
{
    private static readonly int Min = EnumValues<T>.All.Length == 0 ? 0 : EnumValues<T>.All.Min(v => Value(v));

    /// <summary>Gets how many indexes the range of defined values spans.</summary>
    public static readonly int Count = EnumValues<T>.All.Length == 0 ? 0 : EnumValues<T>.All.Max(v => Value(v)) - Min + 1;

    /// <summary>Gets the index of <paramref name="value"/>: its distance from the smallest defined value.</summary>
    /// <returns>The index; out of <c>[0, Count)</c> for a value outside the defined range.</returns>
    public static int Of(T value) => Value(value) - Min;

    private static int Value(T value)
    {
        if (System.Runtime.CompilerServices.Unsafe.SizeOf<T>() != sizeof(int))
        {
            throw new NotSupportedException($"{typeof(T).Name} is not int-backed.");
        }

        return System.Runtime.CompilerServices.Unsafe.As<T, int>(ref value);
    }
}
