using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Sdk;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;

namespace Agora.Connectivity.Tests.Sdk;

/// <summary>What a game or desktop developer on Agora's SDK counts on from a follower, one behavior at a time.</summary>
public class FollowerBehaviorTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    [Test]
    public void AFollowerOf401_ReadsItsValue22_AsStreamChannelNotAvailable()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(new RtcConnectionOptions { SdkVersion = new Version(4, 0, 1) }, null, time, null);
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(5, 22);
        Assert.That(follower.Connection.State, Is.EqualTo(ConnectionState.Failed));
        Assert.That(follower.Connection.Status.Reason, Is.EqualTo(nameof(ConnectionChangedReason.StreamChannelNotAvailable)));
    }

    [Test]
    public void ALegacySdk_IsFollowedThroughItsInterruptedLostAndRejoinCallbacks_AsDoc001DrawsIt()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy, SdkVersion = new Version(2, 2, 0) }, null, time, null);
        var recorder = new EventRecorder(follower, time);

        time.Advance(0.2 * S);
        follower.OnJoinChannelSuccess();
        time.Advance(4 * S);
        follower.OnConnectionInterrupted();
        time.Advance(6 * S);
        follower.OnConnectionLost();
        time.Advance(10 * S);
        follower.OnRejoinChannelSuccess();
        follower.OnLeaveChannel();

        Assert.That(recorder.Events, Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(0.2 * S, new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting)),
            recorder.At(0.2 * S, new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            recorder.At(0.2 * S, new JoinChannelSucceeded()),
            recorder.At(4.2 * S, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            recorder.At(4.2 * S, new ConnectionInterrupted()),
            recorder.At(10.2 * S, new ConnectionLost()),
            recorder.At(20.2 * S, new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            recorder.At(20.2 * S, new RejoinChannelSucceeded()),
            recorder.At(20.2 * S, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel)),
        }), "lost 10 s after the last data (6 s after the interruption) is no deviation for a legacy SDK");
    }

    [Test]
    public void TheTokenWarning_CarriesNoExpiry_SoItsExpiryIsTheDocumentedLeadFromNow_UnlessTheAppGaveOne()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        time.Advance(100 * S);
        follower.OnTokenPrivilegeWillExpire();
        time.Advance(30 * S);
        follower.OnRequestToken();

        var warning = recorder.Events.OfType<TokenPrivilegeWillExpire>().Single();
        Assert.That(warning.TokenExpiresAt, Is.EqualTo(time.Start + (130 * S)));
        Assert.That(recorder.Events.OfType<TokenPrivilegeExpired>().Single().TokenExpiresAt, Is.EqualTo(time.Start + (130 * S)));
        Assert.That(follower.Connection.State, Is.EqualTo(ConnectionState.Failed));
        Assert.That(recorder.Events.OfType<SdkDeviation>(), Is.Empty);

        using var told = new RtcSdkFollower(null, null, time, null);
        var toldEvents = new EventRecorder(told, time);
        told.Connection.JoinChannel(time.GetUtcNow() + (60 * S));
        told.OnConnectionStateChanged(2, 0);
        time.Advance(40 * S);
        told.OnTokenPrivilegeWillExpire();
        var deviation = toldEvents.Events.OfType<SdkDeviation>().Single();
        Assert.That(deviation.Reported, Does.StartWith("OnTokenPrivilegeWillExpire() at").And.EndWith("10 s late"));
        Assert.That(toldEvents.Events.OfType<TokenPrivilegeWillExpire>().Single().TokenExpiresAt, Is.EqualTo(time.GetUtcNow() + (20 * S)), "the expiry the app gave");
    }

    [Test]
    public void RemoteUsers_KeepTheSdksOfflineReason_AndAnOfflineUserNeverJoined_IsAPresenceDeviation()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnUserJoined(1);
        follower.OnUserJoined(2);
        follower.OnUserJoined(3);

        follower.OnUserOffline(1, 0);
        follower.OnUserOffline(2, 1);
        follower.OnUserOffline(3, 2);
        follower.OnUserOffline(4, 1);
        follower.OnUserOffline(1, 7);

        Assert.That(recorder.Events.OfType<RemoteUserOffline>().Select(o => (o.Uid, o.Reason)), Is.EqualTo(new[]
        {
            (1u, UserOfflineReason.Quit), (2u, UserOfflineReason.Dropped), (3u, UserOfflineReason.BecomeAudience),
        }));
        Assert.That(recorder.Events.OfType<SdkDeviation>().Select(d => d.Reported), Is.EqualTo(new[]
        {
            "OnUserOffline(4, 1 Dropped) for user 4, who is not online",
            "OnUserOffline(1, 7)",
        }));
    }

    [Test]
    public void AHandlerThatThrows_NeverReachesTheSdksThread_AndAHandlerThatReportsAgain_IsQueuedBehindIt()
    {
        var time = new FakeTimeProvider();
        var log = new FakeLogger();
        using var follower = new RtcSdkFollower(null, null, time, log);
        var states = new List<ConnectionState>();
        follower.EventRaised += (_, e) =>
        {
            if (e is ConnectionStateChanged c)
            {
                states.Add(c.State);
                if (c.State == ConnectionState.Connected)
                {
                    follower.OnConnectionStateChanged(4, 2); // a handler forwarding a report of its own: queued, not nested
                }

                throw new InvalidOperationException("the app's handler failed");
            }
        };

        Assert.DoesNotThrow(() => follower.OnConnectionStateChanged(2, 0));
        Assert.DoesNotThrow(() => follower.OnConnectionStateChanged(3, 1));

        Assert.That(states, Is.EqualTo(new[] { ConnectionState.Connecting, ConnectionState.Connected, ConnectionState.Reconnecting }));
        Assert.That(log.Entries.Count(e => e.EventName == "HandlerFailed"), Is.EqualTo(3));
    }

    [Test]
    public void CallsAfterDispose_DoNothing_AndNeverThrow()
    {
        var time = new FakeTimeProvider();
        var follower = new RtcSdkFollower(null, null, time, null);
        var events = 0;
        follower.EventRaised += (_, _) => events++;
        follower.Dispose();

        Assert.DoesNotThrow(() =>
        {
            follower.OnConnectionStateChanged(2, 0);
            follower.OnJoinChannelSuccess();
            follower.OnUserJoined(1);
            follower.OnUserOffline(1, 1);
            follower.OnConnectionLost();
            follower.OnTokenPrivilegeWillExpire();
            follower.OnRequestToken();
            follower.Dispose();
        });
        Assert.That(events, Is.Zero);
    }

    [Test]
    public void DisposeWhileAnotherThreadForwards_EndsCleanly()
    {
        var time = new FakeTimeProvider();
        var follower = new RtcSdkFollower(null, null, time, null);
        using var started = new ManualResetEventSlim();
        var sdk = new Thread(() =>
        {
            started.Set();
            for (var i = 0; i < 20_000; i++)
            {
                follower.OnConnectionStateChanged((i % 5) + 1, i % 3);
                follower.OnUserJoined((uint)i);
            }
        });
        sdk.Start();
        started.Wait();
        follower.Dispose();
        Assert.That(sdk.Join(TimeSpan.FromSeconds(30)), Is.True);
    }

    [Test]
    public void TheRtm1xSdk_IsFollowed_ItsAbortForAnExpiredTokenThenOnTokenExpiredIsOneEvent()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtmSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);

        follower.OnConnectionStateChanged(2, 1);
        time.Advance(0.2 * S);
        follower.OnConnectionStateChanged(3, 2);
        follower.OnMemberJoined("bob");
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.That(follower.Members.Members, Is.EqualTo(new[] { "bob" }), "no presence timeout moves a follower's members");
        follower.OnConnectionStateChanged(5, 9);
        follower.OnTokenExpired();
        follower.OnMemberLeft("bob");
        follower.OnConnectionStateChanged(7, 1);

        var events = recorder.Events;
        Assert.That(events.OfType<TokenExpired>().Count(), Is.EqualTo(1));
        Assert.That(events.OfType<MemberLeft>().Single().UserId, Is.EqualTo("bob"));
        Assert.That(events.OfType<SdkDeviation>().Single().Expected, Is.EqualTo("a CONNECTION_STATE value (1-5)"));
        Assert.That(follower.Connection.State, Is.EqualTo(RtmConnectionState.Aborted));
    }

    [Test]
    public async Task TheAppsLogin_EndsWithWhatTheSdkReports_EvenAcrossAJumpOutOfConnecting()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtmSdkFollower(null, null, time, null);
        var connected = follower.Connection.LoginAsync();
        follower.OnConnectionStateChanged(2, 1);
        follower.OnConnectionStateChanged(4, 5); // CONNECTED was dropped: the login had connected
        await connected;

        follower.OnConnectionStateChanged(1, 6);
        var refused = follower.Connection.LoginAsync();
        follower.OnConnectionStateChanged(2, 1);
        follower.OnConnectionStateChanged(5, 8); // ABORTED / REMOTE_LOGIN while connecting
        var error = Assert.ThrowsAsync<RtmLoginException>(() => refused);
        Assert.That(error!.Reason, Is.EqualTo(RtmConnectionChangeReason.RemoteLogin));
    }

    [Test]
    public void ANullUserId_IsAValueDeviation_NotAnException()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtmSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);

        Assert.DoesNotThrow(() => follower.OnMemberJoined(null!));
        Assert.DoesNotThrow(() => follower.OnMemberLeft(null!));

        Assert.That(recorder.Events.OfType<SdkDeviation>().Select(d => d.Reported), Is.EqualTo(new[] { "OnMemberJoined(null)", "OnMemberLeft(null)" }));
    }

    [Test]
    public void AFollower_WithOptionsThatDisagree_IsRefusedAtConstruction_NamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new RtcSdkFollower(new RtcConnectionOptions { SdkVersion = new Version(2, 1) }, null, null, null));
        Assert.That(error!.Message, Does.Contain("SdkVersion 2.1 behaves as Legacy").And.Contain("set Behavior to Legacy"));
        Assert.Throws<ArgumentException>(() => _ = new RtcSdkFollower(new RtcConnectionOptions { FollowTolerance = TimeSpan.FromSeconds(-1) }, null, null, null));
        Assert.Throws<ArgumentException>(() => _ = new RtmSdkFollower(new RtmConnectionOptions { FollowTolerance = TimeSpan.FromHours(1) }, null, null, null));
        Assert.Throws<ArgumentException>(() => _ = new RtmLinkSdkFollower(new RtmLinkOptions { FollowTolerance = TimeSpan.FromHours(1) }, null, null));
        Assert.That(new RtcSdkFollower(new RtcConnectionOptions { FollowTolerance = TimeSpan.Zero }, null, null, null).Connection.FollowsSdk, Is.True, "zero: every deadline exactly on time");
    }

    [Test]
    public void TheRtm1xLoginTimeout_ComingLate_IsATimingDeviation()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtmSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnConnectionStateChanged(2, 1);
        time.Advance(9 * S);
        follower.OnConnectionStateChanged(1, 4);

        Assert.That(recorder.Events.OfType<SdkDeviation>().Single().Reported, Does.EndWith("3 s late"));
        Assert.That(follower.Connection.State, Is.EqualTo(RtmConnectionState.Disconnected));
    }

    [Test]
    public void TheRtm2xLink_IsFollowed_ADroppedCallbackIsSeenInPreviousState_AndUndefinedValuesAreDeviations()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtmLinkSdkFollower(null, time, null);
        var recorder = new EventRecorder(follower, time);

        follower.OnLinkStateEvent(0, 1, 0, 1, 1);
        follower.OnLinkStateEvent(1, 2, 0, 2, 1);
        follower.OnLinkStateEvent(3, 1, 5, 8, 1); // the DISCONNECTED before it was dropped
        follower.OnLinkStateEvent(1, 2, 5, 10, 1);
        follower.OnLinkStateEvent(2, 9, 0, 1, 1);
        follower.OnLinkStateEvent(2, 3, 0, 99, 1);

        var deviations = recorder.Events.OfType<SdkDeviation>().ToList();
        Assert.That(deviations.Select(d => d.Expected), Is.EqualTo(new[]
        {
            "previousState Connected",
            "Connecting (AutoReconnect) only from Disconnected or Suspended",
            "an RTM_LINK_STATE currentState (0-5)",
            "an RTM_LINK_STATE_CHANGE_REASON (0-37)",
        }));
        Assert.That(follower.Link.State, Is.EqualTo(RtmLinkState.Connected));
        Assert.That(recorder.Events.OfType<RtmLinkStateChanged>().Last().IsResumed, Is.True, "reconnected before a suspension");
    }

    [Test]
    public void TheRtm2xEnums_RunFromZeroWithoutAGap_AsTheFollowersRangeCheckAssumes()
    {
        foreach (var values in new[] { Enum.GetValues<RtmLinkState>().Select(v => (int)v), Enum.GetValues<RtmLinkOperation>().Select(v => (int)v), Enum.GetValues<RtmLinkStateChangeReason>().Select(v => (int)v) })
        {
            Assert.That(values, Is.EqualTo(Enumerable.Range(0, values.Count())));
        }
    }
}

