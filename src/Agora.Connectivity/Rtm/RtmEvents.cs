namespace Agora.Connectivity.Rtm;

/// <summary>The RTM connection changed state (<c>ConnectionStateChanged</c> / <c>onConnectionStateChanged</c>).</summary>
/// <param name="PreviousState">The state before the change.</param>
/// <param name="State">The new state.</param>
/// <param name="Reason">Why it changed.</param>
public sealed record RtmConnectionStateChanged(RtmConnectionState PreviousState, RtmConnectionState State, RtmConnectionChangeReason Reason) : ConnectivityEvent;

/// <summary>The token expired; the connection state does not change (<c>TokenExpired</c> / <c>onTokenExpired</c>).</summary>
public sealed record TokenExpired : ConnectivityEvent;

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
