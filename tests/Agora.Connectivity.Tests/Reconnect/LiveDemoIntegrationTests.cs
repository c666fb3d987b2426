using Agora.Connectivity.Callbacks;
using Agora.Connectivity.LiveDemo;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Tests.Reconnect;

/// <summary>
/// The live demo on loopback with timeouts of a few hundred milliseconds: a real socket and the real
/// clock; the machine goes Connected → Reconnecting → Connected when the server pauses and resumes.
/// </summary>
[NonParallelizable]
public class LiveDemoIntegrationTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task RealSocket_ServerPausesAndResumes_ConnectedReconnectingConnected(CancellationToken cancellationToken)
    {
        var settings = new LiveDemoSettings(
            Heartbeat: TimeSpan.FromMilliseconds(50),
            Pause: TimeSpan.FromMilliseconds(900),
            After: TimeSpan.FromMilliseconds(300),
            Options: new RtcConnectionOptions
            {
                InterruptionTimeout = TimeSpan.FromMilliseconds(250),
                ConnectionLostTimeout = TimeSpan.FromMilliseconds(150),
                ReconnectFailureTimeout = TimeSpan.FromSeconds(30),
            },
            Policy: new FixedDelaysPolicy([TimeSpan.FromMilliseconds(100)], repeatLast: true, attemptTimeout: TimeSpan.FromSeconds(2)),
            Platform: Platform.Android);

        var seen = await LiveDemo.LiveDemo.RunAsync(settings, (_, _) => { }, cancellationToken);

        var names = seen.Select(s => s.Callback.ToString()).ToList();
        Assert.That(names.Where(n => n.StartsWith("onConnectionStateChanged", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)",
            "onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)",
            "onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)",
            "onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)",
            "onConnectionStateChanged(CONNECTION_STATE_DISCONNECTED, CONNECTION_CHANGED_LEAVE_CHANNEL)",
        }));
        Assert.That(names, Does.Contain("onJoinChannelSuccess()").And.Contain("onRejoinChannelSuccess()"));
        Assert.That(names.IndexOf("onRejoinChannelSuccess()"), Is.GreaterThan(names.IndexOf("onJoinChannelSuccess()")));
        var lostAt = names.IndexOf("onConnectionLost()");
        if (lostAt >= 0)
        {
            Assert.That(lostAt, Is.LessThan(names.IndexOf("onRejoinChannelSuccess()")), "lost comes before the rejoin");
        }
    }
}