/// <summary>The README's example of testing an app's UI model through <c>ForwardTo</c>, run as written.</summary>
public class ReadmeForwardToExampleTests
{
    [Test]
    public void TheBanner_ShowsTheLossAt19s_AndTheFollowerIsConnectedAfterTheRejoin()
    {
        using var simulation = new ChannelSimulation();
        var player = simulation.AddUser(1, Agora.Connectivity.Callbacks.Platform.CSharp, Agora.Connectivity.Callbacks.SdkGeneration.V4);
        using var follower = new RtcSdkFollower(null, null, simulation.Time, null);
        var banner = string.Empty;
        follower.EventRaised += (_, e) => banner = e switch
        {
            ConnectionLost => "Connection lost, retrying...",
            RejoinChannelSucceeded => string.Empty,
            _ => banner,
        };
        player.ForwardTo(follower);

        player.JoinChannel();
        simulation.Advance(TimeSpan.FromSeconds(5));
        player.DropNetwork();
        simulation.Advance(TimeSpan.FromSeconds(14));
        Assert.That(banner, Is.EqualTo("Connection lost, retrying..."));
        player.RestoreNetwork();
        simulation.Advance(TimeSpan.FromSeconds(1));
        Assert.That(follower.Connection.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(banner, Is.Empty);
    }
}

/// <summary>A report that changes nothing, on the SDK's callback thread, allocates nothing (BenchmarkDotNet measures it too: docs/benchmarks.md).</summary>
public class FollowerAllocationTests
{
    [Test]
    public void RepeatedReports_AndTheModelledMachinesIgnoredReport_AllocateNothing()
    {
        using var follower = new RtcSdkFollower(null, null, TimeProvider.System, null);
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        follower.OnUserJoined(1);
        using var modelled = new RtcConnectionStateMachine();
        modelled.JoinChannel();
        modelled.ReportJoinSuccess();

        void Repeats()
        {
            follower.OnConnectionStateChanged(3, 1);
            follower.OnJoinChannelSuccess();
            follower.OnUserJoined(1);
            modelled.ReportJoinSuccess();
        }

        for (var i = 0; i < 2_000; i++)
        {
            Repeats();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Repeats();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1_000), "40,000 reports; a closure per report would be 320 KB");
    }
}
