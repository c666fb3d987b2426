using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Callbacks.Internal;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>Behaviour the third round's mutation run found unpinned (docs/reliability.md), each a thing a user can observe.</summary>
public class MutationGapTests3
{
    [Test]
    public void Strategies_SayWhichTableTheyRead_AWebLineByItsName()
    {
        Assert.That(CallbackStrategies.ForWeb(WebSdk.V3).ToString(), Is.EqualTo("Web (Web 3.x)"));
        Assert.That(CallbackStrategies.For(Platform.Linux, SdkGeneration.V4).ToString(), Is.EqualTo("Linux (Android, Windows, Linux, V4)"));
    }

    [TestCase("AbC", "AB_C")]
    [TestCase("ABc", "ABC")]
    [TestCase("Http2Stream", "HTTP2_STREAM")]
    public void UpperSnake_BreaksBeforeACapitalThatFollowsALowerCaseLetterOrADigit(string name, string expected)
        => Assert.That(Spellings.UpperSnake(name), Is.EqualTo(expected));

    [Test]
    public void SubscribingNull_AddsNoHandler_AndNothingFailsWhenEventsAreRaised()
    {
        var logger = new FakeLogger<RtcConnectionStateMachine>();
        using var machine = new RtcConnectionStateMachine(timeProvider: new FakeTimeProvider(), logger: logger);
        var dispatcher = ((IDispatchingSource)machine).Dispatcher;

        machine.EventRaised += null;
        machine.EventRaised -= null;
        machine.JoinChannel();

        Assert.That(dispatcher.HandlerCount, Is.Zero);
        Assert.That(logger.Entries.Where(e => e.EventName == "HandlerFailed"), Is.Empty);
    }

    [Test]
    public void AfterDispose_WhatRegistersForTheDispose_RunsAtOnce()
    {
        var gate = new object();
        var dispatcher = new EventDispatcher(gate, this, "test", NullLogger.Instance);
        lock (gate)
        {
            dispatcher.Dispose_NeedsLock();
        }

        var ran = false;
        dispatcher.OnDisposed(() => ran = true);

        Assert.That(ran, Is.True);
    }

    [Test]
    public void NoDeadlineLeft_NoTimerStaysScheduled()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        Assert.That(time.ScheduledTimerCount, Is.EqualTo(1));

        machine.LeaveChannel();

