using System.Text;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Docs;

/// <summary>docs/callbacks.md is what the strategies produce: regenerate it with AGORA_UPDATE_DOCS=1.</summary>
public class CallbackReferenceTests
{
    private static readonly (string Title, Platform Platform, RtcSdkBehavior Behavior)[] Columns =
    [
        ("Android, Windows, Linux", Platform.Android, RtcSdkBehavior.Current),
        ("Android, Windows, Linux (before v2.3.2)", Platform.Android, RtcSdkBehavior.Legacy),
        ("iOS, macOS", Platform.Ios, RtcSdkBehavior.Current),
        ("iOS, macOS (before v2.3.2)", Platform.Ios, RtcSdkBehavior.Legacy),
        ("Web", Platform.Web, RtcSdkBehavior.Current),
    ];

    [Test]
    public void Docs_CallbackReference_IsWhatTheStrategiesProduce()
        => GeneratedSection.AssertUpToDate("docs/callbacks.md", null, Generate());

    [Test]
    public void Docs_CallbackReference_AgreesAcrossPlatformsOfAFamily()
    {
        foreach (var e in SampleEvents().Select(s => s.Event))
        {
            Assert.That(Render(Platform.Windows, RtcSdkBehavior.Current, e), Is.EqualTo(Render(Platform.Android, RtcSdkBehavior.Current, e)));
            Assert.That(Render(Platform.Linux, RtcSdkBehavior.Legacy, e), Is.EqualTo(Render(Platform.Android, RtcSdkBehavior.Legacy, e)));
            Assert.That(Render(Platform.MacOS, RtcSdkBehavior.Current, e), Is.EqualTo(Render(Platform.Ios, RtcSdkBehavior.Current, e)));
            Assert.That(Render(Platform.Web, RtcSdkBehavior.Legacy, e), Is.EqualTo(Render(Platform.Web, RtcSdkBehavior.Current, e)));
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
        text.Append("Which callbacks each platform fires for each event of the library, as the callback strategies\n");
        text.Append("(`CallbackStrategies.For(platform, behavior)`) produce them. Generated by\n");
        text.Append("`tests/Agora.Connectivity.Tests/Docs/CallbackReferenceTests.cs`; the test fails when this file\n");
        text.Append("differs from the code (regenerate with `AGORA_UPDATE_DOCS=1 dotnet test`). A dash: the platform\n");
        text.Append("reports nothing. Platforms of one family (Android, Windows, Linux; iOS, macOS) spell alike;\n");
        text.Append("the Web is the same before and after v2.3.2.\n\n");
        text.Append("Agora's C++ header spells two reasons irregularly, and so does this library:\n");
        text.Append("`CONNECTION_CHANGED_CERTIFICATION_VERYFY_FAILURE` and `CONNECTION_CHANGED_INCONSISTENT_APPID`.\n\n");
        text.Append("## Events\n\n");
        text.Append("| Event | ").Append(string.Join(" | ", Columns.Select(c => c.Title))).Append(" |\n");
        text.Append("| --- |").Append(string.Concat(Columns.Select(_ => " --- |"))).Append('\n');
        foreach (var (name, e) in SampleEvents())
        {
            text.Append("| `").Append(name).Append("` | ")
                .Append(string.Join(" | ", Columns.Select(c => Render(c.Platform, c.Behavior, e))))
                .Append(" |\n");
        }

        AppendSpellings(text, "ConnectionState", Enum.GetValues<ConnectionState>(), v => new ConnectionStateChanged(ConnectionState.Disconnected, v, ConnectionChangedReason.Connecting), 0);
        AppendSpellings(text, "ConnectionChangedReason", Enum.GetValues<ConnectionChangedReason>(), v => new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Failed, v), 1);
        AppendSpellings(text, "UserOfflineReason", Enum.GetValues<UserOfflineReason>(), v => new RemoteUserOffline(2, v), 1);
        AppendSpellings(text, "RtmConnectionState", Enum.GetValues<RtmConnectionState>(), v => new RtmConnectionStateChanged(RtmConnectionState.Disconnected, v, RtmConnectionChangeReason.Login), 0);
        AppendSpellings(text, "RtmConnectionChangeReason", Enum.GetValues<RtmConnectionChangeReason>(), v => new RtmConnectionStateChanged(RtmConnectionState.Disconnected, RtmConnectionState.Connecting, v), 1);
        return text.ToString();
    }

    private static void AppendSpellings<TEnum>(StringBuilder text, string title, TEnum[] values, Func<TEnum, ConnectivityEvent> sample, int argument)
        where TEnum : struct, Enum
    {
        Platform[] platforms = [Platform.Android, Platform.Ios, Platform.Web];
        text.Append("\n## ").Append(title).Append("\n\n");
        text.Append("| Value | Android, Windows, Linux | iOS, macOS | Web |\n| --- | --- | --- | --- |\n");
        foreach (var value in values)
        {
            text.Append("| ").Append(value).Append(" (").Append(Convert.ToInt32(value)).Append(") | ");
            text.Append(string.Join(" | ", platforms.Select(p =>
            {
                var callback = CallbackStrategies.For(p).Map(sample(value)).SingleOrDefault();
                return callback is null || callback.Arguments.Count <= argument ? "—" : $"`{callback.Arguments[argument]}`";
            })));
            text.Append(" |\n");
        }
    }

    private static string Render(Platform platform, RtcSdkBehavior behavior, ConnectivityEvent e)
    {
        var callbacks = CallbackStrategies.For(platform, behavior).Map(e);
        return callbacks.Count == 0 ? "—" : string.Join("<br>", callbacks.Select(c => $"`{c}`"));
    }
}
