namespace Agora.Connectivity.Internal;

/// <summary>Conversions between an <see cref="ITimeProvider"/>'s timestamps and <see cref="TimeSpan"/>s.</summary>
internal static class TimeMath
{
    /// <summary>The longest delay a <see cref="System.Threading.Timer"/> accepts (0xFFFFFFFE ms, about 49.7 days).</summary>
    public static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>How far the timestamp may move across one read of the wall clock for <see cref="Now"/> to pair them.</summary>
    public static readonly TimeSpan ConsistentReadTolerance = TimeSpan.FromMilliseconds(1);

    private const int MaxConsistentReads = 4;

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

    /// <summary>
    /// Reads <paramref name="time"/>'s wall clock and timestamp as one moment.
    /// </summary>
    /// <remarks>
    /// They are two reads; a clock that another thread moves between them (a shared fake advanced elsewhere) would pair one
    /// moment's now with another moment's timestamp, off by the whole move. The timestamp is read on both sides of the wall
    /// clock, and the pair is taken once the two are within <see cref="ConsistentReadTolerance"/> of each other (the real
    /// clock always is; a fake one is exact unless it was moved, and is read again). After a few moved reads the last pair
    /// is taken: a clock moved that often has no "now" more right than another.
    /// </remarks>
    public static (DateTimeOffset UtcNow, long Timestamp) Now(ITimeProvider time)
    {
        var tolerance = ToTimestampUnits(time, ConsistentReadTolerance);
        long before, after;
        DateTimeOffset now;
        var reads = 0;
        do
        {
            before = time.GetTimestamp();
            now = time.GetUtcNow();
            after = time.GetTimestamp();
        }
        while (after - before > tolerance && ++reads < MaxConsistentReads);

        return (now, before);
    }

    /// <summary>Gets the wall-clock instant of <paramref name="timestamp"/> (now, or a moment ago), by <paramref name="time"/>'s clocks read as one moment (<see cref="Now"/>).</summary>
    public static DateTimeOffset InstantOf(ITimeProvider time, long timestamp) => InstantOf(time, timestamp, Now(time));

    /// <summary>Gets the wall-clock instant of <paramref name="timestamp"/> (now, or a moment ago), by a reading of <paramref name="time"/>'s clocks taken once (<see cref="Now"/>) for many.</summary>
    public static DateTimeOffset InstantOf(ITimeProvider time, long timestamp, (DateTimeOffset UtcNow, long Timestamp) reading)
    {
        var (now, nowTimestamp) = reading;
        var ago = Elapsed(time, timestamp, nowTimestamp);
        // Stryker disable once Equality : at zero both branches give now.
        return ago > TimeSpan.Zero ? now - ago : now;
    }

    /// <summary>
    /// Gets the timestamp <paramref name="timeout"/> after <paramref name="anchor"/>, saturated at <see cref="long.MaxValue"/>: a
    /// deadline past the end of the clock is one that never comes, never a wrapped negative one that comes at once.
    /// </summary>
    public static long DueAt(ITimeProvider time, long anchor, TimeSpan timeout)
    {
        var units = ToTimestampUnits(time, timeout);
        return anchor > long.MaxValue - units ? long.MaxValue : anchor + units;
    }

    /// <summary>Converts <paramref name="duration"/> (not negative) to units of <paramref name="time"/>'s timestamps, saturated at <see cref="long.MaxValue"/>.</summary>
    public static long ToTimestampUnits(ITimeProvider time, TimeSpan duration)
    {
        if (time.TimestampFrequency == TimeSpan.TicksPerSecond)
        {
            return duration.Ticks;
        }

        var units = duration.Ticks * ((double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
        return units >= long.MaxValue ? long.MaxValue : (long)units;
    }
}