        Assert.That(time.ScheduledTimerCount, Is.Zero, "a leave cancels the machine's one timer rather than letting it fire for nothing");
    }

    [Test]
    public void Now_OnAClockThatDidNotMove_ReadsTheTimestampTwice_OnOneThatKeepsMoving_GivesUpAfterFourTries()
    {
        var still = new CountingClock(stepPerRead: 0, start: TimeSpan.FromDays(1).Ticks);
        TimeMath.Now(still);
        Assert.That(still.TimestampReads, Is.EqualTo(2));

        var exactlyTheTolerance = new CountingClock(stepPerRead: TimeSpan.FromMilliseconds(1).Ticks);
        TimeMath.Now(exactlyTheTolerance);
        Assert.That(exactlyTheTolerance.TimestampReads, Is.EqualTo(2), "a move of exactly 1 ms is within the tolerance");

        var moving = new CountingClock(stepPerRead: TimeSpan.FromMilliseconds(2).Ticks);
        var (now, timestamp) = TimeMath.Now(moving);
        Assert.That(moving.TimestampReads, Is.EqualTo(8), "four tries of two reads");
        Assert.That(timestamp, Is.EqualTo((6 * TimeSpan.FromMilliseconds(2).Ticks) + 1), "the last pair's first read");
        Assert.That(now, Is.EqualTo(CountingClock.Epoch));
    }

    [Test]
    public void AnAcceptedJoin_IsStampedWithTheReadingItTookOnce_NotARereadClock()
    {
        var fake = new FakeTimeProvider();
        var clock = new MovedClock(fake);
        using var machine = new RtcConnectionStateMachine(timeProvider: clock);
        var recorder = new EventRecorder(machine, fake);
        machine.JoinChannel();
        recorder.Take();

        clock.MoveAtWallClockRead(2, Sec(6)); // a second wall-clock read would see the clock 6 s later
        machine.ReportJoinSuccess();

        Assert.That(recorder.Take().First().Timestamp, Is.EqualTo(fake.Start));
    }

    [Test]
    public void AFireThatRaisesNothing_DoesNotHoldBackTheInstantOfALaterDeadline()
    {
        var fake = new FakeTimeProvider();
        var clock = new MovedClock(fake);
        using var machine = new RtcConnectionStateMachine(timeProvider: clock);
        var recorder = new EventRecorder(machine, fake);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        recorder.Take();

        // The clock jumps 6 s without the fake's timers running; the renewal raises nothing, and the interruption due at 4 s fires late.
        clock.MoveAtNextWallClockRead(Sec(6));
        machine.RenewToken(clock.GetUtcNow() + Min(10));

        Assert.That(recorder.Take().First(), Is.EqualTo(recorder.At(Sec(4), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted))));
    }

    [Test]
    public void ACommandFromAHandler_RunsOnce_AndNothingIsLoggedAsFailed()
    {
        var logger = new FakeLogger<RtcConnectionStateMachine>();
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time, logger: logger);
        var connecting = 0;
        machine.EventRaised += (_, e) =>
        {
            if (e is ConnectionStateChanged { State: ConnectionState.Connecting })
            {
                connecting++;
            }

            if (e is ConnectionStateChanged { State: ConnectionState.Failed })
            {
                machine.LeaveChannel();
                machine.JoinChannel(time.GetUtcNow() + Min(10));
                machine.RenewToken(time.GetUtcNow() + Min(20));
            }
        };
        machine.JoinChannel();
        machine.ReportJoinFailure(ConnectionChangedReason.InvalidToken);

        Assert.That(connecting, Is.EqualTo(2));
        Assert.That(logger.Entries.Where(e => e.EventName is "DeferredCallFailed" or "DeferredCallRejected"), Is.Empty);
    }

    [Test]
    public void RtmLoginWithAToken_TheClockCannotCount_IsRefused()
    {
        var fake = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: MovedClock.NearTheEnd(fake, TimeSpan.FromTicks(1_000)));

        Assert.Throws<ArgumentOutOfRangeException>(() => machine.LoginAsync(fake.GetUtcNow() + Min(1)));
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Disconnected));
    }

    [Test]
    public void RtmRenewToken_OnADisposedMachine_IsObjectDisposed_BeforeTheTokenIsChecked()
    {
        var time = new FakeTimeProvider();
        var machine = new RtmConnectionStateMachine(timeProvider: time);
        machine.Dispose();

        Assert.Throws<ObjectDisposedException>(() => machine.RenewToken(time.GetUtcNow() - Sec(1)));
    }

    [Test]
    public void RtmRenewToken_WhenAborted_SaysToLogOutFirst_WhenDisconnected_Not()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var disconnected = Assert.Throws<InvalidOperationException>(() => machine.RenewToken(time.GetUtcNow() + Min(1)));
        _ = machine.LoginAsync();
        machine.ReportBanned();
        var aborted = Assert.Throws<InvalidOperationException>(() => machine.RenewToken(time.GetUtcNow() + Min(1)));

        Assert.That(disconnected!.Message, Is.EqualTo("RenewToken is not allowed in state Disconnected; it is allowed only in states Connecting, Connected or Reconnecting. To log in with a new token, call LoginAsync(tokenExpiresAt)."));
        Assert.That(aborted!.Message, Is.EqualTo("RenewToken is not allowed in state Aborted; it is allowed only in states Connecting, Connected or Reconnecting. To log in with a new token, call LoginAsync(tokenExpiresAt) after LogoutAsync."));
    }

    /// <summary>A clock at a fixed wall time whose timestamp moves by a set step at every read, and counts its reads.</summary>
    private sealed class CountingClock(long stepPerRead, long start = 0) : ITimeProvider
    {
        public static readonly DateTimeOffset Epoch = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        private long _timestamp = start;

        public int TimestampReads { get; private set; }

        public long TimestampFrequency => TimeSpan.TicksPerSecond;

        public DateTimeOffset GetUtcNow() => Epoch;

        public long GetTimestamp()
        {
            TimestampReads++;
            var now = _timestamp;
            _timestamp += stepPerRead;
            return now + 1;
        }

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();
    }
}
