using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using static Agora.Connectivity.Callbacks.Internal.CallbackArgument;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>
/// The callback tables: one per platform family and SDK generation. Each later table is written as its
/// differences from an earlier one. The published spelling of every row, with its source, is checked by
/// <c>PublishedSpellingsTests</c> and listed in <c>docs/callbacks.md</c>.
/// </summary>
internal static class CallbackTables
{
    // Agora's C++ header spells these two its own way ("VERYFY", "APPID").
    private static readonly Dictionary<ConnectionChangedReason, string> NativeReasonExceptions = new()
    {
        [ConnectionChangedReason.CertificationVerifyFailure] = "CONNECTION_CHANGED_CERTIFICATION_VERYFY_FAILURE",
        [ConnectionChangedReason.InconsistentAppId] = "CONNECTION_CHANGED_INCONSISTENT_APPID",
    };

    /// <summary>Android, Windows, Linux, v2.3.2–3.x: the Java/C++ names of the documents.</summary>
    public static readonly CallbackTable NativeV3 = new(
        "Android, Windows, Linux",
        SdkGeneration.V3,
        new EnumSpellings(
            Spellings.Table<ConnectionState>(n => "CONNECTION_STATE_" + Spellings.UpperSnake(n)),
            Spellings.Table<ConnectionChangedReason>(n => "CONNECTION_CHANGED_" + Spellings.UpperSnake(n), NativeReasonExceptions),
            Spellings.Table<UserOfflineReason>(n => "USER_OFFLINE_" + Spellings.UpperSnake(n)),
            Spellings.Table<RtmConnectionState>(n => "CONNECTION_STATE_" + Spellings.UpperSnake(n)),
            Spellings.Table<RtmConnectionChangeReason>(n => "CONNECTION_CHANGE_REASON_" + Spellings.UpperSnake(n))),
        new Dictionary<CallbackEvent, CallbackTemplate[]>
        {
            [CallbackEvent.StateChanged] = [new("onConnectionStateChanged", State, Reason)],
            [CallbackEvent.JoinSucceeded] = [new("onJoinChannelSuccess")],
            [CallbackEvent.RejoinSucceeded] = [new("onRejoinChannelSuccess")],
            [CallbackEvent.Lost] = [new("onConnectionLost")],
            [CallbackEvent.TokenWillExpire] = [new("onTokenPrivilegeWillExpire")],
            [CallbackEvent.TokenPrivilegeExpired] = [new("onRequestToken")],
            [CallbackEvent.UserJoined] = [new("onUserJoined", Uid)],
            [CallbackEvent.UserQuit] = [new("onUserOffline", Uid, OfflineReason)],
            [CallbackEvent.UserDropped] = [new("onUserOffline", Uid, OfflineReason)],
            [CallbackEvent.UserBecameAudience] = [new("onUserOffline", Uid, OfflineReason)],
            [CallbackEvent.RtmStateChanged] = [new("onConnectionStateChanged", State, Reason)],
            [CallbackEvent.RtmTokenExpired] = [new("onTokenExpired")],
            [CallbackEvent.MemberJoined] = [new("onMemberJoined", UserId)],
            [CallbackEvent.MemberLeft] = [new("onMemberLeft", UserId)],
        });

    /// <summary>
    /// iOS, macOS, v2.3.2–3.x: the Objective-C delegate names. Reasons 15–17 are not in the 3.x header; they are
    /// spelled as the only header that defines them (4.x) does.
    /// </summary>
    public static readonly CallbackTable AppleV3 = new(
        "iOS, macOS",
        SdkGeneration.V3,
        new EnumSpellings(
            Spellings.Table<ConnectionState>(n => "AgoraConnectionState" + n),
            Spellings.Table<ConnectionChangedReason>(n => "AgoraConnectionChanged" + n, AppleReasonsWithInfix(ConnectionChangedReason.RejoinSuccess, ConnectionChangedReason.EchoTest)),
            Spellings.Table<UserOfflineReason>(n => "AgoraUserOfflineReason" + n),
            Spellings.Table<RtmConnectionState>(n => "AgoraRtmConnectionState" + n),
            Spellings.Table<RtmConnectionChangeReason>(n => "AgoraRtmConnectionChangeReason" + n)),
        new Dictionary<CallbackEvent, CallbackTemplate[]>
        {
            [CallbackEvent.StateChanged] = [new("connectionChangedToState", State, Reason)],
            [CallbackEvent.JoinSucceeded] = [new("didJoinChannel")],
            [CallbackEvent.RejoinSucceeded] = [new("didRejoinChannel")],
            [CallbackEvent.Lost] = [new("rtcEngineConnectionDidLost")],
            [CallbackEvent.TokenWillExpire] = [new("tokenPrivilegeWillExpire")],
            [CallbackEvent.TokenPrivilegeExpired] = [new("rtcEngineRequestToken")],
            [CallbackEvent.UserJoined] = [new("didJoinedOfUid", Uid)],
            [CallbackEvent.UserQuit] = [new("didOfflineOfUid", Uid, OfflineReason)],
            [CallbackEvent.UserDropped] = [new("didOfflineOfUid", Uid, OfflineReason)],
            [CallbackEvent.UserBecameAudience] = [new("didOfflineOfUid", Uid, OfflineReason)],
            [CallbackEvent.RtmStateChanged] = [new("connectionStateChanged", State, Reason)],
            [CallbackEvent.RtmTokenExpired] = [new("rtmKitTokenDidExpire")],
            [CallbackEvent.MemberJoined] = [new("memberJoined", UserId)],
            [CallbackEvent.MemberLeft] = [new("memberLeft", UserId)],
        });

