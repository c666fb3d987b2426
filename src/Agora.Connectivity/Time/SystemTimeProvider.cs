namespace Agora.Connectivity;

/// <summary>The real clock: <see cref="TimeProvider.System"/> behind <see cref="ITimeProvider"/>.</summary>
public sealed class SystemTimeProvider : ITimeProvider
{
    private SystemTimeProvider()
    {
    }

    /// <summary>Gets the single instance, which every machine uses when it is given no time provider.</summary>
    public static SystemTimeProvider Instance { get; } = new();

    /// <inheritdoc/>
    public long TimestampFrequency => TimeProvider.System.TimestampFrequency;

    /// <inheritdoc/>
    public DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow();

    /// <inheritdoc/>
    public long GetTimestamp() => TimeProvider.System.GetTimestamp();

    /// <inheritdoc/>
    public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => TimeProvider.System.CreateTimer(callback, state, dueTime, period);
}
