namespace Agora.Connectivity.Testing;

/// <summary>
/// Time that moves only when a test moves it. Timers fire on the thread that calls
/// <see cref="Advance"/> or <see cref="SetUtcNow"/>, in due-time order, each with the clock set to its
/// own due time.
/// </summary>
/// <remarks>
/// <para>It is a <see cref="TimeProvider"/> as well as an <see cref="ITimeProvider"/>, so one instance
/// drives both the library's machines and an app's own code written against <see cref="TimeProvider"/>:
/// <c>Task.Delay(delay, fake)</c>, a <c>PeriodicTimer</c> or a <c>CancellationTokenSource</c> on it,
/// Polly. A delay wakes during the <see cref="Advance"/> that reaches its due time, interleaved in due
/// order with the machines' deadlines. (Microsoft's <c>FakeTimeProvider</c>, from
/// Microsoft.Extensions.TimeProvider.Testing, works with the machines too, through their
/// <see cref="TimeProvider"/> constructors; where both namespaces are imported, name this one with an
/// alias: <c>using FakeTimeProvider = Agora.Connectivity.Testing.FakeTimeProvider;</c>.)</para>
/// <para>
/// A timer created or re-armed by a callback during an <see cref="Advance"/> fires in the same call
/// if it falls due before the end of the window. A timer due at the current instant (a zero delay)
/// fires at the next <see cref="Advance"/>, including <c>Advance(TimeSpan.Zero)</c>, never inside
/// <see cref="CreateTimer"/> or <see cref="ITimer.Change"/>. Timers due at the same instant fire in
/// the order they were scheduled.</para>
/// </remarks>
public sealed class FakeTimeProvider : TimeProvider, ITimeProvider
{
    private static readonly DateTimeOffset DefaultStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly object _gate = new();
    private readonly object _advanceGate = new();
    private readonly SortedSet<FakeTimer> _scheduled = new(FakeTimer.DueOrder);
    private long _elapsedTicks;
    private long _sequence;
    private int _timerCount;

    /// <summary>Initializes a new instance of the <see cref="FakeTimeProvider"/> class at 2000-01-01T00:00:00Z.</summary>
    public FakeTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FakeTimeProvider"/> class at <paramref name="start"/>.</summary>
    /// <param name="start">The time <see cref="GetUtcNow"/> returns until time is moved.</param>
    public FakeTimeProvider(DateTimeOffset start) => Start = start;

    /// <summary>Gets the instant this clock started at.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets how far time has moved since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => new(Volatile.Read(ref _elapsedTicks));

    /// <summary>Gets the number of timers created and not yet disposed, whether or not they are scheduled.</summary>
    public int TimerCount => Volatile.Read(ref _timerCount);

