using System.Text;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Callbacks.Internal;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Docs;

/// <summary>docs/callbacks.md is what the strategies produce: regenerate it with AGORA_UPDATE_DOCS=1.</summary>
public class CallbackReferenceTests
{
    private static readonly (string Family, Platform Platform)[] Families =
    [
        ("Android, Windows, Linux", Platform.Android),
        ("iOS, macOS", Platform.Ios),
        ("C# (Windows, Unity)", Platform.CSharp),
    ];

    private static readonly (string Title, SdkGeneration Generation)[] Generations =
    [
        ("before v2.3.2", SdkGeneration.Legacy),
        ("v2.3.2–3.x", SdkGeneration.V3),
        ("4.x", SdkGeneration.V4),
    ];

    // The native families by generation, then the Web by line: 2.3.1 (Legacy), 2.x (the seeds, the default), 3.x and 4.x as shipped.
    private static readonly (string Title, ICallbackStrategy Strategy)[] Columns =
    [
        .. Families.SelectMany(f => Generations.Select(g => ($"{f.Family}, {g.Title}", CallbackStrategies.For(f.Platform, g.Generation)))),
        ("Web 2.3.1 (before v2.3.2)", CallbackStrategies.For(Platform.Web, SdkGeneration.Legacy)),
        ("Web 2.x (`WebSdk.V2`, the seeds)", CallbackStrategies.ForWeb(WebSdk.V2)),
        ("Web 3.x (`WebSdk.V3`)", CallbackStrategies.ForWeb(WebSdk.V3)),
        ("Web 4.x (`WebSdk.V4`)", CallbackStrategies.ForWeb(WebSdk.V4)),
    ];

    [Test]
    public void Docs_CallbackReference_IsWhatTheStrategiesProduce()
        => GeneratedSection.AssertUpToDate("docs/callbacks.md", null, Generate());

    [Test]
    public void Docs_CallbackReference_AgreesAcrossPlatformsOfAFamily()
    {
        foreach (var e in SampleEvents().Select(s => s.Event))
        {
            foreach (var generation in Enum.GetValues<SdkGeneration>())
            {
                Assert.That(Render(Platform.Windows, generation, e), Is.EqualTo(Render(Platform.Android, generation, e)));
                Assert.That(Render(Platform.Linux, generation, e), Is.EqualTo(Render(Platform.Android, generation, e)));
                Assert.That(Render(Platform.MacOS, generation, e), Is.EqualTo(Render(Platform.Ios, generation, e)));
            }

            // What the documents promise did not change: the Web's remote-user events at v2.3.2, the native callback names at 4.x.
            if (e is not (TokenPrivilegeWillExpire or TokenPrivilegeExpired))
            {
                Assert.That(Render(Platform.Web, SdkGeneration.Legacy, e), Is.EqualTo(Render(Platform.Web, SdkGeneration.V3, e)));
            }

            if (e is not ConnectionStateChanged)
            {
                Assert.That(Render(Platform.Android, SdkGeneration.V4, e), Is.EqualTo(Render(Platform.Android, SdkGeneration.V3, e)));
            }
        }
    }

