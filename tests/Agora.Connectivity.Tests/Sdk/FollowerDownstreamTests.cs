using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Sdk;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Agora.Connectivity.Timeline;

namespace Agora.Connectivity.Tests.Sdk;

/// <summary>Everything downstream of a follower works as it does for a modelled machine: the event stream, the traces, the callback strategies.</summary>
public class FollowerDownstreamTests
{
    [Test]
    public async Task ReadEventsAsync_OnAFollower_ReadsBothSourcesInOrder_AndEndsWhenTheFollowerIsDisposed()
    {
        var time = new FakeTimeProvider();
        var follower = new RtcSdkFollower(null, null, time, null);
        var stream = follower.ReadEventsAsync();
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        follower.OnUserJoined(9);
        follower.Dispose();

        var read = new List<ConnectivityEvent>();
        await foreach (var e in stream)
        {
            read.Add(e);
        }

        Assert.That(read.Select(e => e.GetType().Name), Is.EqualTo(new[] { nameof(ConnectionStateChanged), nameof(ConnectionStateChanged), nameof(JoinChannelSucceeded), nameof(RemoteUserJoined) }));
    }

    [Test]
    public void AFollowedOutage_IsTracedAsAModelledOneIs()
    {
        using var recorder = new ActivityRecorder();
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        follower.OnConnectionStateChanged(4, 2);
        time.Advance(TimeSpan.FromSeconds(7));
        follower.OnConnectionStateChanged(3, 1);

        var outage = recorder.Stopped.Single(a => a.OperationName == "agora.rtc.outage");
        Assert.That(outage.Duration, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void ACallbackStrategy_OverAFollower_SpeaksTheCSharpSdksNames()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var callbacks = new List<string>();
        using var subscription = follower.Subscribe(CallbackStrategies.For(Platform.CSharp, SdkGeneration.V4), c => callbacks.Add(c.ToString()));

        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        follower.OnUserOffline(4, 1);
        follower.OnUserJoined(4);
        follower.OnUserOffline(4, 1);

        Assert.That(callbacks, Is.EqualTo(new[]
        {
            "OnConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)",
            "OnConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)",
            "OnJoinChannelSuccess()",
            "OnUserJoined(4)",
            "OnUserOffline(4, USER_OFFLINE_DROPPED)",
        }));
    }

    [Test]
    public void TheTimeline_WithALegacyCSharpUser_PrintsTheLegacyUnityApisOwnRejoin()
    {
        var run = Scenarios.Find("legacy-drop")!.Run(new ScenarioSettings(Local: Platform.CSharp));
        var rows = run.Rows.Where(r => r.User == "uid 1").Select(r => r.Text).ToList();

        Assert.That(rows, Does.Contain("OnConnectionInterrupted()").And.Contain("OnConnectionLost()").And.Contain("OnReJoinChannelSuccess()"));
        Assert.That(rows, Has.None.StartsWith("OnConnectionStateChanged"), "no state callback before v2.3.2");
    }
}
