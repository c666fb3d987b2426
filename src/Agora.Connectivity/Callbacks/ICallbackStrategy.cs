namespace Agora.Connectivity.Callbacks;

/// <summary>
/// Maps the library's events onto the callbacks one platform's SDK would fire. A strategy is a plain
/// object: write your own to map events onto your app's handler interface.
/// </summary>
public interface ICallbackStrategy
{
    /// <summary>Gets the platform whose callbacks this strategy produces.</summary>
    Platform Platform { get; }

    /// <summary>Maps one event to the callbacks the platform fires for it, in order; none when the platform reports nothing.</summary>
    /// <param name="e">The event.</param>
    /// <returns>The callbacks, possibly empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The library's strategies: <paramref name="e"/> carries a state or reason outside its enum (an event built by hand), which no platform spells.
    /// </exception>
    IReadOnlyList<PlatformCallback> Map(ConnectivityEvent e);
}
