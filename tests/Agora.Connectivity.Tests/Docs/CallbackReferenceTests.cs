using System.Text;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Callbacks.Internal;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Docs;

/// <summary>docs/callbacks.md is what the strategies produce: regenerate it with AGORA_UPDATE_DOCS=1.</summary>
public class CallbackReferenceTests
{
    private static readonly (string Family, Platform Platform)[] Families =
    [
        ("Android, Windows, Linux", Platform.Android),
        ("iOS, macOS", Platform.Ios),
        ("Web", Platform.Web),
    ];

    private static readonly (string Title, SdkGeneration Generation)[] Generations =
    [
        ("before v2.3.2", SdkGeneration.Legacy),
        ("v2.3.2–3.x", SdkGeneration.V3),
        ("4.x", SdkGeneration.V4),
    ];

    private static readonly (string Title, Platform Platform, SdkGeneration Generation)[] Columns =
        [.. Families.SelectMany(f => Generations.Select(g => ($"{f.Family}, {g.Title}", f.Platform, g.Generation)))];

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

            // What the documents promise did not change: the Web's events at v2.3.2, the native names at 4.x.
            Assert.That(Render(Platform.Web, SdkGeneration.Legacy, e), Is.EqualTo(Render(Platform.Web, SdkGeneration.V3, e)));
            Assert.That(Render(Platform.Android, SdkGeneration.V4, e), Is.EqualTo(Render(Platform.Android, SdkGeneration.V3, e)));
        }
    }

    [Test]
    public void Docs_CallbackReference_ShowsEveryEventTheLibraryRaises()
    {
        var eventTypes = typeof(ConnectivityEvent).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(ConnectivityEvent)) && !t.IsAbstract)
            .Select(t => t.Name);

        Assert.That(SampleEvents().Select(s => s.Event.GetType().Name).Distinct(), Is.EquivalentTo(eventTypes));
    }

    private static IEnumerable<(string Name, ConnectivityEvent Event)> SampleEvents()
    {
        foreach (var (previous, state, reason) in new[]
        {
            (ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting),
            (ConnectionState.Connecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess),
            (ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted),
            (ConnectionState.Reconnecting, ConnectionState.Failed, ConnectionChangedReason.JoinFailed),
            (ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.BannedByServer),
            (ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.TokenExpired),
            (ConnectionState.Failed, ConnectionState.Connecting, ConnectionChangedReason.RenewToken),
            (ConnectionState.Failed, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel),
            (ConnectionState.Connected, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel),
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
        yield return ("TokenExpired", new TokenExpired());
        yield return ("PresenceExpired", new PresenceExpired());
        yield return ("MemberJoined(\"alice\")", new MemberJoined("alice"));
        yield return ("MemberLeft(\"alice\")", new MemberLeft("alice"));
    }

    private static string Generate()
    {
        var text = new StringBuilder();
        text.Append("# Callback reference\n\n");
        text.Append("Which callbacks each platform fires for each event of the library, in each SDK generation, as the callback\n");
        text.Append("strategies (`CallbackStrategies.For(platform, generation)`) produce them. Generated by\n");
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
                .Append(string.Join(" | ", Columns.Select(c => Render(c.Platform, c.Generation, e))))
                .Append(" |\n");
        }

        (string Title, CallbackTable Table)[] rtc =
        [
            ("Android, Windows, Linux (every generation)", CallbackTables.NativeV3),
            ("iOS, macOS before 4.x", CallbackTables.AppleV3),
            ("iOS, macOS 4.x", CallbackTables.AppleV4),
            ("Web 4.x", CallbackTables.WebV4),
        ];
        (string Title, CallbackTable Table)[] rtm =
        [
            ("Android, Windows, Linux", CallbackTables.NativeV3),
            ("iOS, macOS", CallbackTables.AppleV3),
            ("Web", CallbackTables.WebV3),
        ];
        AppendSpellings(text, "ConnectionState", rtc, t => t.Spellings.States);
        AppendSpellings(text, "ConnectionChangedReason", rtc, t => t.Spellings.Reasons);
        AppendSpellings(text, "UserOfflineReason", rtc, t => t.Spellings.OfflineReasons);
        text.Append("\nRTM spellings (RTM 1.x) are the same in every generation.\n");
        AppendSpellings(text, "RtmConnectionState", rtm, t => t.Spellings.RtmStates);
        AppendSpellings(text, "RtmConnectionChangeReason", rtm, t => t.Spellings.RtmReasons);
        return text.ToString();
    }

    private const string GenerationNotes = """
        ## Generations: what changes, and why

        - **Before v2.3.2 → v2.3.2–3.x** (docs 001 and 004): the state callback (`onConnectionStateChanged`,
          `connectionChangedToState`) replaces the interrupted and banned callbacks. The 2.3.2+ headers mark *both*
          `onConnectionInterrupted` and `onConnectionBanned` (`rtcEngineConnectionDidInterrupted`,
          `rtcEngineConnectionDidBanned`) deprecated in favour of the state callback, and the documents' v2.3.2+ timelines
          list only the state callback; so from v2.3.2 on the library fires neither, and before v2.3.2 both. (Until issue 18
          the library kept the banned one from v2.3.2 on; a ban is still heard as `FAILED, BANNED_BY_SERVER`.)
        - **Apple reasons 15–17** (`RejoinSuccess`, `Lost`, `EchoTest`): the 3.x `AgoraEnumerates.h` does not define them; the
          only header that does (4.x) spells them with the `Reason` infix, so both generations spell them so
          (`AgoraConnectionChangedReasonRejoinSuccess`). The library had `AgoraConnectionChangedRejoinSuccess`, which no SDK defines.
        - **4.x, iOS and macOS**: reasons 0–17 gain the `Reason` infix (`AgoraConnectionChangedReasonInterrupted`); 18 and
          later keep the old form (`AgoraConnectionChangedSameUidLogin`), as the 4.x header has them.
        - **4.x, Android, Windows, Linux**: the names and spellings are those of 3.x.
        - **The Web**: the 2018 FAQ (doc 000) says a Web user hears nothing about its own connection; that stays the default
          (v2.3.2–3.x and before). Web 4.x raises `connection-state-change(curState, revState, reason)` — the reason only when
          the new state is `DISCONNECTED`; it has no `FAILED` (a failed connection is `DISCONNECTED`, so a leave from it is
          no change and fires nothing) and no callback for join, rejoin or lost; the library has no `DISCONNECTING` state
          (a leave is instantaneous in the model), so Web 4.x's transient `DISCONNECTING` is not reported. Remote users are
          `user-joined` then `user-published`, and `user-unpublished` then `user-left(uid, reason)` with `Quit`,
          `ServerTimeOut` or `BecomeAudience`; the library does not model tracks, so `user-published`/`user-unpublished`
          come once per user, without the `mediaType` argument. Web SDK 2.5.1+ also raised a `connection-state-change`
          (without a reason); it is not offered as a generation of its own: use 4.x.
        - **RTM** is RTM 1.x in every generation (its 2.x SDK is a different connection model).

        Sources of every spelling: `tests/Agora.Connectivity.Tests/Callbacks/PublishedSpellingsTests.cs`, which compares each one
        with Agora's published SDK headers and API references, row by row.

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

    private static string Render(Platform platform, SdkGeneration generation, ConnectivityEvent e)
    {
        var callbacks = CallbackStrategies.For(platform, generation).Map(e);
        return callbacks.Count == 0 ? "—" : string.Join("<br>", callbacks.Select(c => $"`{c}`"));
    }
}
