namespace Agora.Connectivity.Presence;

/// <summary>A remote user joined, or came back after being reported offline (<c>onUserJoined</c> / <c>didJoinedOfUid</c> / <c>stream-added</c>).</summary>
/// <param name="Uid">The remote user's ID.</param>
public sealed record RemoteUserJoined(uint Uid) : ConnectivityEvent;

/// <summary>A remote user went offline (<c>onUserOffline</c> / <c>didOfflineOfUid</c>; on the Web <c>stream-removed</c> for a drop, <c>peer-leave</c> for a quit).</summary>
/// <param name="Uid">The remote user's ID.</param>
/// <param name="Reason">Why: it left, dropped, or became audience.</param>
public sealed record RemoteUserOffline(uint Uid, UserOfflineReason Reason) : ConnectivityEvent;

/// <summary>The server let go of a remote user that stayed silent for the peer-leave timeout (the Web's <c>peer-leave</c>).</summary>
/// <param name="Uid">The remote user's ID.</param>
public sealed record RemoteUserLeft(uint Uid) : ConnectivityEvent;
