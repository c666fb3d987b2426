namespace Agora.Connectivity.Rtc;

/// <summary>The state of the local user's connection to an RTC channel, with Agora's numeric values.</summary>
public enum ConnectionState
{
    /// <summary>Not connected: before <c>JoinChannel</c> and after <c>LeaveChannel</c>.</summary>
    Disconnected = 1,

    /// <summary>Joining the channel.</summary>
    Connecting = 2,

    /// <summary>In the channel, receiving data from the server.</summary>
    Connected = 3,

    /// <summary>No data from the server for the interruption timeout: the SDK keeps trying to rejoin.</summary>
    Reconnecting = 4,

    /// <summary>The SDK stopped trying. The app must call <c>LeaveChannel</c>, then <c>JoinChannel</c>.</summary>
    Failed = 5,
}
