using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>iOS and macOS: the Objective-C delegate names (<c>connectionChangedToState</c>, <c>AgoraConnectionStateReconnecting</c>).</summary>
internal sealed class AppleCallbackStrategy : CallbackStrategyBase
{
    public AppleCallbackStrategy(Platform platform, RtcSdkBehavior behavior)
        : base(platform, behavior)
    {
    }

    protected override PlatformCallback? ConnectionStateChangedCallback(ConnectionStateChanged e)
        => IsLegacy ? null : new("connectionChangedToState", Spellings.Apple(e.State), Spellings.Apple(e.Reason));

    protected override PlatformCallback? JoinChannelSucceededCallback() => new("didJoinChannel");

    protected override PlatformCallback? RejoinChannelSucceededCallback() => new("didRejoinChannel");

    protected override PlatformCallback? ConnectionInterruptedCallback() => IsLegacy ? new("rtcEngineConnectionDidInterrupted") : null;

    protected override PlatformCallback? ConnectionLostCallback() => new("rtcEngineConnectionDidLost");

    protected override PlatformCallback? ConnectionBannedCallback() => new("rtcEngineConnectionDidBanned");

    protected override PlatformCallback? TokenPrivilegeWillExpireCallback() => new("tokenPrivilegeWillExpire");

    protected override PlatformCallback? TokenPrivilegeExpiredCallback() => new("rtcEngineRequestToken");

    protected override PlatformCallback? RemoteUserJoinedCallback(string uid) => new("didJoinedOfUid", uid);

    protected override PlatformCallback? RemoteUserOfflineCallback(string uid, UserOfflineReason reason) => new("didOfflineOfUid", uid, Spellings.Apple(reason));

    protected override PlatformCallback? RemoteUserLeftCallback(string uid) => null;

    protected override PlatformCallback? RtmConnectionStateChangedCallback(RtmConnectionStateChanged e)
        => new("connectionStateChanged", Spellings.Apple(e.State), Spellings.Apple(e.Reason));

    protected override PlatformCallback? TokenExpiredCallback() => new("rtmKitTokenDidExpire");

    protected override PlatformCallback? MemberJoinedCallback(string userId) => new("memberJoined", userId);

    protected override PlatformCallback? MemberLeftCallback(string userId) => new("memberLeft", userId);
}
