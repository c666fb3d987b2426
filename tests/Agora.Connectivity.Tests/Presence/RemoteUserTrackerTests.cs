using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Presence;

public class RemoteUserTrackerTests
{
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    [Test]
    public void Flow_DropAndReturnWithin20s_RaisesNothing()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportUserJoined(1);
        events.Take();

        _time.Advance(Sec(20) - Tick);
        tracker.ReportUserActivity(1);
        _time.Advance(Sec(20) - Tick);

        Assert.That(events.Take(), Is.Empty);
        Assert.That(tracker.OnlineUsers, Is.EqualTo(new[] { 1u }));
    }

    [Test]
    public void Flow_DropAndReturnAfter20s_OfflineAt20s_JoinedOnReturn()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportUserJoined(1);

        _time.Advance(Sec(20) - Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(TimeSpan.Zero, new RemoteUserJoined(1)) }));
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Sec(20), new RemoteUserOffline(1, UserOfflineReason.Dropped)) }));
        Assert.That(tracker.IsOnline(1), Is.False);

        _time.Advance(Sec(10));
        tracker.ReportUserActivity(1);
        tracker.ReportUserActivity(1);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Sec(30), new RemoteUserJoined(1)) }));
        Assert.That(tracker.IsOnline(1), Is.True);
    }

    [Test]
    public void Flow_ReturnAfterOffline_ThenSilentAgain_OfflineAgain20sAfterTheReturn()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportUserJoined(1);
        _time.Advance(Sec(25));
        tracker.ReportUserActivity(1);

        _time.Advance(Sec(20));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RemoteUserJoined(1)),
            events.At(Sec(20), new RemoteUserOffline(1, UserOfflineReason.Dropped)),
            events.At(Sec(25), new RemoteUserJoined(1)),
            events.At(Sec(45), new RemoteUserOffline(1, UserOfflineReason.Dropped)),
        }));
    }

    [Test]
    public void Flow_ExplicitLeave_QuitAtOnce_NothingLater()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportUserJoined(7);
        _time.Advance(Sec(3));

        tracker.ReportUserLeft(7);
        _time.Advance(Min(10));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RemoteUserJoined(7)),
            events.At(Sec(3), new RemoteUserOffline(7, UserOfflineReason.Quit)),
        }));
        Assert.That(tracker.OnlineUsers, Is.Empty);
    }

    [Test]
    public void ExplicitLeave_OfAUserAlreadyOffline_IsTheServerLettingGo_NotASecondOffline()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportUserJoined(1);
        _time.Advance(Sec(25));

        tracker.ReportUserLeft(1);
        _time.Advance(Min(5));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RemoteUserJoined(1)),
            events.At(Sec(20), new RemoteUserOffline(1, UserOfflineReason.Dropped)),
            events.At(Sec(25), new RemoteUserLeft(1)),
        }));
    }

    [Test]
    public void Flow_WebObserver_OfflineAt10s_LeftAt3Min()
    {
        using var tracker = new RemoteUserTracker(RemoteUserTrackerOptions.ForObserver(Platform.Web), _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportUserJoined(1);

        _time.Advance(Min(3) - Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RemoteUserJoined(1)),
            events.At(Sec(10), new RemoteUserOffline(1, UserOfflineReason.Dropped)),
        }));
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Min(3), new RemoteUserLeft(1)) }));

        _time.Advance(Min(1));
        tracker.ReportUserActivity(1);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Min(4), new RemoteUserJoined(1)) }));
    }

    [Test]
    public void Flow_NativeObserver_LeftAt3Min_AfterOfflineAt20s()
    {
        using var tracker = new RemoteUserTracker(RemoteUserTrackerOptions.ForObserver(Platform.Android), _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportUserJoined(2);

        _time.Advance(Min(5));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RemoteUserJoined(2)),
            events.At(Sec(20), new RemoteUserOffline(2, UserOfflineReason.Dropped)),
            events.At(Min(3), new RemoteUserLeft(2)),
        }));
    }

    [Test]
    public void ReportUserActivity_UnknownUser_CountsAsJoin_AndAJoinIsReportedOncePerPresence()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);

        tracker.ReportUserActivity(5);
        tracker.ReportUserJoined(5);
        tracker.ReportUserActivity(5);
        tracker.ReportUserJoined(5);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(TimeSpan.Zero, new RemoteUserJoined(5)) }));
    }

    [Test]
    public void ReportUserLeft_UnknownUser_IsIgnored()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);

        tracker.ReportUserLeft(9);

        Assert.That(events.Take(), Is.Empty);
    }

    [TestCase(0u)]
    [TestCase(uint.MaxValue)]
    public void ExtremeUids_AreOrdinaryUsers(uint uid)
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);

        tracker.ReportUserJoined(uid);
        _time.Advance(Sec(20));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RemoteUserJoined(uid)),
            events.At(Sec(20), new RemoteUserOffline(uid, UserOfflineReason.Dropped)),
        }));
    }

    [Test]
    public void Flow_1000UsersDroppingAtStaggeredTimes_EachReportedAtExactlyItsOwn20s()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var offline = new List<(uint Uid, TimeSpan At)>();
        tracker.EventRaised += (_, e) =>
        {
            if (e is RemoteUserOffline o)
            {
                offline.Add((o.Uid, e.Timestamp - _time.Start));
            }
        };
        for (uint uid = 1; uid <= 1000; uid++)
        {
            tracker.ReportUserJoined(uid);
        }

        // User n sends its last packet at n × 7 ms, while everyone else keeps talking.
        for (uint uid = 1; uid <= 1000; uid++)
        {
            _time.Advance(Ms(7));
            for (var other = uid; other <= 1000; other++)
            {
                tracker.ReportUserActivity(other);
            }
        }

        _time.Advance(Sec(30));

        Assert.That(offline, Has.Count.EqualTo(1000));
        Assert.That(offline, Is.EqualTo(Enumerable.Range(1, 1000).Select(n => ((uint)n, Ms(7 * n) + Sec(20)))));
        Assert.That(_time.TimerCount, Is.EqualTo(1));
    }

    [Test]
    public void Scale_100000Users_OneTimerForTheWholeTracker()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var offline = 0;
        tracker.EventRaised += (_, e) => offline += e is RemoteUserOffline ? 1 : 0;

        for (uint uid = 0; uid < 100_000; uid++)
        {
            tracker.ReportUserJoined(uid);
        }

        _time.Advance(Sec(10));
        for (uint uid = 0; uid < 100_000; uid++)
        {
            tracker.ReportUserActivity(uid);
        }

        Assert.That(_time.TimerCount, Is.EqualTo(1));
        Assert.That(tracker.OnlineUsers, Has.Count.EqualTo(100_000));

        _time.Advance(Sec(20));

        Assert.That(offline, Is.EqualTo(100_000));
        Assert.That(_time.TimerCount, Is.EqualTo(1));
        Assert.That(tracker.OnlineUsers, Is.Empty);
    }

    [Test]
    public void Dispose_NoEventsAfter_TimerGone_ReportsIgnored()
    {
        var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportUserJoined(1);
        events.Take();

        tracker.Dispose();
        tracker.Dispose();
        tracker.ReportUserActivity(2);
        tracker.ReportUserJoined(3);
        tracker.ReportUserLeft(1);
        _time.Advance(Min(10));

        Assert.That(events.Take(), Is.Empty);
        Assert.That(_time.TimerCount, Is.Zero);
    }

    [Test]
    public void Handler_ReportingFromInsideAnEvent_RunsAfterIt()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.EventRaised += (_, e) =>
        {
            if (e is RemoteUserJoined { Uid: 1 })
            {
                tracker.ReportUserLeft(1);
                Assert.That(tracker.IsOnline(1), Is.True);
            }
        };

        tracker.ReportUserJoined(1);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RemoteUserJoined(1)),
            events.At(TimeSpan.Zero, new RemoteUserOffline(1, UserOfflineReason.Quit)),
        }));
    }

    [Test]
    public void AHandler_ReadsOnlineUsers_AsOfItsEvent()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var seen = new List<string>();
        tracker.EventRaised += (_, e) => seen.Add($"{e.GetType().Name}: [{string.Join(", ", tracker.OnlineUsers)}] 7 online: {tracker.IsOnline(7)}");

        tracker.ReportUserJoined(7);
        tracker.ReportUserJoined(9);
        _time.Advance(Sec(20));

        Assert.That(seen, Is.EqualTo(new[]
        {
            "RemoteUserJoined: [7] 7 online: True",
            "RemoteUserJoined: [7, 9] 7 online: True",
            "RemoteUserOffline: [] 7 online: False", // both fell silent in one deadline callback: handlers run after it
            "RemoteUserOffline: [] 7 online: False",
        }));
    }

    [Test]
    public void Dispose_WaitingForAHandlerOnAnotherThread_LetsItReadOnlineUsers()
    {
        var tracker = new RemoteUserTracker(timeProvider: _time);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        IReadOnlyList<uint>? read = null;
        tracker.EventRaised += (_, _) =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(10));
            read = tracker.OnlineUsers; // takes the tracker's lock, which Dispose holds while it waits for this handler
        };
        var handler = Task.Run(() => tracker.ReportUserJoined(7));
        Assert.That(entered.Wait(TimeSpan.FromSeconds(10)), Is.True);

        var dispose = Task.Run(tracker.Dispose);
        Thread.Sleep(50); // let Dispose reach its wait
        release.Set();

        Assert.That(Task.WaitAll([handler, dispose], TimeSpan.FromSeconds(10)), Is.True, "no deadlock");
        Assert.That(read, Is.Not.Null);
    }
}
