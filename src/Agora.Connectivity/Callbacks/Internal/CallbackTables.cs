using Agora.Connectivity.Internal;
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

    // Reasons the 3.x SDKs do not define: react-native-agora 3.7.1 src/common/Enums.ts, ConnectionChangedReason, stops at 20 and has
    // no 16–18; its 15 is ProxyServerInterrupted (marked @ignore), not RejoinSuccess. A 3.x callback that carried one of these values
    // would receive the bare number (the Java and C++ callbacks take an int, the Objective-C enum is NSInteger-backed), so a 3.x
    // strategy spells them in decimal rather than print a name its SDK never had.
    private static readonly ConnectionChangedReason[] UndefinedIn3x =
    [
        ConnectionChangedReason.RejoinSuccess, ConnectionChangedReason.Lost, ConnectionChangedReason.EchoTest,
        ConnectionChangedReason.ClientIpAddressChangedByUser, ConnectionChangedReason.LicenseValidationFailure,
        ConnectionChangedReason.CertificationVerifyFailure, ConnectionChangedReason.StreamChannelNotAvailable,
        ConnectionChangedReason.InconsistentAppId,
    ];

    // Every reason as the 4.x C++/Java SDKs spell it (react-native-agora 4.6.4 src/AgoraBase.ts, ConnectionChangedReasonType 0–24).
    private static readonly Dictionary<ConnectionChangedReason, string> NativeReasons =
        Spellings.Table<ConnectionChangedReason>(n => "CONNECTION_CHANGED_" + Spellings.UpperSnake(n), NativeReasonExceptions);

    /// <summary>
    /// Android, Windows, Linux, v2.3.2–3.x: the Java/C++ names of the documents; reasons 3.x does not define are spelled as their
    /// number (<see cref="UndefinedIn3x"/>).
    /// </summary>
    public static readonly CallbackTable NativeV3 = new(
        "Android, Windows, Linux",
        SdkGeneration.V3,
        new EnumSpellings(
            Spellings.Table<ConnectionState>(n => "CONNECTION_STATE_" + Spellings.UpperSnake(n)),
            Only3x(NativeReasons),
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
            [CallbackEvent.RtmTokenWillExpire] = [new("onTokenPrivilegeWillExpire")],
            [CallbackEvent.MemberJoined] = [new("onMemberJoined", UserId)],
            [CallbackEvent.MemberLeft] = [new("onMemberLeft", UserId)],
        });

    /// <summary>
    /// iOS, macOS, v2.3.2–3.x: the Objective-C delegate names; reasons 3.x does not define are spelled as their number, as on
    /// the other native platforms.
    /// </summary>
    public static readonly CallbackTable AppleV3 = new(
        "iOS, macOS",
        SdkGeneration.V3,
        new EnumSpellings(
            Spellings.Table<ConnectionState>(n => "AgoraConnectionState" + n),
            Only3x(Spellings.Table<ConnectionChangedReason>(n => "AgoraConnectionChanged" + n)),
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
            [CallbackEvent.RtmTokenWillExpire] = [new("rtmKitTokenPrivilegeWillExpire")],
            [CallbackEvent.MemberJoined] = [new("memberJoined", UserId)],
            [CallbackEvent.MemberLeft] = [new("memberLeft", UserId)],
        });

    /// <summary>
    /// The Web SDK 2.x (<c>agora-rtc-sdk</c> 2.5.1), as the 2018 FAQ (doc 000) describes it: nothing about its own RTC connection
    /// but the token's (<c>onTokenPrivilegeWillExpire</c>, <c>onTokenPrivilegeDidExpire</c>); remote users as <c>stream-added</c>,
    /// <c>stream-removed</c> (a drop) and <c>peer-leave(uid)</c> (a quit, or the server letting go of a silent user); RTM under its
    /// Web names. Its RTC state spellings are never printed.
    /// </summary>
    public static readonly CallbackTable WebV2 = new(
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
            [CallbackEvent.TokenWillExpire] = [new("onTokenPrivilegeWillExpire")],
            [CallbackEvent.TokenPrivilegeExpired] = [new("onTokenPrivilegeDidExpire")],
            [CallbackEvent.UserJoined] = [new("stream-added", Uid)],
            [CallbackEvent.UserQuit] = [new("peer-leave", Uid)],
            [CallbackEvent.UserDropped] = [new("stream-removed", Uid)],
            [CallbackEvent.UserBecameAudience] = [new("stream-removed", Uid)],
            [CallbackEvent.UserLeft] = [new("peer-leave", Uid)],
            [CallbackEvent.RtmStateChanged] = [new("ConnectionStateChanged", State, Reason)],
            [CallbackEvent.RtmTokenExpired] = [new("TokenExpired")],
            [CallbackEvent.RtmTokenWillExpire] = [new("TokenPrivilegeWillExpire")],
            [CallbackEvent.MemberJoined] = [new("MemberJoined", UserId)],
            [CallbackEvent.MemberLeft] = [new("MemberLeft", UserId)],
        });

    /// <summary>
    /// The Web SDK 3.x as shipped (<c>agora-rtc-sdk</c> 3.6.11 <c>index.d.ts</c>): <c>connection-state-change(curState, prevState)</c>
    /// with no reason and no RECONNECTING (a reconnect is CONNECTING, with <c>reconnect</c>; its success <c>rejoin</c>); a leave
    /// from CONNECTED passes through DISCONNECTING; <c>client-banned</c>; <c>peer-online</c> and <c>stream-added</c>;
    /// <c>peer-leave(uid, reason)</c> for every user going offline, a drop 20 s after its last data.
    /// </summary>
    public static readonly CallbackTable WebV3x = WebV2
        .With(CallbackEvent.StateChanged, new CallbackTemplate("connection-state-change", State, PreviousState))
        .With(CallbackEvent.LeaveFromConnected, new("connection-state-change", Disconnecting, PreviousState), new("connection-state-change", State, Disconnecting))
        .With(CallbackEvent.Interrupted, new CallbackTemplate("reconnect"))
        .With(CallbackEvent.RejoinSucceeded, new CallbackTemplate("rejoin"))
        .With(CallbackEvent.Banned, new CallbackTemplate("client-banned"))
        .With(CallbackEvent.UserJoined, new("peer-online", Uid), new("stream-added", Uid))
        .With(CallbackEvent.UserQuit, PeerLeave3x)
        .With(CallbackEvent.UserDropped, PeerLeave3x)
        .With(CallbackEvent.UserBecameAudience, PeerLeave3x)
        .Without(CallbackEvent.UserLeft)
        .WithStates(Spellings.Table<ConnectionState>(n => n switch
        {
            nameof(ConnectionState.Failed) => "DISCONNECTED",
            nameof(ConnectionState.Reconnecting) => "CONNECTING",
            _ => Spellings.UpperSnake(n),
        }))
        with
    { TitleOverride = "Web 3.x" };

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

    /// <summary>
    /// The Web before v2.3.2: the FAQ's behavior did not change at v2.3.2, but the token events came later (<c>agora-rtc-sdk</c>
    /// 2.3.1 has neither <c>onTokenPrivilegeWillExpire</c> nor <c>onTokenPrivilegeDidExpire</c>; 2.5.1 has both).
    /// </summary>
    public static readonly CallbackTable WebLegacy = WebV2.Without(CallbackEvent.TokenWillExpire, CallbackEvent.TokenPrivilegeExpired).In(SdkGeneration.Legacy);

    /// <summary>Android, Windows, Linux 4.x: the names of v3, and every reason 0–24 by its name.</summary>
    public static readonly CallbackTable NativeV4 = NativeV3.WithReasons(NativeReasons).In(SdkGeneration.V4);

    /// <summary>iOS, macOS 4.x: reasons 0–17 gain the <c>Reason</c> infix (<c>AgoraConnectionChangedReasonInterrupted</c>); 18 and later keep the old form.</summary>
    public static readonly CallbackTable AppleV4 = AppleV3
        .WithReasons(Spellings.Table<ConnectionChangedReason>(n => "AgoraConnectionChanged" + n, AppleReasonsWithInfix(ConnectionChangedReason.Connecting, ConnectionChangedReason.EchoTest)))
        .In(SdkGeneration.V4);

    /// <summary>
    /// The Web SDK 4.x as shipped (<c>agora-rtc-sdk-ng</c> 4.24.8): <c>connection-state-change(curState, revState, reason)</c> (the
    /// reason only when disconnected); a leave and the token's expiry pass through DISCONNECTING (the gateway's <c>leave</c> sets it
    /// first); a refused join rejects its promise and the state goes DISCONNECTED without a reason; <c>user-joined</c> then
    /// <c>user-published</c>, <c>user-unpublished</c> then <c>user-left(uid, reason)</c>; the token events in kebab case.
    /// </summary>
    public static readonly CallbackTable WebV4 = WebV2
        .With(CallbackEvent.StateChanged, new CallbackTemplate("connection-state-change", State, PreviousState, ReasonWhenDisconnected))
        .With(CallbackEvent.Leave, ThroughDisconnecting4x)
        .With(CallbackEvent.TokenExpiry, ThroughDisconnecting4x)
        .With(CallbackEvent.Refusal, new CallbackTemplate("connection-state-change", State, PreviousState))
        .With(CallbackEvent.TokenWillExpire, new CallbackTemplate("token-privilege-will-expire"))
        .With(CallbackEvent.TokenPrivilegeExpired, new CallbackTemplate("token-privilege-did-expire"))
        .With(CallbackEvent.UserJoined, new("user-joined", Uid), new("user-published", Uid))
        .With(CallbackEvent.UserQuit, UserLeft4x)
        .With(CallbackEvent.UserDropped, UserLeft4x)
        .With(CallbackEvent.UserBecameAudience, UserLeft4x)
        .Without(CallbackEvent.UserLeft)
        .In(SdkGeneration.V4);

    /// <summary>
    /// C#, v2.3.2–3.x (<c>Agora.Rtc</c> 3.x, the Unity RTC SDK 3.6.2, the Unity RTM SDK 1.5.2): the C++ names with a capital
    /// (<c>OnConnectionStateChanged</c>, <c>OnUserOffline</c>; RTM's <c>OnConnectionStateChanged</c>, <c>OnTokenExpired</c>,
    /// <c>OnMemberJoined</c>) and the C++ enum spellings (<c>CONNECTION_STATE_RECONNECTING</c>, <c>USER_OFFLINE_DROPPED</c>).
    /// </summary>
    public static readonly CallbackTable CSharpV3 = CSharp(NativeV3);

    /// <summary>C# before v2.3.2, the legacy Unity API (<c>agora_gaming_rtc</c>): <see cref="NativeLegacy"/> with a capital, and its own <c>OnReJoinChannelSuccess</c>.</summary>
    public static readonly CallbackTable CSharpLegacy = CSharp(NativeLegacy).With(CallbackEvent.RejoinSucceeded, new CallbackTemplate("OnReJoinChannelSuccess"));

    /// <summary>C# 4.x (<c>Agora.Rtc</c> 4.6.2, <c>IRtcEngineEventHandler</c>): <see cref="NativeV4"/> with a capital.</summary>
    public static readonly CallbackTable CSharpV4 = CSharp(NativeV4);

    /// <summary>Every table, in the order of the documentation's columns.</summary>
    public static readonly IReadOnlyList<CallbackTable> All = [NativeV3, NativeLegacy, NativeV4, AppleV3, AppleLegacy, AppleV4, WebV2, WebLegacy, WebV3x, WebV4, CSharpV3, CSharpLegacy, CSharpV4];

    private static CallbackTemplate[] UserLeft4x => [new("user-unpublished", Uid), new("user-left", Uid, OfflineReason)];

    private static CallbackTemplate[] PeerLeave3x => [new("peer-leave", Uid, OfflineReason)];

    private static CallbackTemplate[] ThroughDisconnecting4x => [new("connection-state-change", Disconnecting, PreviousState), new("connection-state-change", State, Disconnecting, ReasonWhenDisconnected)];

    /// <summary>The table of <paramref name="platform"/>'s family in <paramref name="generation"/>.</summary>
    public static CallbackTable For(Platform platform, SdkGeneration generation) => platform switch
    {
        Platform.Android or Platform.Windows or Platform.Linux => ByGeneration(generation, NativeLegacy, NativeV3, NativeV4),
        Platform.Ios or Platform.MacOS => ByGeneration(generation, AppleLegacy, AppleV3, AppleV4),
        Platform.Web => ByGeneration(generation, WebLegacy, WebV2, WebV4),
        Platform.CSharp => ByGeneration(generation, CSharpLegacy, CSharpV3, CSharpV4),
    };

    // Agora's C# SDKs name each callback as the C++ handler does, with a capital (IRtcEngineEventHandler.OnConnectionStateChanged).
    private static CallbackTable CSharp(CallbackTable native) => native with
    {
        Family = "C# (Windows, Unity)",
        Callbacks = native.Callbacks.ToDictionary(
            p => p.Key,
            p => p.Value.Select(t => t with { Name = char.ToUpperInvariant(t.Name[0]) + t.Name.Substring(1) }).ToArray()),
    };

    private static CallbackTable ByGeneration(SdkGeneration generation, CallbackTable legacy, CallbackTable v3, CallbackTable v4) => generation switch
    {
        SdkGeneration.Legacy => legacy,
        SdkGeneration.V3 => v3,
        SdkGeneration.V4 => v4,
    };

    private static Dictionary<ConnectionChangedReason, string> AppleReasonsWithInfix(ConnectionChangedReason first, ConnectionChangedReason last)
        => EnumValues<ConnectionChangedReason>.All
            .Where(r => r >= first && r <= last)
            .ToDictionary(r => r, r => "AgoraConnectionChangedReason" + r);

    // Only the reasons a 3.x SDK defines keep their names; the others are spelled as their number.
    private static Dictionary<ConnectionChangedReason, string> Only3x(IReadOnlyDictionary<ConnectionChangedReason, string> reasons)
        => reasons.ToDictionary(p => p.Key, p => Array.IndexOf(UndefinedIn3x, p.Key) < 0 ? p.Value : ((int)p.Key).ToString(System.Globalization.CultureInfo.InvariantCulture));

    // Web 4.x ConnectionDisconnectedReason, as agora-rtc-sdk-ng 4.24.8 reports it: a leave (LEAVE), a ban or a second join of the
    // same uid (UID_BANNED: the gateway closes with it on ERR_REPEAT_JOIN_CHANNEL), the token's expiry (TOKEN_EXPIRE), and a network
    // that did not come back (NETWORK_ERROR). The refusals of a join reject join()'s promise and report no reason (CallbackEvent.Refusal);
    // SERVER_ERROR, which the bundle uses only in a statistics mapping, is never reported.
    private static string WebDisconnectReason(string name) => name switch
    {
        nameof(ConnectionChangedReason.LeaveChannel) => "LEAVE",
        nameof(ConnectionChangedReason.BannedByServer) or nameof(ConnectionChangedReason.SameUidLogin) => "UID_BANNED",
        nameof(ConnectionChangedReason.TokenExpired) => "TOKEN_EXPIRE",
        _ => "NETWORK_ERROR",
    };
}
