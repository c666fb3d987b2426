namespace Agora.Connectivity.Rtm;

/// <summary>The state of an RTM client's connection to the RTM system, with Agora's numeric values.</summary>
public enum RtmConnectionState
{
    /// <summary>Not logged in: before <c>login</c> and after <c>logout</c> or a failed login.</summary>
    Disconnected = 1,

    /// <summary>Logging in.</summary>
    Connecting = 2,

    /// <summary>Logged in; the user is online.</summary>
    Connected = 3,

    /// <summary>The connection was interrupted for the interruption timeout; the SDK keeps reconnecting until it succeeds or the app logs out.</summary>
    Reconnecting = 4,

    /// <summary>Kicked out (another login with the same user ID, or banned). The app should log out, then log in again later.</summary>
    Aborted = 5,
}
