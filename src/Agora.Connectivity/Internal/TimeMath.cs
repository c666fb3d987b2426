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

    /// <summary>
    /// Records <paramref name="now"/> as the last activity, writing only when it differs from what is
    /// there: with a millisecond clock nearly every report in a burst finds its own value already stored,
    /// and a read keeps the cache line shared between cores where a write would take it from them.
    /// </summary>
    public static void Stamp(ref long lastActivity, long now)
    {
        if (Volatile.Read(ref lastActivity) != now)
        {
            Volatile.Write(ref lastActivity, now);
        }
    }

    /// <summary>Gets the wall-clock instant of <paramref name="timestamp"/> (now, or a moment ago), by <paramref name="time"/>'s clocks.</summary>
    public static DateTimeOffset InstantOf(ITimeProvider time, long timestamp)
    {
        var ago = Elapsed(time, timestamp, time.GetTimestamp());
        var now = time.GetUtcNow();
        // Stryker disable once Equality : at zero both branches give now.
        return ago > TimeSpan.Zero ? now - ago : now;
    }

    /// <summary>Converts <paramref name="duration"/> to units of <paramref name="time"/>'s timestamps.</summary>
    public static long ToTimestampUnits(ITimeProvider time, TimeSpan duration)
        => time.TimestampFrequency == TimeSpan.TicksPerSecond
            ? duration.Ticks
            : (long)(duration.Ticks * ((double)time.TimestampFrequency / TimeSpan.TicksPerSecond));
}