    [Test]
    public void Docs_CallbackReference_ShowsEveryEventTheLibraryRaises()
    {
        var eventTypes = typeof(ConnectivityEvent).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(ConnectivityEvent)) && !t.IsAbstract)
            .Select(t => t.Name);

        Assert.That(SampleEvents().Concat(LinkSampleEvents()).Select(s => s.Event.GetType().Name).Distinct(), Is.EquivalentTo(eventTypes));
    }

    private static IEnumerable<(string Name, ConnectivityEvent Event)> SampleEvents()
    {
        foreach (var (previous, state, reason) in new[]
        {
            (ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting),
            (ConnectionState.Connecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess),
            (ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted),
            (ConnectionState.Reconnecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess),
            (ConnectionState.Reconnecting, ConnectionState.Failed, ConnectionChangedReason.JoinFailed),
            (ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.BannedByServer),
            (ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.SameUidLogin),
            (ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.InvalidToken),
            (ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.LicenseValidationFailure),
            (ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.TokenExpired),
            (ConnectionState.Failed, ConnectionState.Connecting, ConnectionChangedReason.RenewToken),
            (ConnectionState.Failed, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel),
            (ConnectionState.Connecting, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel),
            (ConnectionState.Connected, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel),
            (ConnectionState.Reconnecting, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel),
        })
        {
            yield return ($"ConnectionStateChanged({previous}, {state}, {reason})", new ConnectionStateChanged(previous, state, reason));
        }

        yield return ("JoinChannelSucceeded", new JoinChannelSucceeded());
        yield return ("RejoinChannelSucceeded", new RejoinChannelSucceeded());
        yield return ("ConnectionInterrupted", new ConnectionInterrupted());
        yield return ("ConnectionLost", new ConnectionLost());
        yield return ("ConnectionBanned", new ConnectionBanned());
        yield return ("TokenPrivilegeWillExpire", new TokenPrivilegeWillExpire());
        yield return ("TokenPrivilegeExpired", new TokenPrivilegeExpired());
        yield return ("RemoteUserJoined(2)", new RemoteUserJoined(2));
        foreach (var reason in Enum.GetValues<UserOfflineReason>())
        {
            yield return ($"RemoteUserOffline(2, {reason})", new RemoteUserOffline(2, reason));
        }

        yield return ("RemoteUserLeft(2)", new RemoteUserLeft(2));
        yield return ("RtmConnectionStateChanged(Connected, Aborted, RemoteLogin)", new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Aborted, RtmConnectionChangeReason.RemoteLogin));
        yield return ("RtmConnectionStateChanged(Connected, Aborted, TokenExpired)", new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Aborted, RtmConnectionChangeReason.TokenExpired));
        yield return ("TokenExpired", new TokenExpired());
        yield return ("RtmTokenPrivilegeWillExpire", new RtmTokenPrivilegeWillExpire());
        yield return ("PresenceExpired", new PresenceExpired());
        yield return ("MemberJoined(\"alice\")", new MemberJoined("alice"));
        yield return ("MemberLeft(\"alice\")", new MemberLeft("alice"));
        yield return ("SdkDeviation", new Agora.Connectivity.Sdk.SdkDeviation("OnConnectionLost() at 00:00:14.000 (± 1 s)", "OnConnectionLost() at 00:00:16.000, 2 s late"));
    }

    // The RTM 2.x link's changes of a login, a long outage and a rejection (docs/rtm2.md has every transition).
    private static IEnumerable<(string Name, ConnectivityEvent Event)> LinkSampleEvents()
    {
        foreach (var (previous, state, operation, reason, resumed) in new[]
        {
            (RtmLinkState.Idle, RtmLinkState.Connecting, RtmLinkOperation.Login, RtmLinkStateChangeReason.Login, false),
            (RtmLinkState.Connecting, RtmLinkState.Connected, RtmLinkOperation.Login, RtmLinkStateChangeReason.LoginSuccess, false),
            (RtmLinkState.Connected, RtmLinkState.Disconnected, RtmLinkOperation.HeartbeatLost, RtmLinkStateChangeReason.KeepAliveTimeout, false),
            (RtmLinkState.Disconnected, RtmLinkState.Connecting, RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.AutoReconnect, false),
            (RtmLinkState.Connecting, RtmLinkState.Disconnected, RtmLinkOperation.ServerTimeout, RtmLinkStateChangeReason.ReconnectTimeout, false),
            (RtmLinkState.Connecting, RtmLinkState.Disconnected, RtmLinkOperation.NetworkChange, RtmLinkStateChangeReason.NetworkChange, false),
            (RtmLinkState.Connecting, RtmLinkState.Suspended, RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.ReconnectTimeout, false),
            (RtmLinkState.Connecting, RtmLinkState.Connected, RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.ReconnectSuccess, true),
            (RtmLinkState.Connected, RtmLinkState.Failed, RtmLinkOperation.ServerReject, RtmLinkStateChangeReason.SameUidLogin, false),
            (RtmLinkState.Failed, RtmLinkState.Connecting, RtmLinkOperation.Login, RtmLinkStateChangeReason.Relogin, false),
            (RtmLinkState.Connected, RtmLinkState.Idle, RtmLinkOperation.Logout, RtmLinkStateChangeReason.Logout, false),
        })
        {
            yield return (
                $"RtmLinkStateChanged({previous}, {state}, {operation}, {reason}){(resumed ? " resumed" : string.Empty)}",
                new RtmLinkStateChanged(previous, state, operation, reason, RtmServiceType.Message) { IsResumed = resumed });
        }

        yield return ("RtmLinkPresenceTimedOut", new RtmLinkPresenceTimedOut());
    }

    private static string Generate()
    {
        var text = new StringBuilder();
        text.Append("# Callback reference\n\n");
        text.Append("Which callbacks each platform fires for each event of the library, in each SDK generation and Web SDK line, as the\n");
        text.Append("callback strategies (`CallbackStrategies.For(platform, generation)`, `CallbackStrategies.ForWeb(line)`) produce them. Generated by\n");
        text.Append("`tests/Agora.Connectivity.Tests/Docs/CallbackReferenceTests.cs`; the test fails when this file\n");
        text.Append("differs from the code (regenerate with `AGORA_UPDATE_DOCS=1 dotnet test`). A dash: the platform\n");
        text.Append("reports nothing. Platforms of one family (Android, Windows, Linux; iOS, macOS) spell alike.\n");
        text.Append("`CallbackStrategies.For(platform, RtcSdkBehavior.Current)` is the v2.3.2–3.x column, `Legacy` the one before.\n\n");
        text.Append(GenerationNotes);
        text.Append("\n## Events\n\n");
        text.Append("| Event | ").Append(string.Join(" | ", Columns.Select(c => c.Title))).Append(" |\n");
        text.Append("| --- |").Append(string.Concat(Columns.Select(_ => " --- |"))).Append('\n');
        foreach (var (name, e) in SampleEvents())
        {
            text.Append("| `").Append(name).Append("` | ")
                .Append(string.Join(" | ", Columns.Select(c => Render(c.Strategy, e))))
                .Append(" |\n");
        }

        (string Title, CallbackTable Table)[] rtc =
        [
            ("Android, Windows, Linux before 4.x", CallbackTables.NativeV3),
            ("Android, Windows, Linux 4.x", CallbackTables.NativeV4),
            ("iOS, macOS before 4.x", CallbackTables.AppleV3),
            ("iOS, macOS 4.x", CallbackTables.AppleV4),
            ("Web 2.x, 4.x", CallbackTables.WebV4),
            ("Web 3.x", CallbackTables.WebV3x),
        ];
        (string Title, CallbackTable Table)[] rtm =
        [
            ("Android, Windows, Linux", CallbackTables.NativeV3),
            ("iOS, macOS", CallbackTables.AppleV3),
            ("Web", CallbackTables.WebV2),
        ];
        AppendSpellings(text, "ConnectionState", rtc, t => t.Spellings.States);
        AppendSpellings(text, "ConnectionChangedReason", rtc, t => t.Spellings.Reasons);
        AppendSpellings(text, "UserOfflineReason", rtc, t => t.Spellings.OfflineReasons);
        text.Append("\nRTM spellings (RTM 1.x) are the same in every generation.\n");
        AppendSpellings(text, "RtmConnectionState", rtm, t => t.Spellings.RtmStates);
        AppendSpellings(text, "RtmConnectionChangeReason", rtm, t => t.Spellings.RtmReasons);

        text.Append("\n## RTM 2.x link\n\n");
        text.Append("`CallbackStrategies.ForRtmLink(platform)`: the link's one callback with the event's fields, `onLinkStateEvent` on every native\n");
        text.Append("platform (values as `agora-react-native-rtm` 2.2.6 declares them), the `linkState` event on the Web (`agora-rtm-sdk` 2.3.0's\n");
        text.Append("strings; its `LinkOperation` says `HEARTBEAT_TIMEOUT` where the native enum says `heartbeatLost`). The strategies above map\n");
        text.Append("no link event, and these map no other. A presence time-out has no callback of the user's own: the others hear `REMOTE_TIMEOUT`.\n\n");
        text.Append("| Event | Native (every platform but the Web) | Web |\n| --- | --- | --- |\n");
        foreach (var (name, e) in LinkSampleEvents())
        {
            text.Append("| `").Append(name).Append("` | ")
                .Append(Render(CallbackStrategies.ForRtmLink(Platform.Android), e)).Append(" | ")
                .Append(Render(CallbackStrategies.ForRtmLink(Platform.Web), e)).Append(" |\n");
        }

        return text.ToString();
    }

    private const string GenerationNotes = """
        ## Generations and Web lines: what changes, and why

        Where the seed documents speak, their behaviour is the default; where they are silent or describe an SDK line that
        has changed since, Agora's shipped packages decide (`../shared/CONTRACT.md`, "Additions of 2026-12-02"). The facts
        read from the packages are checked into `tests/Agora.Connectivity.Tests/VendorTruth/` with their provenance
        (package@version, file, line or search string) and compared with this library by `VendorTruthTests`.

        - **Before v2.3.2 → v2.3.2–3.x** (docs 001 and 004): the state callback (`onConnectionStateChanged`,
          `connectionChangedToState`) replaces the interrupted and banned callbacks. The 2.3.2+ headers mark *both*
          `onConnectionInterrupted` and `onConnectionBanned` (`rtcEngineConnectionDidInterrupted`,
          `rtcEngineConnectionDidBanned`) deprecated in favour of the state callback, and the documents' v2.3.2+ timelines
          list only the state callback; so from v2.3.2 on the library fires neither, and before v2.3.2 both. A ban is heard
          as `FAILED, BANNED_BY_SERVER`.
        - **Reasons a 3.x SDK does not define** (`react-native-agora@3.7.1` `src/common/Enums.ts`, `ConnectionChangedReason`:
          0–14, 19, 20; its 15 is `ProxyServerInterrupted`, marked `@ignore`): 15–18 and 21–24 are spelled as their number
          (`onConnectionStateChanged(CONNECTION_STATE_FAILED, 21)`) on every native platform before 4.x — what an
          int-typed callback (Java, C++) or an `NSInteger` enum (Objective-C) would carry — never as a name the generation
          does not have. 4.x defines 0–24 (`react-native-agora@4.6.4` `src/AgoraBase.ts`, `ConnectionChangedReasonType`).
        - **4.x, iOS and macOS**: reasons 0–17 gain the `Reason` infix (`AgoraConnectionChangedReasonInterrupted`); 18 and
          later keep the old form (`AgoraConnectionChangedSameUidLogin`), as the 4.x header has them.
        - **4.x, Android, Windows, Linux**: the callback names of 3.x, with every reason by its name.
        - **Web 2.x** (`WebSdk.V2`, `For(Platform.Web, SdkGeneration.V3)`, the default): the 2018 FAQ (doc 000) — a Web user
          hears nothing about its own connection; `stream-added`, `stream-removed` 10 s after a user's last data,
          `peer-leave(uid)` (`agora-rtc-sdk@2.5.1` dispatches it with the uid only). The token events are
          `onTokenPrivilegeWillExpire` / `onTokenPrivilegeDidExpire` (`agora-rtc-sdk@2.5.1` `AgoraRTCSDK.min.js`).
        - **Web before v2.3.2** (`SdkGeneration.Legacy`): as 2.x without the token events, which `agora-rtc-sdk@2.3.1` does not have.
        - **Web 3.x** (`WebSdk.V3`, `agora-rtc-sdk@3.6.11` `index.d.ts`): `connection-state-change(curState, prevState)` with
          DISCONNECTED, CONNECTING, CONNECTED, DISCONNECTING and no reason (l. 2989–3008): a reconnect is CONNECTING (so
          Reconnecting → Connecting-like changes that look alike fire nothing) with `reconnect` (l. 3079) and `rejoin` on
          success (l. 3090); a leave from CONNECTED passes through DISCONNECTING (the bundle's `state` setter; from CONNECTING
          it goes straight to DISCONNECTED); `client-banned` (l. 2781; the library does not know the uid or code, so no
          arguments); `peer-online` then `stream-added` for a joining user (l. 2666, 2616); `peer-leave(uid, reason)` with
          `Quit`, `ServerTimeOut` (20 s without data, l. 2674) or `BecomeAudience` (l. 2692–2700); nothing when the server
          lets go after 3 min; the token events of 2.x (l. 2879, 2893). The contract's order (a state change before the facts
          of its transition) puts `reconnect` and `client-banned` after their state change.
        - **Web 4.x** (`WebSdk.V4`, `For(Platform.Web, SdkGeneration.V4)`, `agora-rtc-sdk-ng@4.24.8`):
          `connection-state-change(curState, revState, reason)` — the reason only when the new state is `DISCONNECTED`; no
          `FAILED` (a failed connection is `DISCONNECTED`, so a leave from it is no change and fires nothing). A leave and the
          token's expiry pass through `DISCONNECTING` (the gateway's `leave` sets it first: `this.state="DISCONNECTING"`;
          `client.leave()` and `ON_TOKEN_PRIVILEGE_DID_EXPIRE` call it), then `DISCONNECTED` with `LEAVE` or `TOKEN_EXPIRE`,
          then `token-privilege-did-expire`. A ban closes at once with `UID_BANNED`; a second join of the same uid
          (`SameUidLogin`) too (`"ERR_REPEAT_JOIN_CHANNEL"===t.desc&&this.close(qN.UID_BANNED)`). A refused join rejects
          `join()`'s promise and the state goes `DISCONNECTED` with no reason (`this._gateway.state="DISCONNECTED",this._reset()`):
          the app hears the rejected promise, which this library does not model; `SERVER_ERROR` is never reported (the bundle
          uses it only in a statistics mapping). The 20-minute give-up is `NETWORK_ERROR`. Remote users are `user-joined` then
          `user-published`, and `user-unpublished` then `user-left(uid, reason)` 20 s after the last data
          (`rtc-sdk_en.d.ts:1634`); the library does not model tracks, so `user-published`/`user-unpublished` come once per
          user, without the `mediaType` argument. No callback for join, rejoin or lost.
        - **RTM** is RTM 1.x in every generation (its 2.x SDK is a different connection model). The token warning is
          `TokenPrivilegeWillExpire` on the Web (`agora-rtm-sdk@1.5.1` `index.d.ts:699`; absent in 1.4.5),
          `onTokenPrivilegeWillExpire` on Android, `rtmKitTokenPrivilegeWillExpire` on iOS (RTM 1.5). A server drop is
          `ABORTED` with `TOKEN_EXPIRED`, `REMOTE_LOGIN`, `BANNED_BY_SERVER` or `INTERRUPTED` (`index.js`, `userDropHandler`).

        Sources of every spelling: `tests/Agora.Connectivity.Tests/Callbacks/PublishedSpellingsTests.cs`, which compares each one
        with Agora's published SDK headers and API references, row by row, and `VendorTruthTests`, which compares them with the
        facts extracted from the shipped packages.

        """;

    private static void AppendSpellings<TEnum>(StringBuilder text, string title, (string Title, CallbackTable Table)[] columns, Func<CallbackTable, IReadOnlyDictionary<TEnum, string>> spellings)
        where TEnum : struct, Enum
    {
        text.Append("\n## ").Append(title).Append("\n\n");
        text.Append("| Value | ").Append(string.Join(" | ", columns.Select(c => c.Title))).Append(" |\n");
        text.Append("| --- |").Append(string.Concat(columns.Select(_ => " --- |"))).Append('\n');
        foreach (var value in Enum.GetValues<TEnum>())
        {
            text.Append("| ").Append(value).Append(" (").Append(Convert.ToInt32(value)).Append(") | ");
            text.Append(string.Join(" | ", columns.Select(c => $"`{spellings(c.Table)[value]}`")));
            text.Append(" |\n");
        }
    }

    private static string Render(Platform platform, SdkGeneration generation, ConnectivityEvent e) => Render(CallbackStrategies.For(platform, generation), e);

    private static string Render(ICallbackStrategy strategy, ConnectivityEvent e)
    {
        var callbacks = strategy.Map(e);
        return callbacks.Count == 0 ? "—" : string.Join("<br>", callbacks.Select(c => $"`{c}`"));
    }
}
