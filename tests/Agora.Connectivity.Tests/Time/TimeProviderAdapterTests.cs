using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.Time;

public class TimeProviderAdapterTests
{
    [Test]
    public void Adapter_ForwardsClockAndTimersToTheWrappedProvider()
    {
        var inner = new ManualTimeProvider();
        var adapter = new TimeProviderAdapter(inner);
        var fired = 0;

        using var timer = adapter.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.Multiple(() =>
        {
            Assert.That(adapter.TimeProvider, Is.SameAs(inner));
            Assert.That(adapter.GetUtcNow(), Is.EqualTo(inner.Now));
            Assert.That(adapter.GetTimestamp(), Is.EqualTo(42));
            Assert.That(adapter.TimestampFrequency, Is.EqualTo(1000));
            Assert.That(inner.CreatedDue, Is.EqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public void Adapter_NullProvider_Throws()
    {
        var error = Assert.Throws<ArgumentNullException>(() => _ = new TimeProviderAdapter(null!));
        Assert.That(error!.ParamName, Is.EqualTo("timeProvider"));
    }

    [Test]
    public void SystemTimeProvider_ReadsTheRealClock()
    {
        var provider = SystemTimeProvider.Instance;
        var before = DateTimeOffset.UtcNow;
        var now = provider.GetUtcNow();
        var t1 = provider.GetTimestamp();
        var t2 = provider.GetTimestamp();

        Assert.Multiple(() =>
        {
            Assert.That(now, Is.GreaterThanOrEqualTo(before).And.LessThan(before.AddMinutes(1)));
            Assert.That(t2, Is.GreaterThanOrEqualTo(t1));
            Assert.That(provider.TimestampFrequency, Is.EqualTo(1000), "the millisecond tick count on .NET 8 and later");
        });
    }

    [Test]
    public void SystemTimeProvider_TimerFires()
    {
        using var fired = new ManualResetEventSlim();
        using var timer = SystemTimeProvider.Instance.CreateTimer(_ => fired.Set(), null, TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);

        Assert.That(fired.Wait(TimeSpan.FromSeconds(10)), Is.True);
    }

    private sealed class ManualTimeProvider : TimeProvider
    {
        public DateTimeOffset Now { get; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public TimeSpan? CreatedDue { get; private set; }

        public override long TimestampFrequency => 1000;

        public override DateTimeOffset GetUtcNow() => Now;

        public override long GetTimestamp() => 42;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            CreatedDue = dueTime;
            return new FakeTimeProvider().CreateTimer(callback, state, dueTime, period);
        }
    }
}
