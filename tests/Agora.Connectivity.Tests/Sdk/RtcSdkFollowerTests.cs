using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Sdk;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Sdk;

/// <summary>An app's SDK handler forwarding Agora's RTC callbacks into a follower: the state is what the SDK said, deviations are told.</summary>
public class RtcSdkFollowerTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    [Test]
    public void The4xTimeline_Followed_GivesTheDocumentedEvents_AndNoDeviation()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);

        follower.OnConnectionStateChanged(2, 0);
        time.Advance(0.2 * S);
        follower.OnConnectionStateChanged(3, 1);
        follower.OnJoinChannelSuccess();
        follower.OnUserJoined(7);
        time.Advance(3.8 * S);
        follower.OnConnectionStateChanged(4, 2);
        time.Advance(10 * S);
        follower.OnConnectionLost();
        time.Advance(20 * S);
        follower.OnConnectionStateChanged(3, 1);
        follower.OnRejoinChannelSuccess();
        follower.OnUserOffline(7, 1);

        Assert.That(recorder.Events, Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(TimeSpan.Zero, new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting)),
            recorder.At(0.2 * S, new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            recorder.At(0.2 * S, new JoinChannelSucceeded()),
            recorder.At(0.2 * S, new RemoteUserJoined(7)),
            recorder.At(4 * S, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            recorder.At(4 * S, new ConnectionInterrupted()),
            recorder.At(14 * S, new ConnectionLost()),
            recorder.At(34 * S, new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            recorder.At(34 * S, new RejoinChannelSucceeded()),
            recorder.At(34 * S, new RemoteUserOffline(7, UserOfflineReason.Dropped)),
        }));
        Assert.That(time.TimerCount, Is.Zero, "a follower arms no timer");
    }

    [Test]
    public void Following_NoTimerMovesTheState_AUserStaysOnlineUntilTheSdkSaysOtherwise()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        follower.OnUserJoined(7);

        time.Advance(TimeSpan.FromHours(1));

        Assert.That(follower.Connection.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(follower.RemoteUsers.IsOnline(7), Is.True);
    }

    [Test]
    public void LostTwoSecondsLate_IsATimingDeviation_AndStillFollowed()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        time.Advance(4 * S);
        follower.OnConnectionStateChanged(4, 2);
        recorder.Take();

        time.Advance(12 * S);
        follower.OnConnectionLost();

        var events = recorder.Take();
        Assert.That(events, Has.Count.EqualTo(2));
        var deviation = (SdkDeviation)events[0];
        Assert.That(deviation.Expected, Is.EqualTo("OnConnectionLost() at 00:00:14.000 (± 1 s)"));
        Assert.That(deviation.Reported, Is.EqualTo("OnConnectionLost() at 00:00:16.000, 2 s late"));
        Assert.That(events[1], Is.EqualTo(recorder.At(16 * S, new ConnectionLost())));
    }

    [Test]
    public void AGap_ConnectingToReconnecting_IsATransitionDeviation_AndTheStateJumps()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnConnectionStateChanged(2, 0);
        recorder.Take();
        time.Advance(3 * S);

        follower.OnConnectionStateChanged(4, 2);

        var events = recorder.Take();
        Assert.That(events[0], Is.EqualTo(recorder.At(3 * S, new SdkDeviation("Reconnecting (Interrupted) only from Connected", "OnConnectionStateChanged(4 Reconnecting, 2 Interrupted) in state Connecting"))));
        Assert.That(events.Skip(1), Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(3 * S, new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            recorder.At(3 * S, new ConnectionInterrupted()),
        }));
        Assert.That(follower.Connection.State, Is.EqualTo(ConnectionState.Reconnecting));
    }

    [Test]
    public void ARepeat_RaisesNothing()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        recorder.Take();

        follower.OnConnectionStateChanged(3, 1);
        follower.OnJoinChannelSuccess();
        follower.OnUserJoined(7);
        follower.OnUserJoined(7);

        Assert.That(recorder.Take(), Is.EqualTo(new ConnectivityEvent[] { recorder.At(TimeSpan.Zero, new RemoteUserJoined(7)) }));
    }

    [TestCase(0, 0)]
    [TestCase(6, 0)]
    [TestCase(3, 25)]
    [TestCase(3, -1)]
    public void AnUndefinedValue_IsAValueDeviation_NotAnException(int state, int reason)
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);

        Assert.DoesNotThrow(() => follower.OnConnectionStateChanged(state, reason));

        Assert.That(recorder.Events, Has.Count.EqualTo(1));
        Assert.That(recorder.Events[0], Is.InstanceOf<SdkDeviation>());
        Assert.That(follower.Connection.State, Is.EqualTo(ConnectionState.Disconnected));
    }
}
