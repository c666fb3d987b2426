using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Presence;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.Reconnect;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// Behaviour that mutation testing showed no test pinned down: messages, boundaries, orderings and
/// conversions that a change could break silently.
/// </summary>
public class MutationGapTests
{
    [Test]
    public void OnlineUsersAndMembers_AreSorted()
    {
        var time = new FakeTimeProvider();
        using var users = new RemoteUserTracker(timeProvider: time);
        using var members = new RtmMemberTracker(timeProvider: time);
        foreach (var uid in new uint[] { 3, 1, 2 })
        {
            users.ReportUserJoined(uid);
        }

        foreach (var id in new[] { "carol", "alice", "bob" })
        {
            members.ReportMemberJoined(id);
        }

        Assert.That(users.OnlineUsers, Is.EqualTo(new uint[] { 1, 2, 3 }));
        Assert.That(members.Members, Is.EqualTo(new[] { "alice", "bob", "carol" }));
    }

    [Test]
    public void Tracker_LogsEveryPresenceChange()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<RemoteUserTracker>();
        using var tracker = new RemoteUserTracker(timeProvider: time, logger: logger);

        tracker.ReportUserJoined(7);
        time.Advance(Sec(20));
        tracker.ReportUserActivity(7);
        tracker.ReportUserLeft(7);
        tracker.ReportUserLeft(8);
        tracker.ReportUserJoined(9);
        time.Advance(Min(3));

