namespace Agora.Connectivity;

/// <summary>
/// The clock every machine in the library reads and the timers it schedules. Nothing in the library
/// reads the system clock or starts a timer except through this interface, so tests can substitute
/// fake time (<c>Agora.Connectivity.Testing.FakeTimeProvider</c>).
/// </summary>
/// <remarks>
/// Use <see cref="SystemTimeProvider.Instance"/> for the real clock, or wrap any
/// <see cref="TimeProvider"/> in a <see cref="TimeProviderAdapter"/>.
/// </remarks>
public interface ITimeProvider
{
    /// <summary>Gets the current wall-clock time, used to stamp events.</summary>
    /// <returns>The current UTC time.</returns>
    DateTimeOffset GetUtcNow();

    /// <summary>
    /// Gets a monotonic timestamp, in units of <see cref="TimestampFrequency"/> per second. Silence
    /// is measured with it; it never goes backwards. It is read on the per-packet path, so it must be cheap.
    /// </summary>
    /// <returns>The current timestamp.</returns>
    long GetTimestamp();

    /// <summary>Gets the number of <see cref="GetTimestamp"/> units in one second.</summary>
    long TimestampFrequency { get; }

    /// <summary>Creates a timer that calls <paramref name="callback"/> once after <paramref name="dueTime"/> and then every <paramref name="period"/>.</summary>
    /// <param name="callback">The method to call. It may run on any thread.</param>
    /// <param name="state">The argument passed to <paramref name="callback"/>.</param>
    /// <param name="dueTime">The delay before the first call; <see cref="Timeout.InfiniteTimeSpan"/> creates it stopped.</param>
    /// <param name="period">The interval between later calls; <see cref="Timeout.InfiniteTimeSpan"/> calls only once.</param>
    /// <returns>The timer, which the caller disposes.</returns>
    ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period);
}
