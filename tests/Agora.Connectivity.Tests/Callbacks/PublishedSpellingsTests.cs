using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Callbacks.Internal;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Tests.Callbacks;

/// <summary>
/// Every spelling of every callback table against what Agora published, row by row, each row citing the
/// header or API reference it was read from. A spelling no published source gives is listed in
/// <see cref="Unpublished"/> with the rule the library follows instead; the last test fails when a spelling is in neither.
/// </summary>
public class PublishedSpellingsTests
{
    private const string Seeds = "seed documents 000-004 (docs 001/004: onConnectionStateChanged, onConnectionLost, onUserOffline; doc 002: connectionChangedToState, rtcEngineConnectionDidLost; doc 000: stream-added, stream-removed, peer-leave)";
    private const string Cpp = "C++/Java 3.x and 4.x, IAgoraRtcEngine.h / AgoraBase.h: CONNECTION_STATE_TYPE, CONNECTION_CHANGED_REASON_TYPE, USER_OFFLINE_REASON_TYPE (api-ref.agora.io voice-sdk/cpp/4.x enum_connectionchangedreasontype; AgoraBaseGen.cs of the C# SDK)";
    private const string Ios3 = "iOS/macOS 3.x AgoraEnumerates.h: AgoraConnectionStateType, AgoraConnectionChangedReason 0-14, 19, 20, AgoraUserOfflineReason (api-ref.agora.io video-sdk/ios/3.x Constants/AgoraConnectionChangedReason)";
    private const string Ios4 = "iOS/macOS 4.0 AgoraEnumerates.h: AgoraConnectionChangedReason 0-17 with the Reason infix, 18-21 without";
    private const string Web4State = "Web 4.x ConnectionState: DISCONNECTED | CONNECTING | RECONNECTING | CONNECTED | DISCONNECTING (api-ref.agora.io types/ConnectionState)";
    private const string Web4Reason = "Web 4.x ConnectionDisconnectedReason: LEAVE, NETWORK_ERROR, SERVER_ERROR, UID_BANNED, IP_BANNED, CHANNEL_BANNED, TOKEN_EXPIRE (api-ref.agora.io voice-sdk/web/4.x enums/connectiondisconnectedreason)";
    private const string Web4Events = "Web 4.x IAgoraRTCClient events: connection-state-change(curState, revState, reason?), user-joined, user-left(user, reason: \"Quit\" | \"ServerTimeOut\" | \"BecomeAudience\"), user-published, user-unpublished, token-privilege-will-expire, token-privilege-did-expire";
    private const string Rtm1 = "RTM 1.x IAgoraRtmService.h / AgoraRtmKit.h / Web RTM 1.x: CONNECTION_STATE, CONNECTION_CHANGE_REASON; doc 003 (ConnectionStateChanged, ABORTED, REMOTE_LOGIN)";
    private const string Tokens = "RTC 3.x/4.x references: onTokenPrivilegeWillExpire, onRequestToken; tokenPrivilegeWillExpire, rtcEngineRequestToken; Web token-privilege-will-expire, token-privilege-did-expire; RTM onTokenExpired, rtmKitTokenDidExpire, TokenExpired";
    private const string WebTokens2And3 = "agora-rtc-sdk 2.5.1 AgoraRTCSDK.min.js and 3.6.11 index.d.ts:2879, 2893: onTokenPrivilegeWillExpire, onTokenPrivilegeDidExpire";
    private const string Web3 = "agora-rtc-sdk 3.6.11 index.d.ts: peer-online (l. 2666), stream-added (l. 2616), peer-leave{uid, reason} (l. 2692), client-banned (l. 2781), connection-state-change{prevState, curState} over DISCONNECTED, CONNECTING, CONNECTED, DISCONNECTING (l. 3006), reconnect (l. 3079), rejoin (l. 3090)";
    private const string Web4Bundle = "agora-rtc-sdk-ng 4.24.8 AgoraRTC_N-production.js: the gateway's leave sets DISCONNECTING first (this.state=\"DISCONNECTING\"), client.leave() and the token's expiry call it; ERR_REPEAT_JOIN_CHANNEL closes with UID_BANNED; a refused join sets DISCONNECTED with no reason";
    private const string Rtm15 = "agora-rtm-sdk 1.5.1 index.d.ts:699 TokenPrivilegeWillExpire; Android onTokenPrivilegeWillExpire (RTM 1.5 Java reference); iOS rtmKitTokenPrivilegeWillExpire (RTM 1.5 iOS release notes)";

