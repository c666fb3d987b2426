namespace Agora.Connectivity.Internal;

/// <summary>Turns the <see cref="TimeProvider"/> a constructor was given into the <see cref="ITimeProvider"/> the library runs on.</summary>
internal static class Clocks
{
    /// <summary>
    /// <see cref="SystemTimeProvider.Instance"/> for <see langword="null"/> or <see cref="TimeProvider.System"/> (its
    /// timestamps are the cheaper tick count); the provider itself when it already is an <see cref="ITimeProvider"/>
    /// (the library's fake); otherwise a <see cref="TimeProviderAdapter"/> over it (Microsoft's fake, a custom one).
    /// </summary>
    public static ITimeProvider From(TimeProvider? timeProvider) => timeProvider switch
    {
        null => SystemTimeProvider.Instance,
        ITimeProvider both => both,
        _ when ReferenceEquals(timeProvider, TimeProvider.System) => SystemTimeProvider.Instance,
        _ => new TimeProviderAdapter(timeProvider),
    };
}
