namespace Agora.Connectivity.Rtm;

/// <summary>Why the RTM connection state changed, with Agora's numeric values.</summary>
public enum RtmConnectionChangeReason
{
    /// <summary>The app called <c>login</c>.</summary>
    Login = 1,

    /// <summary>The login (or a reconnect) succeeded.</summary>
    LoginSuccess = 2,

    /// <summary>The login failed for an unknown reason.</summary>
    LoginFailure = 3,

    /// <summary>The login did not complete within the login timeout (6 s).</summary>
    LoginTimeout = 4,

    /// <summary>The connection was interrupted for the interruption timeout (4 s).</summary>
    Interrupted = 5,

    /// <summary>The app called <c>logout</c>.</summary>
    Logout = 6,

    /// <summary>The server banned the client.</summary>
    BannedByServer = 7,

    /// <summary>Another instance logged in with the same user ID.</summary>
    RemoteLogin = 8,

    /// <summary>The token expired (RTM 1.5 references: <c>CONNECTION_CHANGE_REASON_TOKEN_EXPIRED</c> = 9).</summary>
    TokenExpired = 9,
}
