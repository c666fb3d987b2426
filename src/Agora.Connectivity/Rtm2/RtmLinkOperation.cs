namespace Agora.Connectivity.Rtm2;

/// <summary>What caused a link state change: <c>RtmLinkOperation</c> of <c>agora-react-native-rtm</c> 2.2.6 (<c>src/legacy/AgoraRtmBase.ts</c>, line 50); the Web SDK's <c>LinkOperation</c> spells them in upper snake case (<c>HEARTBEAT_TIMEOUT</c> for <see cref="HeartbeatLost"/>).</summary>
public enum RtmLinkOperation
{
    /// <summary>Login.</summary>
    Login = 0,

    /// <summary>Logout.</summary>
    Logout = 1,

    /// <summary>Join.</summary>
    Join = 2,

    /// <summary>Leave.</summary>
    Leave = 3,

    /// <summary>Server reject.</summary>
    ServerReject = 4,

    /// <summary>Auto reconnect.</summary>
    AutoReconnect = 5,

    /// <summary>Reconnected.</summary>
    Reconnected = 6,

    /// <summary>Heartbeat lost.</summary>
    HeartbeatLost = 7,

    /// <summary>Server timeout.</summary>
    ServerTimeout = 8,

    /// <summary>Network change.</summary>
    NetworkChange = 9,
}