    /// <summary>
    /// The Web, as the 2018 FAQ (doc 000) describes it: nothing about its own RTC connection but the token's; remote
    /// users as <c>stream-added</c>, <c>stream-removed</c> (a drop) and <c>peer-leave</c> (a quit, or the server letting
    /// go of a silent user); RTM under its Web names. Its RTC spellings are the 4.x ones (only 4.x uses them).
    /// </summary>
    public static readonly CallbackTable WebV3 = new(
        "Web",
        SdkGeneration.V3,
        new EnumSpellings(
            Spellings.Table<ConnectionState>(n => n == nameof(ConnectionState.Failed) ? "DISCONNECTED" : Spellings.UpperSnake(n)),
            Spellings.Table<ConnectionChangedReason>(WebDisconnectReason),
            new Dictionary<UserOfflineReason, string>
            {
                [UserOfflineReason.Quit] = "Quit",
                [UserOfflineReason.Dropped] = "ServerTimeOut",
                [UserOfflineReason.BecomeAudience] = "BecomeAudience",
            },
            Spellings.Table<RtmConnectionState>(Spellings.UpperSnake),
            Spellings.Table<RtmConnectionChangeReason>(Spellings.UpperSnake)),
        new Dictionary<CallbackEvent, CallbackTemplate[]>
        {
            [CallbackEvent.TokenWillExpire] = [new("token-privilege-will-expire")],
            [CallbackEvent.TokenPrivilegeExpired] = [new("token-privilege-did-expire")],
            [CallbackEvent.UserJoined] = [new("stream-added", Uid)],
            [CallbackEvent.UserQuit] = [new("peer-leave", Uid)],
            [CallbackEvent.UserDropped] = [new("stream-removed", Uid)],
            [CallbackEvent.UserBecameAudience] = [new("stream-removed", Uid)],
            [CallbackEvent.UserLeft] = [new("peer-leave", Uid)],
            [CallbackEvent.RtmStateChanged] = [new("ConnectionStateChanged", State, Reason)],
            [CallbackEvent.RtmTokenExpired] = [new("TokenExpired")],
            [CallbackEvent.MemberJoined] = [new("MemberJoined", UserId)],
            [CallbackEvent.MemberLeft] = [new("MemberLeft", UserId)],
        });

    /// <summary>Before v2.3.2: no state callback; <c>onConnectionInterrupted</c> and <c>onConnectionBanned</c> are not yet deprecated.</summary>
    public static readonly CallbackTable NativeLegacy = NativeV3
        .Without(CallbackEvent.StateChanged)
        .With(CallbackEvent.Interrupted, new CallbackTemplate("onConnectionInterrupted"))
        .With(CallbackEvent.Banned, new CallbackTemplate("onConnectionBanned"))
        .In(SdkGeneration.Legacy);

    /// <summary>Before v2.3.2 on iOS and macOS, as <see cref="NativeLegacy"/>.</summary>
    public static readonly CallbackTable AppleLegacy = AppleV3
        .Without(CallbackEvent.StateChanged)
        .With(CallbackEvent.Interrupted, new CallbackTemplate("rtcEngineConnectionDidInterrupted"))
        .With(CallbackEvent.Banned, new CallbackTemplate("rtcEngineConnectionDidBanned"))
        .In(SdkGeneration.Legacy);

    /// <summary>The Web before v2.3.2: the FAQ's behavior did not change at v2.3.2.</summary>
    public static readonly CallbackTable WebLegacy = WebV3.In(SdkGeneration.Legacy);

