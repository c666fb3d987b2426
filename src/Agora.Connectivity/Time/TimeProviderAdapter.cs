using Agora.Connectivity.Internal;

namespace Agora.Connectivity;

/// <summary>Lets any <see cref="TimeProvider"/> (including a test's own) serve as an <see cref="ITimeProvider"/>.</summary>
public sealed class TimeProviderAdapter : ITimeProvider
{
    /// <summary>Initializes a new instance of the <see cref="TimeProviderAdapter"/> class.</summary>
    /// <param name="timeProvider">The time provider to read and schedule with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public TimeProviderAdapter(TimeProvider timeProvider) => TimeProvider = Guard.NotNull(timeProvider);

    /// <summary>Gets the wrapped time provider.</summary>
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc/>
    public long TimestampFrequency => TimeProvider.TimestampFrequency;

    /// <inheritdoc/>
    public DateTimeOffset GetUtcNow() => TimeProvider.GetUtcNow();

    /// <inheritdoc/>
    public long GetTimestamp() => TimeProvider.GetTimestamp();

    /// <inheritdoc/>
    public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => TimeProvider.CreateTimer(Guard.NotNull(callback), state, dueTime, period);
}
