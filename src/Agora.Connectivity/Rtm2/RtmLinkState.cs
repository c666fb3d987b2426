namespace Agora.Connectivity.Rtm2;

/// <summary>The state of an RTM 2.x (Signaling) link: <c>RtmLinkState</c> of <c>agora-react-native-rtm</c> 2.2.6 (<c>src/legacy/AgoraRtmBase.ts</c>, line 20), the Web SDK's <c>LinkState</c> (<c>agora-rtm-sdk</c> 2.3.0 <c>agora-rtm.d.ts</c>).</summary>
public enum RtmLinkState
{
    /// <summary>The initial state: not logged in, or logged out (Web: "The initial state, not logged in state").</summary>
    Idle = 0,

    /// <summary>Logging in or reconnecting (Web: "The SDK is logging in or reconnecting").</summary>
    Connecting = 1,

    /// <summary>Logged in, or reconnected (Web: "Login or reconnect success").</summary>
    Connected = 2,

    /// <summary>Briefly disconnected: the SDK retries on its own, or the app logs in again (Web: "briefly disconnected, waiting for the SDK to automatically reconnect or manually login").</summary>
    Disconnected = 3,

    /// <summary>Disconnected for long: the first attempt that times out 115 s after the first timeout of the outage moves here; the SDK keeps retrying (Web: "long-term disconnected").</summary>
    Suspended = 4,

    /// <summary>The link failed and is not retried: log in again, deciding by the reason code (Web: "Please decide how to re-login based on the reasonCode").</summary>
    Failed = 5,
}
