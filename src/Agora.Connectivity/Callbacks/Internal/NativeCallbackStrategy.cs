using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>Android, Windows and Linux: the Java/C++ names (<c>onConnectionStateChanged</c>, <c>CONNECTION_STATE_RECONNECTING</c>).</summary>
internal sealed class NativeCallbackStrategy : CallbackStrategyBase
{
    public NativeCallbackStrategy(Platform platform, RtcSdkBehavior behavior)
        : base(platform, behavior)
    {
    }

    protected override PlatformCallback? ConnectionStateChangedCallback(ConnectionStateChanged e)
        => IsLegacy ? null : new("onConnectionStateChanged", Spellings.Native(e.State), Spellings.Native(e.Reason));

    protected override PlatformCallback? JoinChannelSucceededCallback() => new("onJoinChannelSuccess");

    protected override PlatformCallback? RejoinChannelSucceededCallback() => new("onRejoinChannelSuccess");

    protected override PlatformCallback? ConnectionInterruptedCallback() => IsLegacy ? new("onConnectionInterrupted") : null;

    protected override PlatformCallback? ConnectionLostCallback() => new("onConnectionLost");

    protected override PlatformCallback? ConnectionBannedCallback() => new("onConnectionBanned");

    protected override PlatformCallback? TokenPrivilegeWillExpireCallback() => new("onTokenPrivilegeWillExpire");

    protected override PlatformCallback? TokenPrivilegeExpiredCallback() => new("onRequestToken");

    protected override PlatformCallback? RemoteUserJoinedCallback(string uid) => new("onUserJoined", uid);

    protected override PlatformCallback? RemoteUserOfflineCallback(string uid, UserOfflineReason reason) => new("onUserOffline", uid, Spellings.Native(reason));

    protected override PlatformCallback? RemoteUserLeftCallback(string uid) => null;

    protected override PlatformCallback? RtmConnectionStateChangedCallback(RtmConnectionStateChanged e)
        => new("onConnectionStateChanged", Spellings.Native(e.State), Spellings.Native(e.Reason));

    protected override PlatformCallback? TokenExpiredCallback() => new("onTokenExpired");

    protected override PlatformCallback? MemberJoinedCallback(string userId) => new("onMemberJoined", userId);

    protected override PlatformCallback? MemberLeftCallback(string userId) => new("onMemberLeft", userId);
}
