namespace Agora.Connectivity.Rtc;

/// <summary>Why the RTC connection state changed, with Agora's numeric values.</summary>
public enum ConnectionChangedReason
{
    /// <summary>Connecting to the server.</summary>
    Connecting = 0,

    /// <summary>The join (or rejoin) succeeded.</summary>
    JoinSuccess = 1,

    /// <summary>The connection was interrupted: no data from the server for the interruption timeout.</summary>
    Interrupted = 2,

    /// <summary>The server banned the connection.</summary>
    BannedByServer = 3,

    /// <summary>The SDK failed to join (or rejoin) in time and stopped trying.</summary>
    JoinFailed = 4,

    /// <summary>The app left the channel.</summary>
    LeaveChannel = 5,

    /// <summary>The app ID is not valid.</summary>
    InvalidAppId = 6,

    /// <summary>The channel name is not valid.</summary>
    InvalidChannelName = 7,

    /// <summary>The token is not valid.</summary>
    InvalidToken = 8,

    /// <summary>The token expired.</summary>
    TokenExpired = 9,

    /// <summary>The server rejected the user.</summary>
    RejectedByServer = 10,

    /// <summary>The SDK is reconnecting because a proxy server was set.</summary>
    SettingProxyServer = 11,

    /// <summary>The token was renewed.</summary>
    RenewToken = 12,

    /// <summary>The client's IP address changed.</summary>
    ClientIpAddressChanged = 13,

    /// <summary>The keep-alive between the SDK and the server timed out.</summary>
    KeepAliveTimeout = 14,

    /// <summary>The user rejoined the channel.</summary>
    RejoinSuccess = 15,

    /// <summary>The connection was lost.</summary>
    Lost = 16,

    /// <summary>The connection state changed for an echo test.</summary>
    EchoTest = 17,

    /// <summary>The user changed the client's IP address.</summary>
    ClientIpAddressChangedByUser = 18,

    /// <summary>Another user joined the channel with the same UID.</summary>
    SameUidLogin = 19,

    /// <summary>The channel has reached its limit of hosts.</summary>
    TooManyBroadcasters = 20,

    /// <summary>The license could not be validated.</summary>
    LicenseValidationFailure = 21,

    /// <summary>The server's certificate could not be verified.</summary>
    CertificationVerifyFailure = 22,

    /// <summary>The stream channel is not available.</summary>
    StreamChannelNotAvailable = 23,

    /// <summary>The app ID does not match the token's.</summary>
    InconsistentAppId = 24,
}