    private const string CSharpRtc = "Agora's C# RTC SDK (AgoraIO-Extensions/Agora-C_Sharp-SDK @03c459fd Code/Rtc/Types/AgoraBase.cs: CONNECTION_STATE_TYPE, CONNECTION_CHANGED_REASON_TYPE, USER_OFFLINE_REASON_TYPE; @0971304f Code/Rtc/IRtcEngineEventHandler.cs: OnJoinChannelSuccess, OnRejoinChannelSuccess, OnConnectionLost, OnConnectionInterrupted, OnConnectionBanned, OnConnectionStateChanged, OnUserJoined, OnUserOffline, OnTokenPrivilegeWillExpire, OnRequestToken); docs/csharp-sdk.md";
    private const string CSharpRtm1 = "Agora's Unity RTM SDK 1.x (AgoraIO-Community/Agora-Unity-RTM-SDK @1d99b876 unity_rtm_sdk/Projects/Rtm-Scripts/RtmClientEventHandler.cs: OnConnectionStateChanged(id, CONNECTION_STATE, CONNECTION_CHANGE_REASON), OnTokenExpired, OnTokenPrivilegeWillExpire; RtmChannelEventHandler.cs: OnMemberJoined, OnMemberLeft)";
    private const string CSharpLegacyRtc = "the legacy Unity API agora_gaming_rtc (AgoraIO-Community/Agora_Unity_WebGL): OnReJoinChannelSuccess; docs/csharp-sdk.md";

    private static readonly ConnectionChangedReason[] UndefinedIn3x =
    [
        ConnectionChangedReason.RejoinSuccess, ConnectionChangedReason.Lost, ConnectionChangedReason.EchoTest, ConnectionChangedReason.ClientIpAddressChangedByUser,
        ConnectionChangedReason.LicenseValidationFailure, ConnectionChangedReason.CertificationVerifyFailure, ConnectionChangedReason.StreamChannelNotAvailable,
        ConnectionChangedReason.InconsistentAppId,
    ];

    /// <summary>(table, what, published spelling, source). "what" is an enum value or an event's callback name(s).</summary>
    private static readonly (CallbackTable Table, object What, string Published, string Source)[] Published = BuildPublished();

    /// <summary>Spellings no published source gives, with the rule the library follows.</summary>
    private static readonly (CallbackTable Table, object What, string Rule)[] Unpublished =
    [
        .. new[] { CallbackTables.NativeV3, CallbackTables.NativeLegacy, CallbackTables.AppleV3, CallbackTables.AppleLegacy, CallbackTables.CSharpV3, CallbackTables.CSharpLegacy }.SelectMany(t => UndefinedIn3x
            .Select(v => (t, (object)v, "not defined by 3.x (react-native-agora 3.7.1 src/common/Enums.ts ConnectionChangedReason: 15 is ProxyServerInterrupted, 16-18 and 21-24 absent): spelled as its number"))),
        .. new[] { CallbackTables.AppleV4 }.SelectMany(t => new object[]
        {
            ConnectionChangedReason.CertificationVerifyFailure, ConnectionChangedReason.StreamChannelNotAvailable, ConnectionChangedReason.InconsistentAppId,
        }.Select(v => (t, v, "added after the headers checked: spelled by the 4.x rule of 18-21 (no infix)"))),
        .. WebTables.SelectMany(t => new object[]
        {
            ConnectionState.Failed,
        }.Select(v => (t, v, "the Web has no FAILED: a connection that gives up is DISCONNECTED"))),
        .. WebTables.SelectMany(t => Enum.GetValues<ConnectionChangedReason>()
            .Where(r => r is not (ConnectionChangedReason.LeaveChannel or ConnectionChangedReason.BannedByServer or ConnectionChangedReason.TokenExpired or ConnectionChangedReason.SameUidLogin))
            .Select(v => ((CallbackTable)t, (object)v, "no Web 4.x reason of its own: NETWORK_ERROR when the network did not come back; a refused join reports none (CallbackEvent.Refusal); SERVER_ERROR is never reported"))),
    ];

