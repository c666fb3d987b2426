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