        Assert.That(logger.Entries.Select(e => (e.EventId, e.Message)), Is.EqualTo(new[]
        {
            (7, "RemoteUserTracker: 7 joined."),
            (7, "RemoteUserTracker: 7 went offline after 20 s of silence."),
            (7, "RemoteUserTracker: 7 came back."),
            (7, "RemoteUserTracker: 7 left."),
            (3, "RemoteUserTracker: ignored the leave of 8, which state unknown member does not act on."),
            (7, "RemoteUserTracker: 9 joined."),
            (7, "RemoteUserTracker: 9 went offline after 20 s of silence."),
            (7, "RemoteUserTracker: 9 is gone after 180 s of silence."),
        }));
        Assert.That(logger.Entries.Where(e => e.EventId == 7).Select(e => e.Level).Distinct(), Is.EqualTo(new[] { Microsoft.Extensions.Logging.LogLevel.Information }));
    }

    [Test]
    public void Tracker_LogsAFractionalSilence_WithItsDecimals()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<RemoteUserTracker>();
        using var tracker = new RemoteUserTracker(new RemoteUserTrackerOptions { OfflineTimeout = TimeSpan.FromMilliseconds(2_500) }, time, logger);

        tracker.ReportUserJoined(7);
        time.Advance(TimeSpan.FromMilliseconds(2_500));

        Assert.That(logger.Entries.Select(e => e.Message), Does.Contain("RemoteUserTracker: 7 went offline after 2.5 s of silence."));
    }

    /// <summary>The deadline heap drops stale entries once at most a quarter of the peak is left: at exactly a quarter, not one later.</summary>
    [Test]
    public void Tracker_TrimsTheHeap_AtExactlyAQuarterOfThePeak()
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        for (uint uid = 0; uid < 1024; uid++)
        {
            tracker.ReportUserJoined(uid);
        }

        for (uint uid = 0; uid < 767; uid++)
        {
            tracker.ReportUserLeft(uid);
        }

        Assert.That(tracker.Footprint.Peak, Is.EqualTo(1024), "257 left: more than a quarter");
        tracker.ReportUserLeft(767);
        Assert.That(tracker.Footprint.Peak, Is.EqualTo(256), "256 left: a quarter, trimmed");
    }

    [Test]
    public void DeadlineHeap_DueOrder_ThenInsertionOrder()
    {
        var heap = new DeadlineHeap<string>();
        heap.Push(5, "a", 0);
        heap.Push(5, "b", 0);
        heap.Push(3, "c", 0);
        heap.Push(5, "d", 0);
        heap.Push(9, "e", 7);

        var popped = new List<string>();
        while (heap.Count > 0)
        {
            popped.Add(heap.Pop(out var version) + version);
        }

        Assert.That(popped, Is.EqualTo(new[] { "c0", "a0", "b0", "d0", "e7" }));
        heap.Push(1, "f", 0);
        heap.Clear();
        Assert.That(heap.Count, Is.Zero);
    }

    [Test]
    public void Tracker_UsersDueAtTheSameInstant_AreReportedInJoinOrder()
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        var offline = new List<uint>();
        tracker.EventRaised += (_, e) =>
        {
            if (e is RemoteUserOffline o)
            {
                offline.Add(o.Uid);
            }
        };
        foreach (var uid in new uint[] { 9, 4, 6, 1 })
        {
            tracker.ReportUserJoined(uid);
        }

        time.Advance(Sec(20));

        Assert.That(offline, Is.EqualTo(new uint[] { 9, 4, 6, 1 }));
    }

    [Test]
    public void TimeMath_ConvertsAtTheSystemClocksMillisecondFrequency()
    {
        var clock = new ScaledClock(new FakeTimeProvider(), 1000);

        Assert.Multiple(() =>
        {
            Assert.That(TimeMath.Elapsed(clock, 1_000, 5_500), Is.EqualTo(Ms(4500)));
            Assert.That(TimeMath.ToTimestampUnits(clock, Sec(4)), Is.EqualTo(4_000));
            Assert.That(TimeMath.Elapsed(new FakeTimeProvider(), 10, 30), Is.EqualTo(TimeSpan.FromTicks(20)));
            Assert.That(TimeMath.ToTimestampUnits(new FakeTimeProvider(), Sec(4)), Is.EqualTo(Sec(4).Ticks));
        });
    }

    [Test]
    public void Tracker_OnAMillisecondClock_TimesOutAtTheRightTime()
    {
        var fake = new FakeTimeProvider();
        var clock = new ScaledClock(fake, 1000);
        using var tracker = new RemoteUserTracker(timeProvider: clock);
        var offlineAt = TimeSpan.Zero;
        tracker.EventRaised += (_, e) => offlineAt = e is RemoteUserOffline ? fake.Elapsed : offlineAt;
        tracker.ReportUserJoined(1);

        fake.Advance(Sec(19.999));
        Assert.That(offlineAt, Is.EqualTo(TimeSpan.Zero));
        fake.Advance(Ms(1));

        Assert.That(offlineAt, Is.EqualTo(Sec(20)));
    }

    [Test]
    public void ExponentialBackoff_Boundaries_AndMessages()
    {
        Assert.DoesNotThrow(() => _ = new ExponentialBackoffPolicy(TimeMath.MaxTimerDelay, 1, 0, TimeMath.MaxTimerDelay, TimeMath.MaxTimerDelay));
        Assert.DoesNotThrow(() => _ = new ExponentialBackoffPolicy(Sec(1), 1, 1, Sec(1), Sec(1)));

        Assert.Multiple(() =>
        {
            Assert.That(Message(() => new ExponentialBackoffPolicy(TimeMath.MaxTimerDelay + Tick, 2, 0.2, TimeMath.MaxTimerDelay, Sec(1))), Does.StartWith("The initial backoff must be above zero and at most what a timer can hold."));
            Assert.That(Message(() => new ExponentialBackoffPolicy(Sec(1), 0.99, 0.2, Sec(2), Sec(1))), Does.StartWith("The multiplier must be at least 1."));
            Assert.That(Message(() => new ExponentialBackoffPolicy(Sec(1), double.NaN, 0.2, Sec(2), Sec(1))), Does.StartWith("The multiplier must be at least 1."));
            Assert.That(Message(() => new ExponentialBackoffPolicy(Sec(1), 2, -0.01, Sec(2), Sec(1))), Does.StartWith("The jitter must be between 0 and 1."));
            Assert.That(Message(() => new ExponentialBackoffPolicy(Sec(1), 2, 1.01, Sec(2), Sec(1))), Does.StartWith("The jitter must be between 0 and 1."));
            Assert.That(Message(() => new ExponentialBackoffPolicy(Sec(1), 2, double.NaN, Sec(2), Sec(1))), Does.StartWith("The jitter must be between 0 and 1."));
            Assert.That(Message(() => new ExponentialBackoffPolicy(Sec(1), 2, 0.2, TimeMath.MaxTimerDelay + Tick, Sec(1))), Does.StartWith("The maximum backoff must be at least the initial backoff and at most what a timer can hold."));
            Assert.That(Message(() => new ExponentialBackoffPolicy(Sec(1), 2, 0.2, Sec(2), TimeMath.MaxTimerDelay + Tick)), Does.StartWith("The minimum connect timeout must be above zero and at most what a timer can hold."));
        });
    }

    [Test]
    public void ExponentialBackoff_DelayNeverNegative_TimeoutIsTheLargerOfGapAndMinimum_CapIsExact()
    {
        var policy = new ExponentialBackoffPolicy(Sec(1), 2, 0, Sec(8), Sec(3), new FixedRandom(0.5));

        Assert.Multiple(() =>
        {
            Assert.That(policy.NextRetryDelay(new ReconnectContext(1, Sec(1), Sec(1), null)), Is.EqualTo(TimeSpan.Zero));
            Assert.That(policy.AttemptTimeout(new ReconnectContext(0, TimeSpan.Zero, TimeSpan.Zero, null)), Is.EqualTo(Sec(3)));
            Assert.That(policy.AttemptTimeout(new ReconnectContext(2, TimeSpan.Zero, TimeSpan.Zero, null)), Is.EqualTo(Sec(4)));
            Assert.That(policy.AttemptTimeout(new ReconnectContext(1, TimeSpan.Zero, TimeSpan.Zero, null)), Is.EqualTo(Sec(3)), "the gap after attempt 2 is 2 s, under the minimum");
            Assert.That(policy.NextRetryDelay(new ReconnectContext(4, TimeSpan.Zero, TimeSpan.Zero, null)), Is.EqualTo(Sec(8)), "1 × 2³ = 8 s, exactly the cap");
            Assert.That(policy.NextRetryDelay(new ReconnectContext(5, TimeSpan.Zero, TimeSpan.Zero, null)), Is.EqualTo(Sec(8)));
            Assert.Throws<ArgumentNullException>(() => policy.NextRetryDelay(null!));
            Assert.Throws<ArgumentNullException>(() => policy.AttemptTimeout(null!));
        });
    }

    [Test]
    public void FixedDelays_Boundaries_AndMessages()
    {
        Assert.DoesNotThrow(() => _ = new FixedDelaysPolicy([TimeMath.MaxTimerDelay], attemptTimeout: TimeMath.MaxTimerDelay));

        Assert.Multiple(() =>
        {
            Assert.That(Message(() => new FixedDelaysPolicy([Sec(1), TimeMath.MaxTimerDelay + Tick])), Does.StartWith("Give at least one delay, none negative or longer than a timer can hold."));
            Assert.That(Message(() => new FixedDelaysPolicy([Sec(1)], attemptTimeout: TimeMath.MaxTimerDelay + Tick)), Does.StartWith("The attempt timeout must be above zero and at most what a timer can hold."));
        });
    }

    [Test]
    public void Exceptions_DefaultMessages()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new RtmLoginException(RtmConnectionChangeReason.LoginFailure).Message, Is.EqualTo("The login failed (LoginFailure); the state went back to Disconnected."));
            Assert.That(new RtmLoginException(RtmConnectionChangeReason.Logout).Message, Is.EqualTo("The login was abandoned because LogoutAsync was called before it completed (Logout)."));
            Assert.That(new RtmLoginException(RtmConnectionChangeReason.RemoteLogin).Message, Is.EqualTo("The login was aborted because another instance logged in with the same user ID (RemoteLogin)."));
            Assert.That(new RtmLoginException(RtmConnectionChangeReason.BannedByServer).Message, Is.EqualTo("The login was aborted because the server banned the client (BannedByServer)."));
            Assert.That(new RtmLoginException(RtmConnectionChangeReason.Interrupted).Message, Is.EqualTo("The login did not succeed (Interrupted)."));
            Assert.That(new RtmLoginException().Reason, Is.EqualTo(RtmConnectionChangeReason.LoginFailure));
            Assert.That(new RtmLoginException("x", new IOException()).Reason, Is.EqualTo(RtmConnectionChangeReason.LoginFailure));
            Assert.That(new ConnectionRejectedException(ConnectionChangedReason.InvalidToken).Message, Is.EqualTo("The server refused the connection for good (InvalidToken)."));
            Assert.That(new ConnectionRejectedException(ConnectionChangedReason.InvalidToken, "401").Message, Is.EqualTo("401"));
            Assert.That(new ConnectionRejectedException().Reason, Is.EqualTo(ConnectionChangedReason.RejectedByServer));
            Assert.That(new ConnectionRejectedException("x", new IOException()).Reason, Is.EqualTo(ConnectionChangedReason.RejectedByServer));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new RtcConnectionStateMachine().ReportJoinFailure((ConnectionChangedReason)99))!.Message, Does.StartWith("99 is not a defined ConnectionChangedReason value."));
        });
    }

    [Test]
    public void WaitForStateAsync_UndefinedState_Throws()
    {
        using var rtc = new RtcConnectionStateMachine(timeProvider: new FakeTimeProvider());
        using var rtm = new RtmConnectionStateMachine(timeProvider: new FakeTimeProvider());

        Assert.Throws<ArgumentOutOfRangeException>(() => rtc.WaitForStateAsync((ConnectionState)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => rtm.WaitForStateAsync((RtmConnectionState)0));
    }

    [Test]
    public void PlatformCallback_IsNotEqualToNullOrADifferentName()
    {
        PlatformCallback? nothing = null;

        Assert.That(new PlatformCallback("a", "1").Equals(nothing), Is.False);
        Assert.That(new PlatformCallback("a", "1").Equals(new PlatformCallback("b", "1")), Is.False);
    }

    [Test]
    public void Options_AtTheirUpperBounds_AreValid_OneTickMore_IsNot()
    {
        var options = new RtcConnectionOptions
        {
            InterruptionTimeout = Min(1),
            ConnectionLostTimeout = TimeSpan.FromHours(1) - Tick,
            ReconnectFailureTimeout = TimeSpan.FromHours(24),
            TokenExpiryWarning = TimeSpan.FromHours(24),
        };

        Assert.DoesNotThrow(() => new RtcConnectionStateMachine(options).Dispose());
        options.InterruptionTimeout += Tick;
        Assert.That(() => new RtcConnectionStateMachine(options), Throws.ArgumentException.With.Message.Contains("InterruptionTimeout must be at most 00:01:00; it was 00:01:00.0000001."));
    }

    [Test]
    public void Unsubscribe_TheMiddleOfThreeHandlers_KeepsTheOthersInOrder()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: new FakeTimeProvider());
        var seen = new List<string>();
        EventHandler<ConnectivityEvent> a = (_, _) => seen.Add("a");
        EventHandler<ConnectivityEvent> b = (_, _) => seen.Add("b");
        EventHandler<ConnectivityEvent> c = (_, _) => seen.Add("c");
        machine.EventRaised += a;
        machine.EventRaised += b;
        machine.EventRaised += c;
        machine.EventRaised -= b;

        machine.JoinChannel();

        Assert.That(seen, Is.EqualTo(new[] { "a", "c" }));
    }

    [Test]
    public void Driver_AHungAttemptThatTimesOut_IsATimeoutError_CountedAndLogged()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time) { Otherwise = FakeTransport.Hang };
        var policy = new RecordingPolicy();
        var logger = new FakeLogger<RtcConnectionDriver>();
        using var driver = new RtcConnectionDriver(machine, transport, policy, logger: logger);

        machine.JoinChannel();
        time.Advance(Sec(5));

        Assert.That(driver.AttemptCount, Is.EqualTo(3), "attempts at 0, 2 and 4 s");
        Assert.That(policy.Errors[0], Is.TypeOf<TimeoutException>().With.Message.EqualTo("Connection attempt 1 timed out after 00:00:02."));
        Assert.That(logger.Entries[0].EventName, Is.EqualTo("AttemptFailed"));
        Assert.That(logger.Entries[0].Message, Is.EqualTo("RtcConnectionDriver: connection attempt 1 failed after 00:00:02; retrying per the policy."));
    }

    [Test]
    public void Driver_ARefusal_IsLogged()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(_ => Task.FromException(new ConnectionRejectedException(ConnectionChangedReason.InvalidToken)));
        var logger = new FakeLogger<RtcConnectionDriver>();
        using var driver = new RtcConnectionDriver(machine, transport, logger: logger);

        machine.JoinChannel();
        time.Advance(TimeSpan.Zero);

        Assert.That(logger.Entries.Single().Message, Is.EqualTo("RtcConnectionDriver: the server refused the connection for good (InvalidToken); no more attempts."));
    }

    private static string Message(Func<object> create) => Assert.Catch(() => create())!.Message;

    /// <summary>Attempts time out after 2 s and are retried at once; records each failure.</summary>
    private sealed class RecordingPolicy : IReconnectPolicy
    {
        public List<Exception> Errors { get; } = [];

        public TimeSpan? NextRetryDelay(ReconnectContext context)
        {
            Errors.Add(context.LastError!);
            return TimeSpan.Zero;
        }

        public TimeSpan AttemptTimeout(ReconnectContext context) => Sec(2);
    }
}