    /// <summary>Android, Windows, Linux 4.x: the names and spellings of v3 are unchanged.</summary>
    public static readonly CallbackTable NativeV4 = NativeV3.In(SdkGeneration.V4);

    /// <summary>iOS, macOS 4.x: reasons 0–17 gain the <c>Reason</c> infix (<c>AgoraConnectionChangedReasonInterrupted</c>); 18 and later keep the old form.</summary>
    public static readonly CallbackTable AppleV4 = AppleV3
        .WithReasons(Spellings.Table<ConnectionChangedReason>(n => "AgoraConnectionChanged" + n, AppleReasonsWithInfix(ConnectionChangedReason.Connecting, ConnectionChangedReason.EchoTest)))
        .In(SdkGeneration.V4);

    /// <summary>
    /// The Web SDK 4.x: <c>connection-state-change(curState, revState, reason)</c> (the reason only when
    /// disconnected), <c>user-joined</c> then <c>user-published</c>, <c>user-unpublished</c> then <c>user-left(uid, reason)</c>.
    /// </summary>
    public static readonly CallbackTable WebV4 = WebV3
        .With(CallbackEvent.StateChanged, new CallbackTemplate("connection-state-change", State, PreviousState, ReasonWhenDisconnected))
        .With(CallbackEvent.UserJoined, new("user-joined", Uid), new("user-published", Uid))
        .With(CallbackEvent.UserQuit, UserLeft4x)
        .With(CallbackEvent.UserDropped, UserLeft4x)
        .With(CallbackEvent.UserBecameAudience, UserLeft4x)
        .Without(CallbackEvent.UserLeft)
        .In(SdkGeneration.V4);

    /// <summary>Every table, in the order of the documentation's columns.</summary>
    public static readonly IReadOnlyList<CallbackTable> All = [NativeV3, NativeLegacy, NativeV4, AppleV3, AppleLegacy, AppleV4, WebV3, WebLegacy, WebV4];

    private static CallbackTemplate[] UserLeft4x => [new("user-unpublished", Uid), new("user-left", Uid, OfflineReason)];

    /// <summary>The table of <paramref name="platform"/>'s family in <paramref name="generation"/>.</summary>
    public static CallbackTable For(Platform platform, SdkGeneration generation) => (platform, generation) switch
    {
        (Platform.Ios or Platform.MacOS, SdkGeneration.V3) => AppleV3,
        (Platform.Ios or Platform.MacOS, SdkGeneration.Legacy) => AppleLegacy,
        (Platform.Ios or Platform.MacOS, _) => AppleV4,
        (Platform.Web, SdkGeneration.V3) => WebV3,
        (Platform.Web, SdkGeneration.Legacy) => WebLegacy,
        (Platform.Web, _) => WebV4,
        (_, SdkGeneration.V3) => NativeV3,
        (_, SdkGeneration.Legacy) => NativeLegacy,
        _ => NativeV4,
    };

    private static Dictionary<ConnectionChangedReason, string> AppleReasonsWithInfix(ConnectionChangedReason first, ConnectionChangedReason last)
        => Enum.GetValues(typeof(ConnectionChangedReason)).Cast<ConnectionChangedReason>()
            .Where(r => r >= first && r <= last)
            .ToDictionary(r => r, r => "AgoraConnectionChangedReason" + r);

    // Web 4.x ConnectionDisconnectedReason: a leave, a ban, an expired token, and otherwise a network that did not
    // come back (NETWORK_ERROR) or a server that refused (SERVER_ERROR).
    private static string WebDisconnectReason(string name) => name switch
    {
        nameof(ConnectionChangedReason.LeaveChannel) => "LEAVE",
        nameof(ConnectionChangedReason.BannedByServer) => "UID_BANNED",
        nameof(ConnectionChangedReason.TokenExpired) => "TOKEN_EXPIRE",
        nameof(ConnectionChangedReason.InvalidAppId) or nameof(ConnectionChangedReason.InvalidChannelName) or nameof(ConnectionChangedReason.InvalidToken)
            or nameof(ConnectionChangedReason.RejectedByServer) or nameof(ConnectionChangedReason.SameUidLogin) or nameof(ConnectionChangedReason.TooManyBroadcasters)
            or nameof(ConnectionChangedReason.LicenseValidationFailure) or nameof(ConnectionChangedReason.CertificationVerifyFailure)
            or nameof(ConnectionChangedReason.StreamChannelNotAvailable) or nameof(ConnectionChangedReason.InconsistentAppId) => "SERVER_ERROR",
        _ => "NETWORK_ERROR",
    };
}
