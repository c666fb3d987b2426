namespace Agora.Connectivity.Presence;

/// <summary>Why a remote user went offline, with Agora's numeric values.</summary>
public enum UserOfflineReason
{
    /// <summary>The user left the channel.</summary>
    Quit = 0,

    /// <summary>Nothing was received from the user for the offline timeout: it dropped offline.</summary>
    Dropped = 1,

    /// <summary>The user switched from host to audience.</summary>
    BecomeAudience = 2,
}
