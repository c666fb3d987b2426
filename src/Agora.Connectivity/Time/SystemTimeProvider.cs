using Agora.Connectivity.Internal;

namespace Agora.Connectivity;

/// <summary>
/// The real clock: <see cref="TimeProvider.System"/>'s wall clock and timers behind <see cref="ITimeProvider"/>,
/// and the system's cheapest monotonic counter for timestamps (on .NET 8 and later the millisecond tick
/// count, which the per-packet reports read in a few nanoseconds).
/// </summary>
public sealed class SystemTimeProvider : ITimeProvider
{
    private SystemTimeProvider()
    {
    }

    /// <summary>Gets the single instance, which every machine uses when it is given no time provider.</summary>
    public static SystemTimeProvider Instance { get; } = new();

    /// <inheritdoc/>
    /// <value>1000 (milliseconds) on .NET 8 and later; <see cref="System.Diagnostics.Stopwatch.Frequency"/> on netstandard2.0.</value>
    public long TimestampFrequency => MonotonicClock.Frequency;

    /// <inheritdoc/>
    public DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow();

    /// <inheritdoc/>
    public long GetTimestamp() => MonotonicClock.GetTimestamp();

    /// <inheritdoc/>
    public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => TimeProvider.System.CreateTimer(callback, state, dueTime, period);
}
