namespace Agora.Connectivity.Rtm2;

/// <summary>Why a link changed state: <c>RtmLinkStateChangeReason</c> of <c>agora-react-native-rtm</c> 2.2.6 (<c>src/legacy/AgoraRtmBase.ts</c>, line 114), every value; the Web SDK's <c>LinkStateChangeReasonCode</c> spells them in upper snake case.</summary>
public enum RtmLinkStateChangeReason
{
    /// <summary>Unknown reason.</summary>
    Unknown = 0,

    /// <summary>Login.</summary>
    Login = 1,

    /// <summary>Login success.</summary>
    LoginSuccess = 2,

    /// <summary>Login timeout.</summary>
    LoginTimeout = 3,

    /// <summary>Login not authorized.</summary>
    LoginNotAuthorized = 4,

    /// <summary>Login rejected.</summary>
    LoginRejected = 5,

    /// <summary>Re-login.</summary>
    Relogin = 6,

    /// <summary>Logout.</summary>
    Logout = 7,

    /// <summary>Auto reconnect.</summary>
    AutoReconnect = 8,

    /// <summary>Reconnect timeout.</summary>
    ReconnectTimeout = 9,

    /// <summary>Reconnect success.</summary>
    ReconnectSuccess = 10,

    /// <summary>Join.</summary>
    Join = 11,

    /// <summary>Join success.</summary>
    JoinSuccess = 12,

    /// <summary>Join failed.</summary>
    JoinFailed = 13,

    /// <summary>Rejoin.</summary>
    Rejoin = 14,

    /// <summary>Leave.</summary>
    Leave = 15,

    /// <summary>Invalid token.</summary>
    InvalidToken = 16,

    /// <summary>Token expired.</summary>
    TokenExpired = 17,

    /// <summary>Inconsistent app ID.</summary>
    InconsistentAppId = 18,

    /// <summary>Invalid channel name.</summary>
    InvalidChannelName = 19,

    /// <summary>Invalid user ID.</summary>
    InvalidUserId = 20,

    /// <summary>Not initialized.</summary>
    NotInitialized = 21,

    /// <summary>Rtm service not connected.</summary>
    RtmServiceNotConnected = 22,

    /// <summary>Channel instance exceed limitation.</summary>
    ChannelInstanceExceedLimitation = 23,

    /// <summary>Operation rate exceed limitation.</summary>
    OperationRateExceedLimitation = 24,

    /// <summary>Channel in error state.</summary>
    ChannelInErrorState = 25,

    /// <summary>Presence not connected.</summary>
    PresenceNotConnected = 26,

    /// <summary>Same UID login.</summary>
    SameUidLogin = 27,

    /// <summary>Kicked out by server.</summary>
    KickedOutByServer = 28,

    /// <summary>Keep alive timeout.</summary>
    KeepAliveTimeout = 29,

    /// <summary>Connection error.</summary>
    ConnectionError = 30,

    /// <summary>Presence not ready.</summary>
    PresenceNotReady = 31,

    /// <summary>Network change.</summary>
    NetworkChange = 32,

    /// <summary>Service not supported.</summary>
    ServiceNotSupported = 33,

    /// <summary>Stream channel not available.</summary>
    StreamChannelNotAvailable = 34,

    /// <summary>storage not available.</summary>
    StorageNotAvailable = 35,

    /// <summary>Lock not available.</summary>
    LockNotAvailable = 36,

    /// <summary>Login too frequent.</summary>
    LoginTooFrequent = 37,
}
