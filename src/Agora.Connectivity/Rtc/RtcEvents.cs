namespace Agora.Connectivity.Rtc;

/// <summary>The local connection changed state (Agora's <c>onConnectionStateChanged</c> / <c>connectionChangedToState</c>).</summary>
/// <param name="PreviousState">The state before the change.</param>
/// <param name="State">The new state.</param>
/// <param name="Reason">Why it changed.</param>
public sealed record ConnectionStateChanged(ConnectionState PreviousState, ConnectionState State, ConnectionChangedReason Reason) : ConnectivityEvent;

/// <summary>The first join of the channel succeeded (<c>onJoinChannelSuccess</c> / <c>didJoinChannel</c>).</summary>
public sealed record JoinChannelSucceeded : ConnectivityEvent;

/// <summary>The SDK rejoined the channel after an interruption (<c>onRejoinChannelSuccess</c> / <c>didRejoinChannel</c>).</summary>
public sealed record RejoinChannelSucceeded : ConnectivityEvent;

/// <summary>No data from the server for the interruption timeout; the SDK keeps trying (<c>onConnectionInterrupted</c>, before v2.3.2).</summary>
public sealed record ConnectionInterrupted : ConnectivityEvent;

/// <summary>The connection is lost; the SDK keeps trying (<c>onConnectionLost</c> / <c>rtcEngineConnectionDidLost</c>).</summary>
public sealed record ConnectionLost : ConnectivityEvent;

/// <summary>The server banned the connection (<c>onConnectionBanned</c> / <c>rtcEngineConnectionDidBanned</c>).</summary>
public sealed record ConnectionBanned : ConnectivityEvent;

/// <summary>
/// The token expires within <see cref="RtcConnectionOptions.TokenExpiryWarning"/> (30 s by default): renew it with
/// <see cref="RtcConnectionStateMachine.RenewToken"/>. Raised once per token (Agora's <c>onTokenPrivilegeWillExpire</c>;
/// iOS <c>tokenPrivilegeWillExpire</c>; Web <c>token-privilege-will-expire</c>).
/// </summary>
public sealed record TokenPrivilegeWillExpire : ConnectivityEvent
{
    /// <summary>Gets when the token expires, as the app gave it.</summary>
    public DateTimeOffset? TokenExpiresAt { get; init; }
}

/// <summary>
/// The token expired and the connection failed (<see cref="ConnectionChangedReason.TokenExpired"/>): renew it with
/// <see cref="RtcConnectionStateMachine.RenewToken"/>, or leave and join with a new one (Agora's <c>onRequestToken</c>;
/// iOS <c>rtcEngineRequestToken</c>; Web <c>token-privilege-did-expire</c>).
/// </summary>
public sealed record TokenPrivilegeExpired : ConnectivityEvent
{
    /// <summary>Gets when the token expired, as the app gave it; <see langword="null"/> when the server reported the expiry of a token the machine was not told expires.</summary>
    public DateTimeOffset? TokenExpiresAt { get; init; }
}
