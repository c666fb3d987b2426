using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtm2;

/// <summary>What a careless or hostile caller does to the link: wrong states, bad reasons, handlers that throw or call back, dispose in the middle, threads.</summary>
public class RtmLinkRobustnessTests
{
    [Test]
    public void CommandsInTheWrongState_ThrowNamingTheState_AndBadArgumentsNameTheAllowedOnes()
    {
        using var link = new LinkTimeline();
        _ = link.Machine.LoginAsync();
        Assert.That(() => link.Machine.LoginAsync(), Throws.InvalidOperationException.With.Message.Contains("state Connecting").And.Message.Contains("A login is in progress"));
        link.Machine.ReportLoginSuccess();

        Assert.Multiple(() =>
        {
            Assert.That(
                () => link.Machine.ReportServerRejection(RtmLinkStateChangeReason.LoginSuccess),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("TokenExpired, SameUidLogin, LoginTooFrequent, KickedOutByServer, Unknown"));
            Assert.That(
                () => link.Machine.ReportLoginFailure(RtmLinkStateChangeReason.KeepAliveTimeout),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("LoginRejected, InvalidToken"));
            Assert.That(() => link.Machine.RenewToken(link.Time.GetUtcNow() - Sec(1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => link.Machine.WaitForStateAsync((RtmLinkState)9), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
        link.Machine.Logout();
        Assert.That(() => link.Machine.RenewToken(link.Time.GetUtcNow() + Sec(1)), Throws.InvalidOperationException.With.Message.Contains("state Idle").And.Message.Contains("call LoginAsync(tokenExpiresAt)"));
        Assert.That(link.Machine.State, Is.EqualTo(RtmLinkState.Idle));
    }

    [Test]
    public void Dispose_FaultsAPendingLoginAndWaits_StopsTheTimer_AndRaisesNothingMore()
    {
        var link = new LinkTimeline();
        var login = link.Machine.LoginAsync();
        var connected = link.Machine.WaitForStateAsync(RtmLinkState.Connected);
        link.RunTo(3);
        link.Dispose();
        link.Dispose();
        link.RunTo(1_000);

        Assert.That(() => login, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => connected, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(link.Take(), Is.EqualTo(new[] { "0 Idle→Connecting Login/Login" }));
        Assert.That(link.Time.TimerCount, Is.Zero);
    }

    [Test]
    public void AHandlerThatThrows_IsLogged_AndTheNextHandlerAndTheTimersCarryOn()
    {
        var time = new FakeTimeProvider();
        var logs = new FakeLogCollector();
        using var link = new RtmLinkStateMachine(null, time, new FakeLogger<RtmLinkStateMachine>(logs), null);
        var seen = new List<RtmLinkState>();
        link.EventRaised += (_, _) => throw new InvalidOperationException("the app's bug");
        link.EventRaised += (_, e) => seen.Add(((RtmLinkStateChanged)e).State);

        _ = link.LoginAsync();
        link.ReportLoginSuccess();
        time.Advance(Sec(12));          // lost at 9, the socket's retry at 12

        Assert.That(seen, Is.EqualTo(new[] { RtmLinkState.Connecting, RtmLinkState.Connected, RtmLinkState.Disconnected, RtmLinkState.Connecting }));
        Assert.That(logs.GetSnapshot().Count(r => r.Level == LogLevel.Error && r.Exception?.Message == "the app's bug"), Is.EqualTo(4));
    }

    [Test]
    public async Task AHandlerThatCallsBack_ReloginsFromFailed_AndLogsOutFromSuspended_InOrder()
    {
        using var link = new LinkTimeline();
        Task? relogin = null;
        link.Machine.EventRaised += (_, e) =>
        {
            if (e is RtmLinkStateChanged { State: RtmLinkState.Failed, Reason: RtmLinkStateChangeReason.SameUidLogin })
            {
                relogin = link.Machine.LoginAsync();  // queued: runs after this handler, in Failed
                link.Machine.ReportLoginSuccess();    // and this after it, in Connecting
            }
            else if (e is RtmLinkStateChanged { State: RtmLinkState.Suspended })
            {
                link.Machine.Logout();
            }
        };

        _ = link.Connect();
        link.Machine.ReportServerRejection(RtmLinkStateChangeReason.SameUidLogin);
        await relogin!;
        link.RunTo(200);

        var lines = link.Take();
        Assert.That(lines.Take(5), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "0 Connecting→Connected Login/LoginSuccess",
            "0 Connected→Failed ServerReject/SameUidLogin",
            "0 Failed→Connecting Login/Relogin",
            "0 Connecting→Connected Login/LoginSuccess",
        }));
        Assert.That(lines.TakeLast(2), Is.EqualTo(new[] { "141 Connecting→Suspended AutoReconnect/ReconnectTimeout", "141 Suspended→Idle Logout/Logout" }));
    }

    [Test]
    public void ALoginFromAHandler_ThatIsNoLongerAllowedWhenItRuns_FaultsItsTask()
    {
        using var link = new LinkTimeline();
        Task? late = null;
        link.Machine.EventRaised += (_, e) =>
        {
            if (e is RtmLinkStateChanged { State: RtmLinkState.Idle } && late is null)
            {
                late = link.Machine.LoginAsync();   // queued from the Idle handler: runs in Idle, and logs in again
            }
        };
        _ = link.Connect();
        link.Machine.Logout();
        Assert.That(link.Machine.State, Is.EqualTo(RtmLinkState.Connecting), "the queued login ran in Idle");
        Assert.That(late!.IsCompleted, Is.False);

        Task? refused = null;
        link.Machine.EventRaised += (_, e) =>
        {
            if (e is RtmLinkStateChanged { State: RtmLinkState.Connecting } && refused is null)
            {
                refused = link.Machine.LoginAsync();   // judged in Connecting when it runs: a login is in progress
            }
        };
        link.Machine.Logout();
        _ = link.Machine.LoginAsync();
        Assert.That(() => refused, Throws.InvalidOperationException.With.Message.Contains("no longer allowed when it ran, in state Connecting"));
    }

    [Test]
    public void ThreadsRacing_LoginLogoutReportsAndTheClock_EventsStayOrderedAndConsistent()
    {
        var time = new FakeTimeProvider();
        using var link = new RtmLinkStateMachine(null, time);
        var events = new List<RtmLinkStateChanged>();
        link.EventRaised += (_, e) =>
        {
            if (e is RtmLinkStateChanged c)
            {
                events.Add(c);
            }
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var errors = 0;
        var threads = new[]
        {
            new Thread(() => Loop(() => { try { _ = link.LoginAsync(); } catch (InvalidOperationException) { } })),
            new Thread(() => Loop(link.Logout)),
            new Thread(() => Loop(() => { link.ReportLoginSuccess(); link.ReportServerActivity(); link.ReportNetworkChange(); })),
            new Thread(() => Loop(() => time.Advance(Ms(700)))),
        };
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.That(errors, Is.Zero);
        Assert.That(events, Is.Not.Empty);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.That(events[i].PreviousState, Is.EqualTo(events[i - 1].State), $"event {i} continues event {i - 1}");
            Assert.That(events[i].Timestamp, Is.GreaterThanOrEqualTo(events[i - 1].Timestamp), $"event {i} is not earlier than event {i - 1}");
        }

        Assert.That(link.State, Is.EqualTo(events[^1].State));
        Assert.That(time.TimerCount, Is.LessThanOrEqualTo(1));

        void Loop(Action action)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    action();
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }
    }
}
