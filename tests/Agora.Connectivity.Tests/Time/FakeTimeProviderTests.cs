using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.Time;

public class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Constructor_Default_StartsAt2000()
    {
        var time = new FakeTimeProvider();

        Assert.Multiple(() =>
        {
            Assert.That(time.GetUtcNow(), Is.EqualTo(Start));
            Assert.That(time.GetTimestamp(), Is.Zero);
            Assert.That(time.TimestampFrequency, Is.EqualTo(TimeSpan.TicksPerSecond));
        });
    }

    [Test]
    public void Constructor_WithStart_StartsThere()
    {
        var start = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2));

        Assert.That(new FakeTimeProvider(start).GetUtcNow(), Is.EqualTo(start));
    }

    [Test]
    public void Advance_TwoTimers_FireInDueOrderEachAtItsOwnTime()
    {
        var time = new FakeTimeProvider();
        var seen = new List<(string Name, DateTimeOffset At)>();
        using var late = time.CreateTimer(_ => seen.Add(("5 s", time.GetUtcNow())), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => seen.Add(("3 s", time.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.That(seen, Is.EqualTo(new[]
        {
            ("3 s", Start.AddSeconds(3)),
            ("5 s", Start.AddSeconds(5)),
        }));
        Assert.That(time.GetUtcNow(), Is.EqualTo(Start.AddSeconds(10)));
    }

    [Test]
    public void Advance_TimerScheduledByCallbackInsideWindow_FiresInSameCall()
    {
        var time = new FakeTimeProvider();
        var seen = new List<DateTimeOffset>();
        ITimer? second = null;
        using var first = time.CreateTimer(
            _ => second = time.CreateTimer(_ => seen.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan),
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.That(seen, Is.EqualTo(new[] { Start.AddSeconds(2) }));
        second!.Dispose();
    }

    [Test]
    public void Advance_TimerScheduledByCallbackBeyondWindow_WaitsForNextAdvance()
    {
        var time = new FakeTimeProvider();
        var seen = new List<DateTimeOffset>();
        using var first = time.CreateTimer(_ => time.CreateTimer(_ => seen.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(seen, Is.Empty);

        time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(seen, Is.EqualTo(new[] { Start.AddSeconds(6) }));
    }

    [Test]
    public void Advance_DisposedTimer_NeverFires()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(fired, Is.Zero);
            Assert.That(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan), Is.False);
            Assert.That(time.TimerCount, Is.Zero);
        });
    }

    [Test]
    public void Advance_PeriodicTimer_FiresEachPeriod()
    {
        var time = new FakeTimeProvider();
        var seen = new List<TimeSpan>();
        using var timer = time.CreateTimer(_ => seen.Add(time.Elapsed), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(7));

        Assert.That(seen, Is.EqualTo(new[] { 1, 3, 5, 7 }.Select(s => TimeSpan.FromSeconds(s))));
    }

    [Test]
    public void Change_RearmsFromNow_AndInfiniteStops()
    {
        var time = new FakeTimeProvider();
        var seen = new List<TimeSpan>();
        using var timer = time.CreateTimer(_ => seen.Add(time.Elapsed), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan), Is.True);
        time.Advance(TimeSpan.FromSeconds(10));
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.That(seen, Is.EqualTo(new[] { TimeSpan.FromSeconds(3) }));
    }

    [Test]
    public void Advance_TimersDueAtSameInstant_FireInSchedulingOrder()
    {
        var time = new FakeTimeProvider();
        var seen = new List<int>();
        using var a = time.CreateTimer(_ => seen.Add(1), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var b = time.CreateTimer(_ => seen.Add(2), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var c = time.CreateTimer(_ => seen.Add(3), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(seen, Is.EqualTo(new[] { 3, 1, 2 }));
    }

    [Test]
    public void Advance_ZeroDelayTimer_FiresAtNextAdvanceNotInsideCreate()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.That(fired, Is.Zero);
        time.Advance(TimeSpan.Zero);
        Assert.That(fired, Is.EqualTo(1));
    }

    [Test]
    public void Advance_Negative_Throws()
    {
        var time = new FakeTimeProvider();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromTicks(-1)));
        Assert.That(error!.ParamName, Is.EqualTo("delta"));
    }

    [Test]
    public void SetUtcNow_Backwards_Throws_Forwards_FiresTimers()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(Start.AddTicks(-1)));
        time.SetUtcNow(Start.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(fired, Is.EqualTo(1));
            Assert.That(time.GetUtcNow(), Is.EqualTo(Start.AddMinutes(1)));
            Assert.That(time.GetTimestamp(), Is.EqualTo(TimeSpan.FromMinutes(1).Ticks));
        });
    }

    [TestCase(-2L)]
    [TestCase(4_294_967_295L)]
    public void CreateTimer_DelayOutsideWhatATimerHolds_Throws(long milliseconds)
    {
        var time = new FakeTimeProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => time.CreateTimer(_ => { }, null, TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan));
    }

    [Test]
    public void TimerCounts_TrackCreatedScheduledAndDisposed()
    {
        var time = new FakeTimeProvider();
        var stopped = time.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var armed = time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.Multiple(() =>
        {
            Assert.That(time.TimerCount, Is.EqualTo(2));
            Assert.That(time.ScheduledTimerCount, Is.EqualTo(1));
        });

        stopped.Dispose();
        armed.Dispose();
        armed.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(time.TimerCount, Is.Zero);
            Assert.That(time.ScheduledTimerCount, Is.Zero);
        });
    }

    [Test]
    public void Advance_MaxValueFromTheStart_ThrowsUpFront_AndLeavesTheClockUsable()
    {
        var time = new FakeTimeProvider();

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.MaxValue));

        Assert.That(thrown!.ParamName, Is.EqualTo("delta"));
        Assert.That(thrown.Message, Does.Contain("cannot pass DateTimeOffset.MaxValue"));
        Assert.That(time.GetUtcNow(), Is.EqualTo(Start));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(time.GetUtcNow(), Is.EqualTo(Start.AddSeconds(1)));
    }

    [Test]
    public void Advance_MaxValueAfterAnEarlierAdvance_ThrowsInsteadOfOverflowing()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.MaxValue));

        Assert.That(time.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(fired, Is.Zero);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.That(fired, Is.EqualTo(1));
    }

    [Test]
    public void Advance_UpToTheLastRepresentableInstant_IsAllowed_AndOneTickMoreIsNot()
    {
        var time = new FakeTimeProvider(DateTimeOffset.MaxValue.AddDays(-1));

        time.Advance(TimeSpan.FromDays(1));

        Assert.That(time.GetUtcNow(), Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromTicks(1)));
        Assert.DoesNotThrow(() => time.Advance(TimeSpan.Zero));
    }

    [Test]
    public void SetUtcNow_PastTheLastInstantOfAnOffsetClock_Throws()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.FromHours(14)));

        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromDays(1)));
        Assert.That(time.Elapsed, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void CreateTimer_WithABadDelay_Throws_AndIsNotCounted()
    {
        var time = new FakeTimeProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(-2), Timeout.InfiniteTimeSpan));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.CreateTimer(_ => { }, null, TimeSpan.Zero, TimeSpan.FromDays(60)));

        Assert.That(time.TimerCount, Is.Zero);
    }

    [Test]
    public void SetUtcNow_WhileAnotherThreadIsAdvancing_LandsExactlyOnTheValue()
    {
        var time = new FakeTimeProvider();
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var pause = time.CreateTimer(_ => { inside.Set(); release.Wait(); }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var advancer = Task.Run(() => time.Advance(TimeSpan.FromSeconds(3)));
        inside.Wait();
        var setter = new Thread(() => time.SetUtcNow(Start.AddSeconds(10)));
        setter.Start();
        SpinWait.SpinUntil(() => setter.ThreadState.HasFlag(ThreadState.WaitSleepJoin));

        release.Set();
        advancer.Wait();
        setter.Join();

        Assert.That(time.GetUtcNow(), Is.EqualTo(Start.AddSeconds(10)), "SetUtcNow must read the time it moves from after the other advance, not before.");
    }

    [Test]
    public void IsATimeProvider_TaskDelayWakesDuringTheAdvanceThatReachesIt_AtItsInstant()
    {
        var time = new FakeTimeProvider();
        var woke = DateTimeOffset.MinValue;
        var delay = Task.Delay(TimeSpan.FromSeconds(5), time).ContinueWith(_ => woke = time.GetUtcNow(), TaskContinuationOptions.ExecuteSynchronously);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.That(delay.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.That(delay.IsCompleted, Is.True);
        Assert.That(woke, Is.EqualTo(Start.AddSeconds(5)));
        Assert.That(time.TimerCount, Is.Zero, "Task.Delay disposes its timer.");
    }

    [Test]
    public async Task IsATimeProvider_PeriodicTimerTicksOncePerPeriod()
    {
        var time = new FakeTimeProvider();
        using var periodic = new PeriodicTimer(TimeSpan.FromSeconds(2), time);
        var ticks = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var tick = periodic.WaitForNextTickAsync();
            Assert.That(tick.IsCompleted, Is.False);
            time.Advance(TimeSpan.FromSeconds(2));
            Assert.That(await tick, Is.True);
            ticks.Add(time.Elapsed);
        }

        Assert.That(ticks, Is.EqualTo(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6) }));
    }

    [Test]
    public void IsATimeProvider_CancellationTokenSourceCancelsAtItsInstant()
    {
        var time = new FakeTimeProvider();
        using var source = new CancellationTokenSource(TimeSpan.FromSeconds(3), time);

        time.Advance(TimeSpan.FromSeconds(2.999));
        Assert.That(source.IsCancellationRequested, Is.False);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(source.IsCancellationRequested, Is.True);
    }
}