    private static CallbackTable[] WebTables => [CallbackTables.WebLegacy, CallbackTables.WebV2, CallbackTables.WebV3x, CallbackTables.WebV4];

    [Test]
    public void ReasonsA3xSdkDoesNotDefine_AreSpelledAsTheirNumber_NeverAsALaterName()
    {
        foreach (var table in new[] { CallbackTables.NativeV3, CallbackTables.NativeLegacy, CallbackTables.AppleV3, CallbackTables.AppleLegacy })
        {
            foreach (var reason in UndefinedIn3x)
            {
                Assert.That(table.Spellings.Reasons[reason], Is.EqualTo(((int)reason).ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{table.Title}: {reason}");
            }
        }

        Assert.That(CallbackStrategies.For(Platform.Android, SdkGeneration.V3).Map(new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.LicenseValidationFailure)).Single().ToString(),
            Is.EqualTo("onConnectionStateChanged(CONNECTION_STATE_FAILED, 21)"));
        Assert.That(CallbackStrategies.For(Platform.Android, SdkGeneration.V4).Map(new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.LicenseValidationFailure)).Single().ToString(),
            Is.EqualTo("onConnectionStateChanged(CONNECTION_STATE_FAILED, CONNECTION_CHANGED_LICENSE_VALIDATION_FAILURE)"));
    }

    [Test]
    public void EverySpelling_IsThePublishedOne()
    {
        foreach (var (table, what, published, source) in Published)
        {
            Assert.That(Spelling(table, what), Is.EqualTo(published), $"{table.Title}: {what} (source: {source})");
        }
    }

    [Test]
    public void EverySpelling_HasAPublishedSource_OrADocumentedRule()
    {
        var covered = Published.Select(p => (p.Table, p.What)).Concat(Unpublished.Select(u => (u.Table, u.What))).ToHashSet();
        foreach (var table in CallbackTables.All)
        {
            foreach (var value in EnumValues(table))
            {
                Assert.That(covered, Does.Contain((table, value)), $"{table.Title}: {value} has neither a published spelling nor a rule.");
            }

            foreach (var kind in table.Callbacks.Keys)
            {
                Assert.That(covered, Does.Contain((table, (object)kind)), $"{table.Title}: the callbacks of {kind} have no published source.");
            }
        }
    }

    [Test]
    public void CallbackStrategies_ReadTheTableOfTheirFamilyAndGeneration()
    {
        Assert.That(Table(Platform.Ios, SdkGeneration.V4), Is.SameAs(CallbackTables.AppleV4));
        Assert.That(Table(Platform.MacOS, SdkGeneration.Legacy), Is.SameAs(CallbackTables.AppleLegacy));
        Assert.That(Table(Platform.Linux, SdkGeneration.V4), Is.SameAs(CallbackTables.NativeV4));
        Assert.That(Table(Platform.Windows, SdkGeneration.V3), Is.SameAs(CallbackTables.NativeV3));
        Assert.That(Table(Platform.Web, SdkGeneration.V4), Is.SameAs(CallbackTables.WebV4));
        Assert.That(Table(Platform.Web, SdkGeneration.Legacy), Is.SameAs(CallbackTables.WebLegacy));
        Assert.That(Table(Platform.Web, SdkGeneration.V3), Is.SameAs(CallbackTables.WebV2));
        Assert.That(((TableCallbackStrategy)CallbackStrategies.ForWeb(WebSdk.V3)).Table, Is.SameAs(CallbackTables.WebV3x));
    }

    private static CallbackTable Table(Platform platform, SdkGeneration generation)
        => ((TableCallbackStrategy)CallbackStrategies.For(platform, generation)).Table;

    private static IEnumerable<object> EnumValues(CallbackTable table)
        => table.Spellings.States.Keys.Cast<object>()
            .Concat(table.Spellings.Reasons.Keys.Cast<object>())
            .Concat(table.Spellings.OfflineReasons.Keys.Cast<object>())
            .Concat(table.Spellings.RtmStates.Keys.Cast<object>())
            .Concat(table.Spellings.RtmReasons.Keys.Cast<object>());

