namespace Agora.Connectivity.Internal;

/// <summary>Conversions between an <see cref="ITimeProvider"/>'s timestamps and <see cref="TimeSpan"/>s.</summary>
internal static class TimeMath
{
    /// <summary>The longest delay a <see cref="System.Threading.Timer"/> accepts (0xFFFFFFFE ms, about 49.7 days).</summary>
    public static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>Gets the time from <paramref name="start"/> to <paramref name="end"/>, both timestamps of <paramref name="time"/>.</summary>
    public static TimeSpan Elapsed(ITimeProvider time, long start, long end)
    {
        var frequency = time.TimestampFrequency;
        var delta = end - start;
        return frequency == TimeSpan.TicksPerSecond
            ? new TimeSpan(delta)
            : new TimeSpan((long)(delta * ((double)TimeSpan.TicksPerSecond / frequency)));
    }

    /// <summary>Gets how long until <paramref name="timeout"/> has passed since <paramref name="since"/>, never negative.</summary>
    public static TimeSpan Remaining(ITimeProvider time, long since, long now, TimeSpan timeout)
    {
        var remaining = timeout - Elapsed(time, since, now);
        return remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
    }
}
