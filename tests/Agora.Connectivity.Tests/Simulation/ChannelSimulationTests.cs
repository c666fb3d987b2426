using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Simulation;

public class ChannelSimulationTests
{
    [Test]
    public void Join_AcceptedAfter200ms_OthersSeeIt100msLater()
    {
        using var simulation = new ChannelSimulation();
        var watcher = simulation.AddUser(2, Platform.Android);
        watcher.JoinChannel();
        simulation.Advance(Sec(1));
        var joiner = simulation.AddUser(1, Platform.Android);

        joiner.JoinChannel();
        simulation.Advance(Ms(199));
        Assert.That(joiner.State, Is.EqualTo(ConnectionState.Connecting));
        simulation.Advance(Ms(1));
        Assert.That(joiner.State, Is.EqualTo(ConnectionState.Connected));
        simulation.Advance(Ms(100));

        Assert.That(watcher.Callbacks.Last(), Is.EqualTo(new TimelineEntry(Ms(1300), 2, new PlatformCallback("onUserJoined", "1"))));
        Assert.That(simulation.Timeline.Where(e => e.Uid == 1).Select(e => e.Callback.Name), Is.EqualTo(new[]
        {
            "onConnectionStateChanged", "onConnectionStateChanged", "onJoinChannelSuccess", "onUserJoined",
        }));
    }

