using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.Internal;

/// <summary>
/// Time arithmetic at its edges: exact to the tick at the <see cref="TimeSpan"/> frequency however long the span, an instant never
/// placed in the future, and a token's expiry on a clock near the end of its range saturating instead of wrapping.
/// </summary>
public class ClockEdgeTests
{
    private const long Huge = (1L << 60) + 1; // about 3,650 years of ticks: more than a double holds exactly

    [Test]
    public void AtTheTimeSpanFrequency_ConversionsAreExactToTheTick_HoweverLong()
    {
        var time = new FakeTimeProvider();

        Assert.That(TimeMath.Elapsed(time, 0, Huge), Is.EqualTo(TimeSpan.FromTicks(Huge)));
        Assert.That(TimeMath.ToTimestampUnits(time, TimeSpan.FromTicks(Huge)), Is.EqualTo(Huge));
    }

    [Test]
    public void InstantOf_ATimestampAheadOfTheClock_IsNow_APastOneIsThatLongAgo()
    {
        var time = new FakeTimeProvider();
        time.Advance(TimeSpan.FromSeconds(10));
        var now = time.GetTimestamp();

        Assert.That(TimeMath.InstantOf(time, now + TimeSpan.FromSeconds(1).Ticks), Is.EqualTo(time.GetUtcNow()));
        Assert.That(TimeMath.InstantOf(time, now - TimeSpan.FromSeconds(3).Ticks), Is.EqualTo(time.GetUtcNow() - TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void TokenPlacedOnAClockNearItsEnd_SaturatesAtTheLastTimestamp_InsteadOfWrapping()
    {
        var clock = new NearTheEndClock(ticksLeft: 1_000);

        var token = TokenLifetime.Start(clock.GetUtcNow() + TimeSpan.FromHours(1), (clock.GetUtcNow(), clock.GetTimestamp()), clock, TimeSpan.FromSeconds(30));

        Assert.That(token.DueAt, Is.EqualTo(long.MaxValue));
        Assert.That(token.WarnAt, Is.EqualTo(clock.GetTimestamp()), "30 s before the last timestamp is already past: the warning is due at once");
        Assert.That(token.Warned, Is.False);
    }

    [Test]
    public void TokenFurtherAheadThanTheClockCanCount_IsRefused_NamingTheExpiryInRoundTripFormat()
    {
        var clock = new NearTheEndClock(ticksLeft: 1_000);
        var expiresAt = clock.GetUtcNow() + TimeSpan.FromSeconds(1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TokenLifetime.ThrowIfInvalid(expiresAt, clock, allowPast: false, "tokenExpiresAt"));

        Assert.That(error!.ParamName, Is.EqualTo("tokenExpiresAt"));
        Assert.That(error.Message, Does.StartWith($"The token's expiry {expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)} is further ahead than the machine's clock can count."));
        Assert.DoesNotThrow(() => TokenLifetime.ThrowIfInvalid(clock.GetUtcNow() + TimeSpan.FromTicks(500), clock, allowPast: false, "tokenExpiresAt"));
    }

    [Test]
    public void Machine_OnAClockNearItsEnd_RefusesAJoinWhoseTokenItCannotPlace_AndStaysDisconnected()
    {
        var clock = new NearTheEndClock(ticksLeft: 1_000);
        using var machine = new RtcConnectionStateMachine(timeProvider: clock);

        Assert.Throws<ArgumentOutOfRangeException>(() => machine.JoinChannel(clock.GetUtcNow() + TimeSpan.FromMinutes(1)));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Disconnected));
    }

    /// <summary>A 10 MHz clock that stands a few ticks before the last timestamp a <see cref="long"/> holds.</summary>
    private sealed class NearTheEndClock(long ticksLeft) : ITimeProvider
    {
        private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        public long TimestampFrequency => TimeSpan.TicksPerSecond;

        public DateTimeOffset GetUtcNow() => Now;

        public long GetTimestamp() => long.MaxValue - ticksLeft;

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => new FakeTimeProvider().CreateTimer(callback, state, dueTime, period);
    }
}
