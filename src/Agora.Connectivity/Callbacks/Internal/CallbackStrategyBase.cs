using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>
/// What every platform family shares: which events exist and which carry what. Each family says
/// only how it names them, or that it reports nothing (<see langword="null"/>).
/// </summary>
internal abstract class CallbackStrategyBase : ICallbackStrategy
{
    private static readonly IReadOnlyList<PlatformCallback> None = [];

    protected CallbackStrategyBase(Platform platform, RtcSdkBehavior behavior)
    {
        Platform = platform;
        Behavior = behavior;
    }

    public Platform Platform { get; }

    public RtcSdkBehavior Behavior { get; }

    protected bool IsLegacy => Behavior == RtcSdkBehavior.Legacy;

    public IReadOnlyList<PlatformCallback> Map(ConnectivityEvent e)
    {
        var callback = e switch
        {
            ConnectionStateChanged changed => ConnectionStateChangedCallback(changed),
            JoinChannelSucceeded => JoinChannelSucceededCallback(),
            RejoinChannelSucceeded => RejoinChannelSucceededCallback(),
            ConnectionInterrupted => ConnectionInterruptedCallback(),
            ConnectionLost => ConnectionLostCallback(),
            ConnectionBanned => ConnectionBannedCallback(),
            TokenPrivilegeWillExpire => TokenPrivilegeWillExpireCallback(),
            TokenPrivilegeExpired => TokenPrivilegeExpiredCallback(),
            RemoteUserJoined joined => RemoteUserJoinedCallback(Uid(joined.Uid)),
            RemoteUserOffline offline => RemoteUserOfflineCallback(Uid(offline.Uid), offline.Reason),
            RemoteUserLeft left => RemoteUserLeftCallback(Uid(left.Uid)),
            RtmConnectionStateChanged changed => RtmConnectionStateChangedCallback(changed),
            TokenExpired => TokenExpiredCallback(),
            MemberJoined joined => MemberJoinedCallback(joined.UserId),
            MemberLeft left => MemberLeftCallback(left.UserId),
            _ => null,
        };
        return callback is null ? None : [callback];
    }

    protected abstract PlatformCallback? ConnectionStateChangedCallback(ConnectionStateChanged e);

    protected abstract PlatformCallback? JoinChannelSucceededCallback();

    protected abstract PlatformCallback? RejoinChannelSucceededCallback();

    protected abstract PlatformCallback? ConnectionInterruptedCallback();

    protected abstract PlatformCallback? ConnectionLostCallback();

    protected abstract PlatformCallback? ConnectionBannedCallback();

    protected abstract PlatformCallback? TokenPrivilegeWillExpireCallback();

    protected abstract PlatformCallback? TokenPrivilegeExpiredCallback();

    protected abstract PlatformCallback? RemoteUserJoinedCallback(string uid);

    protected abstract PlatformCallback? RemoteUserOfflineCallback(string uid, UserOfflineReason reason);

    protected abstract PlatformCallback? RemoteUserLeftCallback(string uid);

    protected abstract PlatformCallback? RtmConnectionStateChangedCallback(RtmConnectionStateChanged e);

    protected abstract PlatformCallback? TokenExpiredCallback();

    protected abstract PlatformCallback? MemberJoinedCallback(string userId);

    protected abstract PlatformCallback? MemberLeftCallback(string userId);

    private static string Uid(uint uid) => uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