    private static string Spelling(CallbackTable table, object what) => what switch
    {
        ConnectionState v => table.Spellings.States[v],
        ConnectionChangedReason v => table.Spellings.Reasons[v],
        UserOfflineReason v => table.Spellings.OfflineReasons[v],
        RtmConnectionState v => table.Spellings.RtmStates[v],
        RtmConnectionChangeReason v => table.Spellings.RtmReasons[v],
        CallbackEvent kind => string.Join(" + ", table.Callbacks[kind].Select(t => t.Name)),
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
    };

    private static (CallbackTable, object, string, string)[] BuildPublished()
    {
        var rows = new List<(CallbackTable, object, string, string)>();
        void Values<TEnum>(IEnumerable<CallbackTable> tables, string source, params (TEnum Value, string Spelling)[] values)
            where TEnum : struct, Enum
        {
            foreach (var table in tables)
            {
                rows.AddRange(values.Select(v => (table, (object)v.Value, v.Spelling, source)));
            }
        }

        void Callbacks(IEnumerable<CallbackTable> tables, string source, params (CallbackEvent Kind, string Names)[] callbacks)
        {
            foreach (var table in tables)
            {
                rows.AddRange(callbacks.Select(c => (table, (object)c.Kind, c.Names, source)));
            }
        }

        CallbackTable[] native = [CallbackTables.NativeLegacy, CallbackTables.NativeV3, CallbackTables.NativeV4];
        CallbackTable[] apple = [CallbackTables.AppleLegacy, CallbackTables.AppleV3, CallbackTables.AppleV4];
        CallbackTable[] appleBefore4 = [CallbackTables.AppleLegacy, CallbackTables.AppleV3];
        CallbackTable[] web = WebTables;
        CallbackTable[] webWithReconnecting = [CallbackTables.WebLegacy, CallbackTables.WebV2, CallbackTables.WebV4];

        Values(native, Cpp,
            (ConnectionState.Disconnected, "CONNECTION_STATE_DISCONNECTED"), (ConnectionState.Connecting, "CONNECTION_STATE_CONNECTING"),
            (ConnectionState.Connected, "CONNECTION_STATE_CONNECTED"), (ConnectionState.Reconnecting, "CONNECTION_STATE_RECONNECTING"),
            (ConnectionState.Failed, "CONNECTION_STATE_FAILED"));
        Values(native, Cpp,
            (ConnectionChangedReason.Connecting, "CONNECTION_CHANGED_CONNECTING"), (ConnectionChangedReason.JoinSuccess, "CONNECTION_CHANGED_JOIN_SUCCESS"),
            (ConnectionChangedReason.Interrupted, "CONNECTION_CHANGED_INTERRUPTED"), (ConnectionChangedReason.BannedByServer, "CONNECTION_CHANGED_BANNED_BY_SERVER"),
            (ConnectionChangedReason.JoinFailed, "CONNECTION_CHANGED_JOIN_FAILED"), (ConnectionChangedReason.LeaveChannel, "CONNECTION_CHANGED_LEAVE_CHANNEL"),
            (ConnectionChangedReason.InvalidAppId, "CONNECTION_CHANGED_INVALID_APP_ID"), (ConnectionChangedReason.InvalidChannelName, "CONNECTION_CHANGED_INVALID_CHANNEL_NAME"),
            (ConnectionChangedReason.InvalidToken, "CONNECTION_CHANGED_INVALID_TOKEN"), (ConnectionChangedReason.TokenExpired, "CONNECTION_CHANGED_TOKEN_EXPIRED"),
            (ConnectionChangedReason.RejectedByServer, "CONNECTION_CHANGED_REJECTED_BY_SERVER"), (ConnectionChangedReason.SettingProxyServer, "CONNECTION_CHANGED_SETTING_PROXY_SERVER"),
            (ConnectionChangedReason.RenewToken, "CONNECTION_CHANGED_RENEW_TOKEN"), (ConnectionChangedReason.ClientIpAddressChanged, "CONNECTION_CHANGED_CLIENT_IP_ADDRESS_CHANGED"),
            (ConnectionChangedReason.KeepAliveTimeout, "CONNECTION_CHANGED_KEEP_ALIVE_TIMEOUT"), (ConnectionChangedReason.SameUidLogin, "CONNECTION_CHANGED_SAME_UID_LOGIN"),
            (ConnectionChangedReason.TooManyBroadcasters, "CONNECTION_CHANGED_TOO_MANY_BROADCASTERS"));
        Values([CallbackTables.NativeV4], Cpp,
            (ConnectionChangedReason.RejoinSuccess, "CONNECTION_CHANGED_REJOIN_SUCCESS"), (ConnectionChangedReason.Lost, "CONNECTION_CHANGED_LOST"),
            (ConnectionChangedReason.EchoTest, "CONNECTION_CHANGED_ECHO_TEST"), (ConnectionChangedReason.ClientIpAddressChangedByUser, "CONNECTION_CHANGED_CLIENT_IP_ADDRESS_CHANGED_BY_USER"),
            (ConnectionChangedReason.LicenseValidationFailure, "CONNECTION_CHANGED_LICENSE_VALIDATION_FAILURE"), (ConnectionChangedReason.CertificationVerifyFailure, "CONNECTION_CHANGED_CERTIFICATION_VERYFY_FAILURE"),
            (ConnectionChangedReason.StreamChannelNotAvailable, "CONNECTION_CHANGED_STREAM_CHANNEL_NOT_AVAILABLE"), (ConnectionChangedReason.InconsistentAppId, "CONNECTION_CHANGED_INCONSISTENT_APPID"));
        Values(native, Cpp, (UserOfflineReason.Quit, "USER_OFFLINE_QUIT"), (UserOfflineReason.Dropped, "USER_OFFLINE_DROPPED"), (UserOfflineReason.BecomeAudience, "USER_OFFLINE_BECOME_AUDIENCE"));

        Values(apple, Ios3 + "; " + Ios4,
            (ConnectionState.Disconnected, "AgoraConnectionStateDisconnected"), (ConnectionState.Connecting, "AgoraConnectionStateConnecting"),
            (ConnectionState.Connected, "AgoraConnectionStateConnected"), (ConnectionState.Reconnecting, "AgoraConnectionStateReconnecting"),
            (ConnectionState.Failed, "AgoraConnectionStateFailed"));
        Values(apple, Ios3 + "; " + Ios4, (UserOfflineReason.Quit, "AgoraUserOfflineReasonQuit"), (UserOfflineReason.Dropped, "AgoraUserOfflineReasonDropped"), (UserOfflineReason.BecomeAudience, "AgoraUserOfflineReasonBecomeAudience"));
        var appleReasons = new[]
        {
            ConnectionChangedReason.Connecting, ConnectionChangedReason.JoinSuccess, ConnectionChangedReason.Interrupted, ConnectionChangedReason.BannedByServer,
            ConnectionChangedReason.JoinFailed, ConnectionChangedReason.LeaveChannel, ConnectionChangedReason.InvalidAppId, ConnectionChangedReason.InvalidChannelName,
            ConnectionChangedReason.InvalidToken, ConnectionChangedReason.TokenExpired, ConnectionChangedReason.RejectedByServer, ConnectionChangedReason.SettingProxyServer,
            ConnectionChangedReason.RenewToken, ConnectionChangedReason.ClientIpAddressChanged, ConnectionChangedReason.KeepAliveTimeout,
        };
        Values(appleBefore4, Ios3, [.. appleReasons.Select(r => (r, "AgoraConnectionChanged" + r)),
            (ConnectionChangedReason.SameUidLogin, "AgoraConnectionChangedSameUidLogin"), (ConnectionChangedReason.TooManyBroadcasters, "AgoraConnectionChangedTooManyBroadcasters")]);
        Values([CallbackTables.AppleV4], Ios4, [.. appleReasons.Select(r => (r, "AgoraConnectionChangedReason" + r)),
            (ConnectionChangedReason.RejoinSuccess, "AgoraConnectionChangedReasonRejoinSuccess"), (ConnectionChangedReason.Lost, "AgoraConnectionChangedReasonLost"),
            (ConnectionChangedReason.EchoTest, "AgoraConnectionChangedReasonEchoTest"), (ConnectionChangedReason.ClientIpAddressChangedByUser, "AgoraConnectionChangedClientIpAddressChangedByUser"),
            (ConnectionChangedReason.SameUidLogin, "AgoraConnectionChangedSameUidLogin"), (ConnectionChangedReason.TooManyBroadcasters, "AgoraConnectionChangedTooManyBroadcasters"),
            (ConnectionChangedReason.LicenseValidationFailure, "AgoraConnectionChangedLicenseValidationFailure")]);

        Values(webWithReconnecting, Web4State,
            (ConnectionState.Disconnected, "DISCONNECTED"), (ConnectionState.Connecting, "CONNECTING"),
            (ConnectionState.Connected, "CONNECTED"), (ConnectionState.Reconnecting, "RECONNECTING"));
        Values([CallbackTables.WebV3x], Web3,
            (ConnectionState.Disconnected, "DISCONNECTED"), (ConnectionState.Connecting, "CONNECTING"),
            (ConnectionState.Connected, "CONNECTED"), (ConnectionState.Reconnecting, "CONNECTING"));
        Values(web, Web4Reason, (ConnectionChangedReason.LeaveChannel, "LEAVE"), (ConnectionChangedReason.BannedByServer, "UID_BANNED"), (ConnectionChangedReason.TokenExpired, "TOKEN_EXPIRE"));
        Values(web, Web4Bundle, (ConnectionChangedReason.SameUidLogin, "UID_BANNED"));
        Values(web, Web4Events, (UserOfflineReason.Quit, "Quit"), (UserOfflineReason.Dropped, "ServerTimeOut"), (UserOfflineReason.BecomeAudience, "BecomeAudience"));

        (RtmConnectionState, string Upper, string Pascal)[] rtmStates =
        [
            (RtmConnectionState.Disconnected, "DISCONNECTED", "Disconnected"), (RtmConnectionState.Connecting, "CONNECTING", "Connecting"),
            (RtmConnectionState.Connected, "CONNECTED", "Connected"), (RtmConnectionState.Reconnecting, "RECONNECTING", "Reconnecting"),
            (RtmConnectionState.Aborted, "ABORTED", "Aborted"),
        ];
        (RtmConnectionChangeReason, string Upper, string Pascal)[] rtmReasons =
        [
            (RtmConnectionChangeReason.Login, "LOGIN", "Login"), (RtmConnectionChangeReason.LoginSuccess, "LOGIN_SUCCESS", "LoginSuccess"),
            (RtmConnectionChangeReason.LoginFailure, "LOGIN_FAILURE", "LoginFailure"), (RtmConnectionChangeReason.LoginTimeout, "LOGIN_TIMEOUT", "LoginTimeout"),
            (RtmConnectionChangeReason.Interrupted, "INTERRUPTED", "Interrupted"), (RtmConnectionChangeReason.Logout, "LOGOUT", "Logout"),
            (RtmConnectionChangeReason.BannedByServer, "BANNED_BY_SERVER", "BannedByServer"), (RtmConnectionChangeReason.RemoteLogin, "REMOTE_LOGIN", "RemoteLogin"),
            (RtmConnectionChangeReason.TokenExpired, "TOKEN_EXPIRED", "TokenExpired"),
        ];
        Values(native, Rtm1, [.. rtmStates.Select(s => (s.Item1, "CONNECTION_STATE_" + s.Upper))]);
        Values(native, Rtm1, [.. rtmReasons.Select(r => (r.Item1, "CONNECTION_CHANGE_REASON_" + r.Upper))]);
        Values(apple, Rtm1, [.. rtmStates.Select(s => (s.Item1, "AgoraRtmConnectionState" + s.Pascal))]);
        Values(apple, Rtm1, [.. rtmReasons.Select(r => (r.Item1, "AgoraRtmConnectionChangeReason" + r.Pascal))]);
        Values(web, Rtm1, [.. rtmStates.Select(s => (s.Item1, s.Upper))]);
        Values(web, Rtm1, [.. rtmReasons.Select(r => (r.Item1, r.Upper))]);

        Callbacks(native, Seeds, (CallbackEvent.JoinSucceeded, "onJoinChannelSuccess"), (CallbackEvent.RejoinSucceeded, "onRejoinChannelSuccess"), (CallbackEvent.Lost, "onConnectionLost"),
            (CallbackEvent.UserJoined, "onUserJoined"), (CallbackEvent.UserQuit, "onUserOffline"), (CallbackEvent.UserDropped, "onUserOffline"), (CallbackEvent.UserBecameAudience, "onUserOffline"));
        Callbacks([CallbackTables.NativeV3, CallbackTables.NativeV4], Seeds, (CallbackEvent.StateChanged, "onConnectionStateChanged"));
        Callbacks([CallbackTables.NativeLegacy], Seeds + "; 2.3.2+ headers mark both deprecated", (CallbackEvent.Interrupted, "onConnectionInterrupted"), (CallbackEvent.Banned, "onConnectionBanned"));
        Callbacks(apple, Seeds, (CallbackEvent.JoinSucceeded, "didJoinChannel"), (CallbackEvent.RejoinSucceeded, "didRejoinChannel"), (CallbackEvent.Lost, "rtcEngineConnectionDidLost"),
            (CallbackEvent.UserJoined, "didJoinedOfUid"), (CallbackEvent.UserQuit, "didOfflineOfUid"), (CallbackEvent.UserDropped, "didOfflineOfUid"), (CallbackEvent.UserBecameAudience, "didOfflineOfUid"));
        Callbacks([CallbackTables.AppleV3, CallbackTables.AppleV4], Seeds, (CallbackEvent.StateChanged, "connectionChangedToState"));
        Callbacks([CallbackTables.AppleLegacy], Seeds + "; 2.3.2+ headers mark both deprecated", (CallbackEvent.Interrupted, "rtcEngineConnectionDidInterrupted"), (CallbackEvent.Banned, "rtcEngineConnectionDidBanned"));
        Callbacks([CallbackTables.WebLegacy, CallbackTables.WebV2], Seeds, (CallbackEvent.UserJoined, "stream-added"), (CallbackEvent.UserQuit, "peer-leave"),
            (CallbackEvent.UserDropped, "stream-removed"), (CallbackEvent.UserBecameAudience, "stream-removed"), (CallbackEvent.UserLeft, "peer-leave"));
        Callbacks([CallbackTables.WebV3x], Web3, (CallbackEvent.StateChanged, "connection-state-change"), (CallbackEvent.LeaveFromConnected, "connection-state-change + connection-state-change"),
            (CallbackEvent.Interrupted, "reconnect"), (CallbackEvent.RejoinSucceeded, "rejoin"), (CallbackEvent.Banned, "client-banned"), (CallbackEvent.UserJoined, "peer-online + stream-added"),
            (CallbackEvent.UserQuit, "peer-leave"), (CallbackEvent.UserDropped, "peer-leave"), (CallbackEvent.UserBecameAudience, "peer-leave"));
        Callbacks([CallbackTables.WebV4], Web4Events, (CallbackEvent.StateChanged, "connection-state-change"), (CallbackEvent.UserJoined, "user-joined + user-published"),
            (CallbackEvent.UserQuit, "user-unpublished + user-left"), (CallbackEvent.UserDropped, "user-unpublished + user-left"), (CallbackEvent.UserBecameAudience, "user-unpublished + user-left"));
        Callbacks([CallbackTables.WebV4], Web4Bundle, (CallbackEvent.Leave, "connection-state-change + connection-state-change"), (CallbackEvent.TokenExpiry, "connection-state-change + connection-state-change"),
            (CallbackEvent.Refusal, "connection-state-change"));
        Callbacks(native, Tokens, (CallbackEvent.TokenWillExpire, "onTokenPrivilegeWillExpire"), (CallbackEvent.TokenPrivilegeExpired, "onRequestToken"), (CallbackEvent.RtmTokenExpired, "onTokenExpired"));
        Callbacks(apple, Tokens, (CallbackEvent.TokenWillExpire, "tokenPrivilegeWillExpire"), (CallbackEvent.TokenPrivilegeExpired, "rtcEngineRequestToken"), (CallbackEvent.RtmTokenExpired, "rtmKitTokenDidExpire"));
        Callbacks([CallbackTables.WebV4], Tokens, (CallbackEvent.TokenWillExpire, "token-privilege-will-expire"), (CallbackEvent.TokenPrivilegeExpired, "token-privilege-did-expire"));
        Callbacks([CallbackTables.WebV2, CallbackTables.WebV3x], WebTokens2And3, (CallbackEvent.TokenWillExpire, "onTokenPrivilegeWillExpire"), (CallbackEvent.TokenPrivilegeExpired, "onTokenPrivilegeDidExpire"));
        Callbacks(web, Tokens, (CallbackEvent.RtmTokenExpired, "TokenExpired"));
        Callbacks(native, Rtm15, (CallbackEvent.RtmTokenWillExpire, "onTokenPrivilegeWillExpire"));
        Callbacks(apple, Rtm15, (CallbackEvent.RtmTokenWillExpire, "rtmKitTokenPrivilegeWillExpire"));
        Callbacks(web, Rtm15, (CallbackEvent.RtmTokenWillExpire, "TokenPrivilegeWillExpire"));
        Callbacks(native, Rtm1, (CallbackEvent.RtmStateChanged, "onConnectionStateChanged"), (CallbackEvent.MemberJoined, "onMemberJoined"), (CallbackEvent.MemberLeft, "onMemberLeft"));
        Callbacks(apple, Rtm1, (CallbackEvent.RtmStateChanged, "connectionStateChanged"), (CallbackEvent.MemberJoined, "memberJoined"), (CallbackEvent.MemberLeft, "memberLeft"));
        Callbacks(web, Rtm1, (CallbackEvent.RtmStateChanged, "ConnectionStateChanged"), (CallbackEvent.MemberJoined, "MemberJoined"), (CallbackEvent.MemberLeft, "MemberLeft"));

        // Agora's C# SDKs: the C++ enum names, the C++ callback names with a capital (checked against the C# sources above).
        CallbackTable[] csharp = [CallbackTables.CSharpLegacy, CallbackTables.CSharpV3, CallbackTables.CSharpV4];
        foreach (var (cs, cpp) in csharp.Zip(native))
        {
            foreach (var row in rows.Where(r => r.Item1 == cpp && r.Item2 is not CallbackEvent).ToList())
            {
                rows.Add((cs, row.Item2, row.Item3, row.Item2 is RtmConnectionState or RtmConnectionChangeReason ? CSharpRtm1 : CSharpRtc));
            }
        }

        Callbacks(csharp, CSharpRtc, (CallbackEvent.JoinSucceeded, "OnJoinChannelSuccess"), (CallbackEvent.Lost, "OnConnectionLost"), (CallbackEvent.UserJoined, "OnUserJoined"),
            (CallbackEvent.UserQuit, "OnUserOffline"), (CallbackEvent.UserDropped, "OnUserOffline"), (CallbackEvent.UserBecameAudience, "OnUserOffline"),
            (CallbackEvent.TokenWillExpire, "OnTokenPrivilegeWillExpire"), (CallbackEvent.TokenPrivilegeExpired, "OnRequestToken"));
        Callbacks([CallbackTables.CSharpV3, CallbackTables.CSharpV4], CSharpRtc, (CallbackEvent.StateChanged, "OnConnectionStateChanged"), (CallbackEvent.RejoinSucceeded, "OnRejoinChannelSuccess"));
        Callbacks([CallbackTables.CSharpLegacy], CSharpRtc, (CallbackEvent.Interrupted, "OnConnectionInterrupted"), (CallbackEvent.Banned, "OnConnectionBanned"));
        Callbacks([CallbackTables.CSharpLegacy], CSharpLegacyRtc, (CallbackEvent.RejoinSucceeded, "OnReJoinChannelSuccess"));
        Callbacks(csharp, CSharpRtm1, (CallbackEvent.RtmStateChanged, "OnConnectionStateChanged"), (CallbackEvent.RtmTokenExpired, "OnTokenExpired"),
            (CallbackEvent.RtmTokenWillExpire, "OnTokenPrivilegeWillExpire"), (CallbackEvent.MemberJoined, "OnMemberJoined"), (CallbackEvent.MemberLeft, "OnMemberLeft"));
        return [.. rows];
    }
}