    [Test]
    public void TokenExpiresWhileTheNetworkIsDown_TheOthersCountFromTheDrop()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Android);
        var watcher = simulation.AddUser(2, Platform.Android);
        user.JoinChannel(simulation.Time.Start + Sec(15));
        watcher.JoinChannel();
        simulation.Advance(Sec(5));

        user.DropNetwork();
        simulation.Advance(Sec(30));

        Assert.That(user.State, Is.EqualTo(ConnectionState.Failed));
        Assert.That(watcher.Callbacks.Last(), Is.EqualTo(new TimelineEntry(Sec(25), 2, new PlatformCallback("onUserOffline", "1", "USER_OFFLINE_DROPPED"))));
    }

    [Test]
    public void RenewToken_NeedsALiveProcessInTheChannel()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Android);
        var later = simulation.Time.Start + Min(5);

        Assert.Throws<InvalidOperationException>(() => user.RenewToken(later));
        user.JoinChannel(later);
        user.KillProcess();
        Assert.Throws<InvalidOperationException>(() => user.RenewToken(later));
    }

    [Test]
    public void Join_WhileTheNetworkIsDown_IsAccepted200msAfterItComesBack()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Linux);
        user.DropNetwork();
        user.JoinChannel();
        simulation.Advance(Sec(3));

        user.RestoreNetwork();
        simulation.Advance(Ms(200));

        Assert.That(user.Callbacks.Select(e => (e.At, e.Callback.ToString())), Is.EqualTo(new[]
        {
            (TimeSpan.Zero, "onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)"),
            (Ms(3200), "onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)"),
            (Ms(3200), "onJoinChannelSuccess()"),
        }));
    }

    [Test]
    public void RestoreNetwork_AfterFailure_DoesNotRejoin_TheAppMustLeaveAndJoin()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Android);
        user.JoinChannel();
        simulation.Advance(Sec(1));
        user.DropNetwork();
        simulation.Advance(Min(21));

        user.RestoreNetwork();
        simulation.Advance(Sec(1));
        Assert.That(user.State, Is.EqualTo(ConnectionState.Failed));

        user.LeaveChannel();
        user.JoinChannel();
        simulation.Advance(Ms(200));
        Assert.That(user.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public void DropShorterThan4s_NobodyHearsAnything()
    {
        using var simulation = new ChannelSimulation();
        var (one, two) = TwoJoined(simulation);
        var before = simulation.Timeline.Count;

        one.DropNetwork();
        simulation.Advance(Ms(3500));
        one.RestoreNetwork();
        simulation.Advance(Min(1));

        Assert.That(simulation.Timeline, Has.Count.EqualTo(before));
        Assert.That((one.State, two.State), Is.EqualTo((ConnectionState.Connected, ConnectionState.Connected)));
    }

    [Test]
    public void WebKill_IsADrop_NativeWatcherSeesOfflineAfter20s()
    {
        using var simulation = new ChannelSimulation();
        var web = simulation.AddUser(1, Platform.Web);
        var native = simulation.AddUser(2, Platform.Windows);
        web.JoinChannel();
        native.JoinChannel();
        simulation.Advance(Sec(2));

        web.KillProcess();
        simulation.Advance(Sec(30));

        Assert.That(native.Callbacks.Last(), Is.EqualTo(new TimelineEntry(Sec(22), 2, new PlatformCallback("onUserOffline", "1", "USER_OFFLINE_DROPPED"))));
        Assert.That(web.State, Is.EqualTo(ConnectionState.Disconnected));
        Assert.That(web.IsAlive, Is.False);
    }

    [Test]
    public void KilledUser_CommandsThrow_UntilRestarted_AndRestartWhileAliveThrows()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Android);
        user.JoinChannel();

        var alive = Assert.Throws<InvalidOperationException>(user.RestartAndRejoin);
        user.KillProcess();
        var dead = Assert.Throws<InvalidOperationException>(user.DropNetwork);

        Assert.That(alive!.Message, Is.EqualTo("User 1's process is running; call KillProcess first, then RestartAndRejoin."));
        Assert.That(dead!.Message, Is.EqualTo("User 1's process has been killed; call RestartAndRejoin to start it again."));
        Assert.Throws<InvalidOperationException>(user.JoinChannel);
        Assert.Throws<InvalidOperationException>(user.KillProcess);
    }

    [Test]
    public void SilentLastUser_ServerLetsGoAfter3Min_ChannelDestroyed10sLater()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Android);
        user.JoinChannel();
        simulation.Advance(Sec(5));

        user.KillProcess();
        simulation.Advance(Min(3) + Sec(10) - Tick);
        Assert.That(simulation.ChannelDestroyedAt, Is.Null);
        simulation.Advance(Tick);

        Assert.That(simulation.ChannelDestroyedAt, Is.EqualTo(Sec(5) + Min(3) + Sec(10)));
    }

    [Test]
    public void ChannelDestroyed_AJoinRecreatesIt()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Ios);
        user.JoinChannel();
        simulation.Advance(Sec(1));
        user.LeaveChannel();
        simulation.Advance(Sec(9));
        Assert.That(simulation.ChannelDestroyedAt, Is.Null);
        simulation.Advance(Sec(1));
        Assert.That(simulation.ChannelDestroyedAt, Is.EqualTo(Sec(11)));

        user.JoinChannel();
        simulation.Advance(Sec(1));

        Assert.That(simulation.ChannelDestroyedAt, Is.Null);
    }

    [Test]
    public void ALeaveAndJoinWithin10s_KeepsTheChannel()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Android);
        user.JoinChannel();
        simulation.Advance(Sec(1));

        user.LeaveChannel();
        simulation.Advance(Sec(5));
        user.JoinChannel();
        simulation.Advance(Min(1));

        Assert.That(simulation.ChannelDestroyedAt, Is.Null);
    }

    [Test]
    public void Timeline_IsMeasuredFromTheSimulationsStart_OnAGivenClock()
    {
        var time = new FakeTimeProvider();
        time.Advance(TimeSpan.FromHours(1));
        using var simulation = new ChannelSimulation(time);
        var user = simulation.AddUser(1, Platform.Android);
        simulation.Advance(Sec(2));

        user.JoinChannel();

        Assert.That(simulation.Time, Is.SameAs(time));
        Assert.That(simulation.Timeline.Single().At, Is.EqualTo(Sec(2)));
    }

    [Test]
    public void UserConnection_TakesTheAppsOwnHandlers()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Android);
        var states = new List<ConnectionState>();
        user.Connection.EventRaised += (_, e) =>
        {
            if (e is ConnectionStateChanged changed)
            {
                states.Add(changed.State);
            }
        };

        user.JoinChannel();
        simulation.Advance(Sec(1));
        user.DropNetwork();
        simulation.Advance(Sec(5));

        Assert.That(states, Is.EqualTo(new[] { ConnectionState.Connecting, ConnectionState.Connected, ConnectionState.Reconnecting }));
    }

    [Test]
    public void AddUser_DuplicateOrBadArguments_Throw()
    {
        using var simulation = new ChannelSimulation();
        simulation.AddUser(1, Platform.Android);

        Assert.Throws<ArgumentException>(() => simulation.AddUser(1, Platform.Web));
        Assert.Throws<ArgumentOutOfRangeException>(() => simulation.AddUser(2, (Platform)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => simulation.AddUser(3, Platform.Web, (RtcSdkBehavior)9));
    }

    [Test]
    public void Dispose_StopsEverything()
    {
        var simulation = new ChannelSimulation();
        var (one, _) = TwoJoined(simulation);

        simulation.Dispose();
        simulation.Dispose();

        Assert.That(simulation.Time.TimerCount, Is.Zero);
        Assert.Throws<ObjectDisposedException>(() => simulation.Advance(Sec(1)));
        Assert.Throws<ObjectDisposedException>(() => simulation.AddUser(5, Platform.Android));
        Assert.Throws<ObjectDisposedException>(one.DropNetwork);
    }

    [Test]
    public void Rtm_Logout_MembersSeeMemberLeft100msLater_AndAKickedClientForgetsItsMembers()
    {
        using var simulation = new RtmChannelSimulation();
        var alice = simulation.AddClient("alice", Platform.Android);
        var bob = simulation.AddClient("bob", Platform.Ios);
        var login = alice.LoginAsync();
        _ = bob.LoginAsync();
        simulation.Advance(Sec(1));
        Assert.That(login.IsCompletedSuccessfully, Is.True);

        var second = simulation.AddClient("alice", Platform.Web);
        _ = second.LoginAsync();
        simulation.Advance(Sec(1));
        second.Logout();
        simulation.Advance(Min(2));

        Assert.That(alice.State, Is.EqualTo(RtmConnectionState.Aborted));
        Assert.That(alice.Callbacks.Select(e => e.Callback.ToString()), Is.EqualTo(new[]
        {
            "onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGE_REASON_LOGIN)",
            "onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS)",
            "onMemberJoined(bob)",
            "onConnectionStateChanged(CONNECTION_STATE_ABORTED, CONNECTION_CHANGE_REASON_REMOTE_LOGIN)",
        }));
        Assert.That(bob.Callbacks.Select(e => (e.At, e.Callback.ToString())).Last(), Is.EqualTo((Ms(2100), "memberLeft(alice)")));
        Assert.That(second.Name, Is.EqualTo("alice#2"));
    }

    private static (SimulatedUser One, SimulatedUser Two) TwoJoined(ChannelSimulation simulation)
    {
        var one = simulation.AddUser(1, Platform.Android);
        var two = simulation.AddUser(2, Platform.Android);
        one.JoinChannel();
        two.JoinChannel();
        simulation.Advance(Sec(1));
        return (one, two);
    }
}
