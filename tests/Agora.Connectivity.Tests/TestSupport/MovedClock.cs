using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>
/// Fake time seen from a shifted place on the clock, which "another thread" can move at a chosen moment: the next read of the
/// wall clock first moves both clocks by a set amount, as a shared clock advanced elsewhere between two reads would. Timers are
/// the fake's own, so only the fake's <c>Advance</c> fires them.
/// </summary>
internal sealed class MovedClock(FakeTimeProvider time, long timestampOffset = 0) : ITimeProvider
{
    private long _moved;
    private long _pendingMove;
    private int _readsBeforeMove;

    /// <summary>Gets a clock whose timestamps start <paramref name="left"/> before the last one a <see cref="long"/> holds.</summary>
    public static MovedClock NearTheEnd(FakeTimeProvider time, TimeSpan left) => new(time, long.MaxValue - left.Ticks);

    public long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Gets how far the clock has been moved beyond the fake's own time.</summary>
    public TimeSpan Moved => TimeSpan.FromTicks(Volatile.Read(ref _moved));

    /// <summary>Moves the clock by <paramref name="delta"/> at the next read of the wall clock, before that read.</summary>
    public void MoveAtNextWallClockRead(TimeSpan delta) => MoveAtWallClockRead(1, delta);

    /// <summary>Moves the clock by <paramref name="delta"/> just before the <paramref name="read"/>-th read of the wall clock from now.</summary>
    public void MoveAtWallClockRead(int read, TimeSpan delta)
    {
        Volatile.Write(ref _readsBeforeMove, read - 1);
        Volatile.Write(ref _pendingMove, delta.Ticks);
    }

    public DateTimeOffset GetUtcNow()
    {
        if (Volatile.Read(ref _pendingMove) != 0 && Interlocked.Decrement(ref _readsBeforeMove) >= 0)
        {
            return time.GetUtcNow() + Moved;
        }

        var move = Interlocked.Exchange(ref _pendingMove, 0);
        Interlocked.Add(ref _moved, move);
        return time.GetUtcNow() + Moved;
    }

    public long GetTimestamp() => timestampOffset + time.GetTimestamp() + Volatile.Read(ref _moved);

    public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => ((ITimeProvider)time).CreateTimer(callback, state, dueTime, period);
}