    /// <summary>Gets the number of timers that are scheduled to fire.</summary>
    public int ScheduledTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _scheduled.Count;
            }
        }
    }

    /// <inheritdoc cref="ITimeProvider.TimestampFrequency"/>
    /// <value>Ticks of 100 ns: <see cref="TimeSpan.TicksPerSecond"/>.</value>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc cref="ITimeProvider.GetUtcNow"/>
    public override DateTimeOffset GetUtcNow() => Start + Elapsed;

    /// <inheritdoc cref="ITimeProvider.GetTimestamp"/>
    /// <remarks>The number of 100 ns ticks since <see cref="Start"/>.</remarks>
    public override long GetTimestamp() => Volatile.Read(ref _elapsedTicks);

    /// <summary>Moves time forward by <paramref name="delta"/>, firing every timer that falls due on the way.</summary>
    /// <param name="delta">How far to move; zero fires the timers due now.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="delta"/> is negative, or would move the clock past <see cref="DateTimeOffset.MaxValue"/>;
    /// the clock is left where it was.
    /// </exception>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Time cannot move backwards: the delta must be zero or positive.");
        }

        lock (_advanceGate)
        {
            AdvanceTo_NeedsAdvanceLock(Volatile.Read(ref _elapsedTicks), delta, nameof(delta));
        }
    }

    /// <summary>Moves time forward to <paramref name="value"/>, firing every timer that falls due on the way.</summary>
    /// <param name="value">The new current time.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is earlier than the current time.</exception>
    /// <remarks>Racing an <see cref="Advance"/> on another thread, it still lands exactly on <paramref name="value"/>, or throws when the other moved time past it.</remarks>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_advanceGate)
        {
            var elapsed = Volatile.Read(ref _elapsedTicks);
            var now = Start + new TimeSpan(elapsed);
            if (value < now)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Time cannot move backwards: it is {now:O} and {value:O} is earlier.");
            }

            AdvanceTo_NeedsAdvanceLock(elapsed, value - now, nameof(value));
        }
    }

    /// <inheritdoc cref="ITimeProvider.CreateTimer"/>
    /// <exception cref="ArgumentOutOfRangeException">A delay is negative (other than <see cref="Timeout.InfiniteTimeSpan"/>) or longer than a system timer can hold (about 49.7 days).</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (callback is null)
        {
            throw new ArgumentNullException(nameof(callback));
        }

        Validate(dueTime, nameof(dueTime));
        Validate(period, nameof(period));
        var timer = new FakeTimer(this, callback, state);
        Interlocked.Increment(ref _timerCount);
        timer.Change(dueTime, period);
        return timer;
    }

    private static void Validate(TimeSpan value, string name)
    {
        if ((value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan) || value > MaxDelay)
        {
            throw new ArgumentOutOfRangeException(name, value, $"A timer delay must be between zero and {MaxDelay}, or Timeout.InfiniteTimeSpan.");
        }
    }

    private void AdvanceTo_NeedsAdvanceLock(long elapsed, TimeSpan delta, string parameterName)
    {
        // The clock reads Start + elapsed, in UTC and in Start's own offset: neither may pass DateTimeOffset.MaxValue.
        var room = DateTimeOffset.MaxValue.UtcTicks - Math.Max(Start.UtcTicks, Start.Ticks) - elapsed;
        if (delta.Ticks > room)
        {
            throw new ArgumentOutOfRangeException(parameterName, delta, $"Time can move at most {new TimeSpan(room)} further from {Start + new TimeSpan(elapsed):O}: the clock cannot pass DateTimeOffset.MaxValue.");
        }

        var target = elapsed + delta.Ticks;
        while (true)
        {
            FakeTimer timer;
            lock (_gate)
            {
                if (_scheduled.Count == 0 || _scheduled.Min!.DueTicks > target)
                {
                    Volatile.Write(ref _elapsedTicks, Math.Max(_elapsedTicks, target));
                    return;
                }

                timer = _scheduled.Min;
                _scheduled.Remove(timer);
                Volatile.Write(ref _elapsedTicks, Math.Max(_elapsedTicks, timer.DueTicks));
                if (timer.PeriodTicks > 0)
                {
                    Schedule_NeedsLock(timer, timer.DueTicks + timer.PeriodTicks);
                }
                else
                {
                    timer.IsScheduled = false;
                }
            }

            timer.Fire();
        }
    }

    private void Schedule_NeedsLock(FakeTimer timer, long dueTicks)
    {
        timer.DueTicks = dueTicks;
        timer.Sequence = ++_sequence;
        timer.IsScheduled = true;
        _scheduled.Add(timer);
    }

    private bool Change(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, nameof(dueTime));
        Validate(period, nameof(period));
        lock (_gate)
        {
            if (timer.IsDisposed)
            {
                return false;
            }

            if (timer.IsScheduled)
            {
                _scheduled.Remove(timer);
                timer.IsScheduled = false;
            }

            timer.PeriodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Schedule_NeedsLock(timer, _elapsedTicks + dueTime.Ticks);
            }

            return true;
        }
    }

    private void Dispose(FakeTimer timer)
    {
        lock (_gate)
        {
            if (timer.IsDisposed)
            {
                return;
            }

            timer.IsDisposed = true;
            if (timer.IsScheduled)
            {
                _scheduled.Remove(timer);
                timer.IsScheduled = false;
            }

            Interlocked.Decrement(ref _timerCount);
        }
    }

    private sealed class FakeTimer : ITimer
    {
        public static readonly IComparer<FakeTimer> DueOrder = Comparer<FakeTimer>.Create(
            (x, y) => x.DueTicks != y.DueTicks ? x.DueTicks.CompareTo(y.DueTicks) : x.Sequence.CompareTo(y.Sequence));

        private readonly FakeTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public long DueTicks { get; set; }

        public long PeriodTicks { get; set; }

        public long Sequence { get; set; }

        public bool IsScheduled { get; set; }

        public bool IsDisposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => _owner.Change(this, dueTime, period);

        public void Dispose() => _owner.Dispose(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        public void Fire() => _callback(_state);
    }
}
