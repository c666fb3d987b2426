namespace Agora.Connectivity.Rtm;

/// <summary>The RTM connection changed state (<c>ConnectionStateChanged</c> / <c>onConnectionStateChanged</c>).</summary>
/// <param name="PreviousState">The state before the change.</param>
/// <param name="State">The new state.</param>
/// <param name="Reason">Why it changed.</param>
public sealed record RtmConnectionStateChanged(RtmConnectionState PreviousState, RtmConnectionState State, RtmConnectionChangeReason Reason) : ConnectivityEvent;

/// <summary>The token expired; the connection state does not change (<c>TokenExpired</c> / <c>onTokenExpired</c>).</summary>
public sealed record TokenExpired : ConnectivityEvent;

/// <summary>
/// The token given to <see cref="RtmConnectionStateMachine.LoginAsync(DateTimeOffset, CancellationToken)"/> or
/// <see cref="RtmConnectionStateMachine.RenewToken"/> expires within <see cref="RtmConnectionOptions.TokenExpiryWarning"/>
/// (30 s by default): renew it. Raised once per token while Connecting, Connected or Reconnecting (RTM 1.5's
/// <c>TokenPrivilegeWillExpire</c>, <c>agora-rtm-sdk</c> 1.5.1 <c>index.d.ts</c>; Android <c>onTokenPrivilegeWillExpire</c>;
/// iOS <c>rtmKitTokenPrivilegeWillExpire</c>). An RTM token that expires while logged in does not end the session by itself.
/// </summary>
public sealed record RtmTokenPrivilegeWillExpire : ConnectivityEvent
{
    /// <summary>Gets when the token expires, as the app gave it.</summary>
    public DateTimeOffset TokenExpiresAt { get; init; }
}

/// <summary>
/// The presence window passed while reconnecting: the RTM system has removed this client from its
/// online list, and the channel's other members see it leave. No platform has a callback for it.
/// </summary>
public sealed record PresenceExpired : ConnectivityEvent;

/// <summary>A remote member joined the channel, or came back after the presence window (<c>MemberJoined</c>).</summary>
/// <param name="UserId">The member's user ID.</param>
public sealed record MemberJoined(string UserId) : ConnectivityEvent;

/// <summary>A remote member left the channel, or stayed silent past the presence window (<c>MemberLeft</c>).</summary>
/// <param name="UserId">The member's user ID.</param>
public sealed record MemberLeft(string UserId) : ConnectivityEvent;
