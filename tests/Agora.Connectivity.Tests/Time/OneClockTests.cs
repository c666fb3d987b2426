using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;
using MicrosoftFake = Microsoft.Extensions.Time.Testing.FakeTimeProvider;
using OurFake = Agora.Connectivity.Testing.FakeTimeProvider;

namespace Agora.Connectivity.Tests.Time;

/// <summary>
/// The documented timelines on the library's fake clock and on Microsoft's, which runs every due
/// callback at the end of a long step: the deadlines are anchored to their documented instants and
/// stamped with them, so both tell the same story at every step size, one step across the whole
/// timeline included.
/// </summary>
public class OneClockTests
{
    public enum Clock
    {
        Ours,
        Microsoft,
    }

    private static readonly DateTimeOffset Start = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IEnumerable<TestCaseData> ClocksAndSteps()
    {
        foreach (var clock in Enum.GetValues<Clock>())
        {
            foreach (var step in new[] { 0.25, 1, 7, 60, 3_600 })
            {
                yield return new TestCaseData(clock, step).SetArgDisplayNames(clock.ToString(), step == 3_600 ? "one step" : $"{step} s");
            }
        }
    }

    [TestCaseSource(nameof(ClocksAndSteps))]
    public void RtcCurrent_SilentAfterJoin_InterruptedLostFailed_AtTheDocumentedInstants(Clock clock, double stepSeconds)
    {
        var time = Create(clock);
        using var machine = new RtcConnectionStateMachine(null, time);
        var seen = Record(machine);
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        Walk(time, Min(25), stepSeconds);

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Failed));
        Assert.That(seen, Is.EqualTo(new[]
        {
            "0s ConnectionStateChanged Disconnected->Connecting Connecting",
            "0s ConnectionStateChanged Connecting->Connected JoinSuccess",
            "0s JoinChannelSucceeded",
            "4s ConnectionStateChanged Connected->Reconnecting Interrupted",
            "4s ConnectionInterrupted",
            "14s ConnectionLost",
            "1204s ConnectionStateChanged Reconnecting->Failed JoinFailed",
        }));
    }

    [TestCaseSource(nameof(ClocksAndSteps))]
    public void RtcLegacy_SilentAfterJoin_InterruptedAndLostFromTheLastData_NeverFails(Clock clock, double stepSeconds)
    {
        var time = Create(clock);
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy }, time);
        var seen = Record(machine);
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        Walk(time, Min(25), stepSeconds);

        Assert.That(seen.Skip(3), Is.EqualTo(new[]
        {
            "4s ConnectionStateChanged Connected->Reconnecting Interrupted",
            "4s ConnectionInterrupted",
            "10s ConnectionLost",
        }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
    }

    [TestCaseSource(nameof(ClocksAndSteps))]
    public void Rtm_SilentAfterLogin_ReconnectingThenPresenceExpiredAtThirtySecondsAfterTheLastData(Clock clock, double stepSeconds)
    {
        var time = Create(clock);
        using var machine = new RtmConnectionStateMachine(null, time);
        var seen = Record(machine);
        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();

        Walk(time, Min(2), stepSeconds);

        Assert.That(seen, Is.EqualTo(new[]
        {
            "0s RtmConnectionStateChanged Disconnected->Connecting Login",
            "0s RtmConnectionStateChanged Connecting->Connected LoginSuccess",
            "4s RtmConnectionStateChanged Connected->Reconnecting Interrupted",
            "30s PresenceExpired",
        }));
    }

    [TestCaseSource(nameof(ClocksAndSteps))]
    public void Rtm_LoginNeverAnswered_TimesOutAtSixSeconds(Clock clock, double stepSeconds)
    {
        var time = Create(clock);
        using var machine = new RtmConnectionStateMachine(null, time);
        var seen = Record(machine);
        var login = machine.LoginAsync();

        Walk(time, Min(1), stepSeconds);

        Assert.That(seen, Is.EqualTo(new[]
        {
            "0s RtmConnectionStateChanged Disconnected->Connecting Login",
            "6s RtmConnectionStateChanged Connecting->Disconnected LoginTimeout",
        }));
        Assert.That(login.Exception?.InnerException, Is.InstanceOf<RtmLoginException>());
    }

    [TestCaseSource(nameof(ClocksAndSteps))]
    public void Presence_TwoSilentUsers_OfflineAtTwentySecondsAndLeftAtThreeMinutes_EachFromItsOwnLastPacket(Clock clock, double stepSeconds)
    {
        var time = Create(clock);
        using var tracker = new RemoteUserTracker(null, time);
        var seen = Record(tracker);
        tracker.ReportUserJoined(1);
        Walk(time, Sec(5), Math.Min(stepSeconds, 5));
        tracker.ReportUserJoined(2);

        Walk(time, Min(5), stepSeconds);

        Assert.That(seen, Is.EqualTo(new[]
        {
            "0s RemoteUserJoined 1",
            "5s RemoteUserJoined 2",
            "20s RemoteUserOffline 1 Dropped",
            "25s RemoteUserOffline 2 Dropped",
            "180s RemoteUserLeft 1",
            "185s RemoteUserLeft 2",
        }));
    }

    [Test]
    public void RtcCurrent_OnTheSystemClock_WithShortTimeouts_TheSameSequence()
    {
        var options = new RtcConnectionOptions { InterruptionTimeout = Ms(50), ConnectionLostTimeout = Ms(50), ReconnectFailureTimeout = Ms(150) };
        using var machine = new RtcConnectionStateMachine(options, TimeProvider.System);
        var recording = new LiveRecording(machine, e => e is ConnectionStateChanged { State: ConnectionState.Failed });
        var started = DateTimeOffset.UtcNow;
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        Assert.That(recording.Done.Wait(TimeSpan.FromSeconds(10)), Is.True, "the machine should fail about 200 ms after the last data");
        Assert.That(recording.Seen, Is.EqualTo(new[]
        {
            "ConnectionStateChanged Disconnected->Connecting Connecting",
            "ConnectionStateChanged Connecting->Connected JoinSuccess",
            "JoinChannelSucceeded",
            "ConnectionStateChanged Connected->Reconnecting Interrupted",
            "ConnectionInterrupted",
            "ConnectionLost",
            "ConnectionStateChanged Reconnecting->Failed JoinFailed",
        }));
        Assert.That(DateTimeOffset.UtcNow - started, Is.GreaterThanOrEqualTo(Ms(190)), "failed no earlier than T3 + 50 ms + 150 ms");
    }

    [Test]
    public void Rtm_OnTheSystemClock_WithShortTimeouts_TheSameSequence()
    {
        var options = new RtmConnectionOptions { InterruptionTimeout = Ms(50), PresenceTimeout = Ms(150) };
        using var machine = new RtmConnectionStateMachine(options, TimeProvider.System);
        var recording = new LiveRecording(machine, e => e is PresenceExpired);
        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();

        Assert.That(recording.Done.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(recording.Seen, Is.EqualTo(new[]
        {
            "RtmConnectionStateChanged Disconnected->Connecting Login",
            "RtmConnectionStateChanged Connecting->Connected LoginSuccess",
            "RtmConnectionStateChanged Connected->Reconnecting Interrupted",
            "PresenceExpired",
        }));
    }

    [Test]
    public void Presence_OnTheSystemClock_WithShortTimeouts_TheSameSequence()
    {
        var options = new RemoteUserTrackerOptions { OfflineTimeout = Ms(50), PeerLeaveTimeout = Ms(150) };
        using var tracker = new RemoteUserTracker(options, TimeProvider.System);
        var recording = new LiveRecording(tracker, e => e is RemoteUserLeft);
        tracker.ReportUserJoined(7);

        Assert.That(recording.Done.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(recording.Seen, Is.EqualTo(new[] { "RemoteUserJoined 7", "RemoteUserOffline 7 Dropped", "RemoteUserLeft 7" }));
    }

    [Test]
    public void AHandlerThatAdvancesTheClock_DoesNotMoveTheSchedule()
    {
        var time = new OurFake();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var seen = Record(machine);
        var advanced = false;
        machine.EventRaised += (_, e) =>
        {
            if (e is ConnectionInterrupted && !advanced)
            {
                advanced = true;
                time.Advance(Sec(30));
            }
        };
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        time.Advance(Min(25));

        Assert.That(seen.Skip(3), Is.EqualTo(new[]
        {
            "4s ConnectionStateChanged Connected->Reconnecting Interrupted",
            "4s ConnectionInterrupted",
            "14s ConnectionLost",
            "1204s ConnectionStateChanged Reconnecting->Failed JoinFailed",
        }));
    }

    private static TimeProvider Create(Clock clock) => clock == Clock.Ours ? new OurFake() : new MicrosoftFake(Start);

    private static void Walk(TimeProvider time, TimeSpan total, double stepSeconds)
    {
        var step = TimeSpan.FromSeconds(stepSeconds);
        for (var walked = TimeSpan.Zero; walked < total; walked += step)
        {
            var next = walked + step > total ? total - walked : step;
            if (time is OurFake ours)
            {
                ours.Advance(next);
            }
            else
            {
                ((MicrosoftFake)time).Advance(next);
            }
        }
    }

    private static List<string> Record(IConnectivityEventSource source)
    {
        var seen = new List<string>();
        source.EventRaised += (_, e) => seen.Add($"{(e.Timestamp - Start).TotalSeconds}s {Describe(e)}");
        return seen;
    }

    private static string Describe(ConnectivityEvent e) => e switch
    {
        ConnectionStateChanged c => $"ConnectionStateChanged {c.PreviousState}->{c.State} {c.Reason}",
        RtmConnectionStateChanged c => $"RtmConnectionStateChanged {c.PreviousState}->{c.State} {c.Reason}",
        RemoteUserJoined j => $"RemoteUserJoined {j.Uid}",
        RemoteUserOffline o => $"RemoteUserOffline {o.Uid} {o.Reason}",
        RemoteUserLeft l => $"RemoteUserLeft {l.Uid}",
        _ => e.GetType().Name,
    };

    /// <summary>Events of a source on the real clock, described, until one that <c>last</c> recognizes.</summary>
    private sealed class LiveRecording
    {
        private readonly List<string> _seen = [];
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LiveRecording(IConnectivityEventSource source, Func<ConnectivityEvent, bool> last)
            => source.EventRaised += (_, e) =>
            {
                lock (_seen)
                {
                    _seen.Add(Describe(e));
                }

                if (last(e))
                {
                    _done.TrySetResult();
                }
            };

        public Task Done => _done.Task;

        public IReadOnlyList<string> Seen
        {
            get
            {
                lock (_seen)
                {
                    return _seen.ToArray();
                }
            }
        }
    }
}
