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
