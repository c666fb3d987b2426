using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>
/// The Web SDK: no callback about its own RTC connection but the token's (<c>token-privilege-will-expire</c>, <c>token-privilege-did-expire</c>); remote users as <c>stream-added</c>,
/// <c>stream-removed</c> (a drop) and <c>peer-leave</c> (a quit, or the server letting go of a silent
/// user); RTM events under their Web names.
/// </summary>
internal sealed class WebCallbackStrategy : CallbackStrategyBase
{
    public WebCallbackStrategy(RtcSdkBehavior behavior)
        : base(Platform.Web, behavior)
    {
    }

    protected override PlatformCallback? ConnectionStateChangedCallback(ConnectionStateChanged e) => null;

    protected override PlatformCallback? JoinChannelSucceededCallback() => null;

    protected override PlatformCallback? RejoinChannelSucceededCallback() => null;

    protected override PlatformCallback? ConnectionInterruptedCallback() => null;

    protected override PlatformCallback? ConnectionLostCallback() => null;

    protected override PlatformCallback? ConnectionBannedCallback() => null;

    protected override PlatformCallback? TokenPrivilegeWillExpireCallback() => new("token-privilege-will-expire");

    protected override PlatformCallback? TokenPrivilegeExpiredCallback() => new("token-privilege-did-expire");

    protected override PlatformCallback? RemoteUserJoinedCallback(string uid) => new("stream-added", uid);

    protected override PlatformCallback? RemoteUserOfflineCallback(string uid, UserOfflineReason reason)
        => new(reason == UserOfflineReason.Quit ? "peer-leave" : "stream-removed", uid);

    protected override PlatformCallback? RemoteUserLeftCallback(string uid) => new("peer-leave", uid);

    protected override PlatformCallback? RtmConnectionStateChangedCallback(RtmConnectionStateChanged e)
        => new("ConnectionStateChanged", Spellings.Web(e.State), Spellings.Web(e.Reason));

    protected override PlatformCallback? TokenExpiredCallback() => new("TokenExpired");

    protected override PlatformCallback? MemberJoinedCallback(string userId) => new("MemberJoined", userId);

    protected override PlatformCallback? MemberLeftCallback(string userId) => new("MemberLeft", userId);
}
