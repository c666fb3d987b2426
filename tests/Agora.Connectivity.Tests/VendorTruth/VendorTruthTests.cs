using System.Globalization;
using System.Text.Json;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Callbacks.Internal;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Tests.Callbacks;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.VendorTruth;

/// <summary>
/// Every name, value and default timing the library produces, against the facts extracted from Agora's shipped packages
/// (<c>VendorTruth/facts.json</c>, refreshed by <c>tools/vendor-truth/refresh.sh</c>); each difference is either fixed or listed in
/// <c>VendorTruth/choices.json</c> with the seed that wins. Reads only the checked-in files.
/// </summary>
public class VendorTruthTests
{
    private static readonly Facts Vendor = Facts.Load();
    private static readonly HashSet<string> Differences = [];

    [OneTimeTearDown]
    public void EveryListedChoice_IsStillADifference()
    {
        // Run last in the fixture: a choice nobody hit any more is stale. Only checked when the whole fixture ran.
        if (TestContext.CurrentContext.Result.PassCount + TestContext.CurrentContext.Result.FailCount >= FixtureTestCount)
        {
            Assert.That(Choices.Load().Keys.Except(Differences), Is.Empty, "choices.json lists differences that no longer exist");
        }
    }

    private static int FixtureTestCount => typeof(VendorTruthTests).GetMethods().Count(m => m.GetCustomAttributes(typeof(TestAttribute), false).Length > 0);

    [TestCase("react-native-agora@4.6.4")]
    [TestCase("agora-electron-sdk@4.6.2")]
    public void Native4x_EveryStateReasonAndOfflineReason_IsTheShippedNameAndValue(string package)
    {
        var table = CallbackTables.NativeV4;
        AssertEnum(Vendor.Enum(package, "ConnectionStateType"), table.Spellings.States, name => Spellings.UpperSnake(name));
        AssertEnum(Vendor.Enum(package, "ConnectionChangedReasonType"), table.Spellings.Reasons, name => Spellings.UpperSnake(name));
        AssertEnum(Vendor.Enum(package, "UserOfflineReasonType"), table.Spellings.OfflineReasons, name => Spellings.UpperSnake(name));
    }

    [Test]
    public void Native3x_EveryReasonThe3xSdkDefines_IsItsName_AndEveryOtherIsItsNumber()
    {
        const string Package = "react-native-agora@3.7.1";
        var reasons = Vendor.Enum(Package, "ConnectionChangedReason");
        foreach (var table in new[] { CallbackTables.NativeV3, CallbackTables.NativeLegacy })
        {
            foreach (var reason in Enum.GetValues<ConnectionChangedReason>())
            {
                var spelled = table.Spellings.Reasons[reason];
                var shipped = reasons.Members.SingleOrDefault(m => m.Number == (int)reason);
                if (shipped is null)
                {
                    Assert.That(spelled, Is.EqualTo(((int)reason).ToString(CultureInfo.InvariantCulture)), $"{table.Title}: {reason} is not in {Package}");
                }
                else if (shipped.Name != reason.ToString())
                {
                    Differ($"enum:{Package}:ConnectionChangedReason:{(int)reason}");
                    Assert.That(spelled, Is.EqualTo(((int)reason).ToString(CultureInfo.InvariantCulture)), $"{table.Title}: {Package} gives {(int)reason} another meaning ({shipped.Name}, line {shipped.Line})");
                }
                else
                {
                    Assert.That(spelled, Is.EqualTo("CONNECTION_CHANGED_" + Spellings.UpperSnake(shipped.Name)), $"{table.Title}: {reason} ({Package} line {shipped.Line})");
                }
            }

            AssertEnum(Vendor.Enum(Package, "ConnectionStateType"), table.Spellings.States, name => "CONNECTION_STATE_" + Spellings.UpperSnake(name));
            AssertEnum(Vendor.Enum(Package, "UserOfflineReason"), table.Spellings.OfflineReasons, name => "USER_OFFLINE_" + Spellings.UpperSnake(name));
        }
    }

    [Test]
    public void Web4x_EveryCallbackStateAndReasonItPrints_IsDeclaredByTheShippedSdk_AndNeverServerError()
    {
        const string Package = "agora-rtc-sdk-ng@4.24.8";
        var printed = PrintedBy(CallbackStrategies.ForWeb(WebSdk.V4)).ToList();
        var states = Vendor.Search(Package, "rtc-sdk_en.d.ts", "\"DISCONNECTED\" | \"CONNECTING\" | \"RECONNECTING\" | \"CONNECTED\" | \"DISCONNECTING\"");
        var reasons = Vendor.Enum(Package, "ConnectionDisconnectedReason").Members.Select(m => m.Text).ToHashSet();

        AssertDeclared(Package, printed.Select(c => c.Name));
        foreach (var c in printed.Where(c => c.Name == "connection-state-change"))
        {
            Assert.That(states.Count, Is.EqualTo(1));
            Assert.That(new[] { "DISCONNECTED", "CONNECTING", "RECONNECTING", "CONNECTED", "DISCONNECTING" }, Is.SupersetOf(c.Arguments.Take(2)), c.ToString());
            Assert.That(reasons, Is.SupersetOf(c.Arguments.Skip(2)), c.ToString());
            Assert.That(c.Arguments, Does.Not.Contain("SERVER_ERROR"), $"{c}: {Package} reports SERVER_ERROR only in statistics");
        }

        // The bundle's behaviour behind the library's: DISCONNECTING first on a leave and the token's expiry, UID_BANNED for a second
        // join of the uid, no reason for a refused join.
        foreach (var search in new[]
        {
            "t!==qN.FALLBACK&&(this.state=\"DISCONNECTING\")", "this._gateway.leave(!0,qN.TOKEN_EXPIRE),this.safeEmit(nD.ON_TOKEN_PRIVILEGE_DID_EXPIRE)",
            "await this._gateway.leave(\"CONNECTED\"!==this.connectionState,qN.LEAVE)", "\"ERR_REPEAT_JOIN_CHANNEL\"===t.desc&&this.close(qN.UID_BANNED)",
            "this._gateway.state=\"DISCONNECTED\",this._reset()",
        })
        {
            Assert.That(Vendor.Search(Package, "AgoraRTC_N-production.js", search).Count, Is.GreaterThan(0), search);
        }

        Assert.That(Vendor.Search(Package, "AgoraRTC_N-production.js", "qN.SERVER_ERROR").Count, Is.EqualTo(1), "the one use: a statistics mapping");
    }

    [Test]
    public void Web3x_EveryCallbackAndStateItPrints_IsDeclaredByTheShippedSdk()
    {
        const string Package = "agora-rtc-sdk@3.6.11";
        var printed = PrintedBy(CallbackStrategies.ForWeb(WebSdk.V3)).ToList();

        AssertDeclared(Package, printed.Select(c => c.Name));
        Assert.That(Vendor.Search(Package, "AgoraRTCSDK.min.js", "j.connetionStateMap={0:\"DISCONNECTED\",1:\"CONNECTING\",2:\"CONNECTED\",3:\"DISCONNECTING\"}").Count, Is.EqualTo(1));
        foreach (var c in printed.Where(c => c.Name == "connection-state-change"))
        {
            Assert.That(c.Arguments, Has.Count.EqualTo(2), $"{c}: 3.x has no reason");
            Assert.That(new[] { "DISCONNECTED", "CONNECTING", "CONNECTED", "DISCONNECTING" }, Is.SupersetOf(c.Arguments), c.ToString());
        }

        foreach (var c in printed.Where(c => c.Name == "peer-leave"))
        {
            Assert.That(Vendor.Search(Package, "index.d.ts", $"\"{c.Arguments[1]}\"").Count, Is.GreaterThan(0), c.ToString());
        }
    }

    [TestCase(SdkGeneration.V3, "agora-rtc-sdk@2.5.1")]
    [TestCase(SdkGeneration.Legacy, "agora-rtc-sdk@2.3.1")]
    public void Web2x_EveryCallbackItPrints_IsInTheShippedBundle_AndNoOther(SdkGeneration generation, string package)
    {
        var names = PrintedBy(CallbackStrategies.For(Platform.Web, generation)).Where(c => !IsRtm(c.Name)).Select(c => c.Name).Distinct().ToList();
        var found = Vendor.Searches.Where(s => s.Package == package && s.Count > 0).Select(s => s.Search).ToList();

        foreach (var name in names)
        {
            Assert.That(found.Any(s => s.Contains($"\"{name}\"", StringComparison.Ordinal)), Is.True, $"{name} is not in {package}");
        }

        foreach (var missing in Vendor.Searches.Where(s => s.Package == package && s.Count == 0))
        {
            Assert.That(names.Select(n => $"\"{n}\""), Has.None.EqualTo(missing.Search), $"{package} has no {missing.Search}");
        }
    }

    [TestCase("agora-rtm-sdk@1.4.5")]
    [TestCase("agora-rtm-sdk@1.5.1")]
    [TestCase("agora-rtm-sdk@1.6.0")]
    public void Rtm1x_EveryStateReasonAndEvent_IsTheShippedOne(string package)
    {
        var web = CallbackTables.WebV2.Spellings;
        var states = Vendor.Enum(package, "ConnectionState").Members.Select(m => m.Text).ToList();
        var reasons = Vendor.Enum(package, "ConnectionChangeReason").Members.Select(m => m.Text).ToList();

        Assert.That(web.RtmStates.Values, Is.EquivalentTo(states));
        Assert.That(web.RtmReasons.Values, Is.SupersetOf(reasons));
        Assert.That(web.RtmReasons.Values.Except(reasons), package == "agora-rtm-sdk@1.4.5" ? Is.EqualTo(new[] { "TOKEN_EXPIRED" }) : Is.Empty);
        foreach (var e in Vendor.Events.Where(e => e.Package == package))
        {
            var expected = e.Name != "TokenPrivilegeWillExpire" || package != "agora-rtm-sdk@1.4.5";
            Assert.That(e.Declared, Is.EqualTo(expected), $"{package}: {e.Name}");
        }
    }

    [Test]
    public void Rtm15_ServerDrops_AreTheUserDropHandlersFour()
    {
        const string Package = "agora-rtm-sdk@1.5.1";
        foreach (var search in Vendor.Searches.Where(s => s.Package == Package && s.Search.Contains("ABORTED", StringComparison.Ordinal)))
        {
            Assert.That(search.Count, Is.EqualTo(1), search.Search);
        }

        var accepted = Enum.GetValues<RtmConnectionChangeReason>().Where(Accepted).ToList();
        Assert.That(accepted, Is.EquivalentTo(new[] { RtmConnectionChangeReason.TokenExpired, RtmConnectionChangeReason.RemoteLogin, RtmConnectionChangeReason.BannedByServer, RtmConnectionChangeReason.Interrupted }));

        static bool Accepted(RtmConnectionChangeReason reason)
        {
            using var machine = new RtmConnectionStateMachine();
            try
            {
                machine.ReportAbortedByServer(reason);
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }
    }

    [TestCase("RtmLinkState", typeof(RtmLinkState))]
    [TestCase("RtmLinkOperation", typeof(RtmLinkOperation))]
    [TestCase("RtmServiceType", typeof(RtmServiceType))]
    [TestCase("RtmLinkStateChangeReason", typeof(RtmLinkStateChangeReason))]
    public void Rtm2x_EveryEnumValue_IsTheShippedNameAndValue(string name, Type library)
    {
        var shipped = Vendor.Enum("agora-react-native-rtm@2.2.6", name).Members
            .Select(m => $"{char.ToUpperInvariant(m.Name[0])}{m.Name[1..]} = {m.Number}");
        var ours = Enum.GetValues(library).Cast<object>().Select(v => $"{v} = {Convert.ToInt32(v, CultureInfo.InvariantCulture)}");

        Assert.That(ours, Is.EqualTo(shipped));
    }

    [Test]
    public void Rtm2x_EveryTransitionAndTimingTheMachineCites_IsInTheShippedBundle_AndTheWaitsAreItsList()
    {
        var cited = Vendor.Searches.Where(f => f.Package is "agora-rtm-sdk@2.3.0" or "agora-react-native-rtm@2.2.6").ToList();

        Assert.That(cited, Has.Count.GreaterThan(25));
        Assert.That(cited, Has.All.Matches<SearchFact>(f => f.Count > 0), "a cited string is no longer in the package");
        var list = Vendor.Search("agora-rtm-sdk@2.3.0", "agora-rtm.js", ",nt=[2,4,8,16,32,32]").Search;
        Assert.That(
            RtmLinkDefaults.RetryDelays.Select(d => ((int)d.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            Is.EqualTo(list[(list.IndexOf('[') + 1)..list.IndexOf(']')].Split(',')));
        Assert.That(
            Vendor.Events.Where(e => e.Package == "agora-rtm-sdk@2.3.0"),
            Has.All.Matches<EventFact>(e => e.Declared),
            "the Web's linkState and presence events the strategy and the simulation print");
        Assert.That(
            Vendor.Search("agora-rtm-sdk@2.3.0", "agora-rtm.d.ts", "type LinkOperation = 'LOGIN' | 'LOGOUT' | 'JOIN' | 'LEAVE' | 'SERVER_REJECT' | 'AUTO_RECONNECT' | 'RECONNECTED' | 'HEARTBEAT_TIMEOUT' | 'SERVER_TIMEOUT' | 'NETWORK_CHANGE';").Search,
            Does.Contain("'HEARTBEAT_TIMEOUT'"),
            "the Web spells heartbeatLost as HEARTBEAT_TIMEOUT, as the Web strategy does");
    }

    [Test]
    public void Timings_EveryDocumentedTiming_IsTheLibrarysDefault_OrAListedChoice()
    {
        var library = new Dictionary<string, (TimeSpan Value, TimeSpan Unit)>
        {
            ["rtc.interruption"] = (RtcConnectionOptions.DefaultInterruptionTimeout, TimeSpan.FromSeconds(1)),
            ["rtc.lost"] = (RtcConnectionOptions.DefaultConnectionLostTimeout, TimeSpan.FromSeconds(1)),
            ["rtc.lost-after-join"] = (RtcConnectionOptions.DefaultConnectionLostTimeout, TimeSpan.FromSeconds(1)),
            ["rtc.reconnect-failure-minutes"] = (RtcConnectionOptions.DefaultReconnectFailureTimeout, TimeSpan.FromMinutes(1)),
            ["rtc.native-offline"] = (RemoteUserTrackerOptions.DefaultOfflineTimeout, TimeSpan.FromSeconds(1)),
            ["rtc.token-warning"] = (RtcConnectionOptions.DefaultTokenExpiryWarning, TimeSpan.FromSeconds(1)),
            ["web3.offline"] = (RemoteUserTrackerOptions.ForWebObserver(WebSdk.V3).OfflineTimeout, TimeSpan.FromSeconds(1)),
            ["web3.token-warning"] = (RtcConnectionOptions.DefaultTokenExpiryWarning, TimeSpan.FromSeconds(1)),
            ["web4.offline"] = (RemoteUserTrackerOptions.ForWebObserver(WebSdk.V4).OfflineTimeout, TimeSpan.FromSeconds(1)),
            ["rtm.presence"] = (RtmConnectionOptions.DefaultPresenceTimeout, TimeSpan.FromSeconds(1)),
            ["rtm.token-warning"] = (RtmConnectionOptions.DefaultTokenExpiryWarning, TimeSpan.FromSeconds(1)),
            ["rtm.login-timeout-seconds"] = (RtmConnectionOptions.DefaultLoginTimeout, TimeSpan.FromSeconds(1)),
            ["rtm2.heartbeat-default-seconds"] = (RtmLinkOptions.DefaultHeartbeatInterval, TimeSpan.FromSeconds(1)),
            ["rtm2.heartbeat-min-seconds"] = (RtmLinkDefaults.MinHeartbeatInterval, TimeSpan.FromSeconds(1)),
            ["rtm2.heartbeat-max-seconds"] = (RtmLinkDefaults.MaxHeartbeatInterval, TimeSpan.FromSeconds(1)),
            ["rtm2.presence-default-seconds"] = (RtmLinkOptions.DefaultPresenceTimeout, TimeSpan.FromSeconds(1)),
            ["rtm2.presence-min-seconds"] = (RtmLinkDefaults.MinPresenceTimeout, TimeSpan.FromSeconds(1)),
            ["rtm2.presence-max-seconds"] = (RtmLinkDefaults.MaxPresenceTimeout, TimeSpan.FromSeconds(1)),
            ["rtm2.attempt-timeout-ms"] = (RtmLinkOptions.DefaultLoginAttemptTimeout, TimeSpan.FromMilliseconds(1)),
            ["rtm2.suspend-after-ms"] = (RtmLinkOptions.DefaultSuspendAfter, TimeSpan.FromMilliseconds(1)),
            ["rtm2.wait-after-list-seconds"] = (RtmLinkDefaults.RetryDelayAfterList, TimeSpan.FromSeconds(1)),
            ["rtm2.network-change-wait-seconds"] = (RtmLinkDefaults.RetryDelays[0], TimeSpan.FromSeconds(1)),
            ["rtm2.reconnect-min-seconds"] = (RtmLinkDefaults.MinReconnectTimeout, TimeSpan.FromSeconds(1)),
            ["rtm2.reconnect-max-seconds"] = (RtmLinkDefaults.MaxReconnectTimeout, TimeSpan.FromSeconds(1)),
        };

        foreach (var timing in Vendor.Timings.Where(t => library.ContainsKey(t.Id)))
        {
            var (value, unit) = library[timing.Id];
            if (value != TimeSpan.FromTicks(unit.Ticks * timing.Value))
            {
                Differ($"timing:{timing.Id}");
            }
        }

        Assert.That(RtmConnectionOptions.FromShippedSdk().LoginTimeout, Is.EqualTo(TimeSpan.FromSeconds(Vendor.Timing("rtm.login-timeout-seconds").Value)), "the preset named after the shipped SDK");
        Assert.That(Vendor.Timing("rtm.member-events-limit").Value, Is.EqualTo(RtmMemberTracker.MemberEventsLimit), "the limit the tracker documents");
        Assert.That(
            RtmLinkOptions.DefaultKeepAliveMargin,
            Is.EqualTo(TimeSpan.FromMilliseconds(Vendor.Timing("rtm2.keep-alive-parameter-ms").Value - Vendor.Timing("rtm2.keep-alive-offset-ms").Value)),
            "the margin is the bundle's RTM_LINK_KEEP_ALIVE_TIMEOUT minus its 6e3");
        Assert.That(
            Vendor.Timings.Select(t => t.Id).Except(library.Keys),
            Is.EquivalentTo(new[] { "rtm.member-events-limit", "rtm2.keep-alive-parameter-ms", "rtm2.keep-alive-offset-ms" }),
            "every timing is compared");
    }

    [Test]
    public void Facts_HaveProvenance_AndThePinnedPackagesOnly()
    {
        Assert.That(Vendor.Packages, Is.Unique.And.All.Match(@"^[a-z-]+@\d+\.\d+\.\d+$"));
        Assert.That(Vendor.Enums.SelectMany(e => e.Members), Has.All.Matches<Member>(m => m.Line > 0));
        Assert.That(Vendor.Timings, Has.All.Matches<Timing>(t => Vendor.Packages.Contains(t.Package) && t.Line > 0 && t.Text.Length > 0));
        Assert.That(Vendor.Events.Where(e => e.Declared), Has.All.Matches<EventFact>(e => e.Line > 0));
        Assert.That(File.ReadAllText(Repository.PathOf("tools", "vendor-truth", "refresh.sh")), Does.Contain(string.Join(" ", Vendor.Packages.Take(3))), "the script packs the packages the facts name");
    }

    private static bool IsRtm(string name) => name is "ConnectionStateChanged" or "TokenExpired" or "TokenPrivilegeWillExpire" or "MemberJoined" or "MemberLeft";

    private static void Differ(string key)
    {
        lock (Differences)
        {
            Differences.Add(key);
        }

        Assert.That(Choices.Load().ContainsKey(key), Is.True, $"{key} differs from the shipped SDK and is not a listed choice (VendorTruth/choices.json)");
    }

    private static void AssertDeclared(string package, IEnumerable<string> names)
    {
        foreach (var name in names.Where(n => !IsRtm(n)).Distinct())
        {
            var declared = Vendor.Events.SingleOrDefault(e => e.Package == package && e.Name == name);
            Assert.That(declared?.Declared, Is.True, $"{name} is not an event {package} declares");
        }
    }

    private static void AssertEnum<TEnum>(EnumFact shipped, IReadOnlyDictionary<TEnum, string> spelled, Func<string, string> spell)
        where TEnum : struct, Enum
    {
        Assert.That(shipped.Members.Select(m => m.Number), Is.EquivalentTo(Enum.GetValues<TEnum>().Select(v => Convert.ToInt32(v, CultureInfo.InvariantCulture))), $"{shipped.Package} {shipped.Enum}: the same values");
        foreach (var member in shipped.Members)
        {
            var value = (TEnum)Enum.ToObject(typeof(TEnum), member.Number);
            Assert.That(spelled[value], Is.EqualTo(spell(member.Name)), $"{shipped.Package} {shipped.File}:{member.Line} {member.Name} = {member.Number}");
        }
    }

    // Every callback a strategy prints for every event the library can raise.
    private static IEnumerable<PlatformCallback> PrintedBy(ICallbackStrategy strategy)
        => GoldenOutputTests.EveryEvent().Concat([new RtmTokenPrivilegeWillExpire()]).SelectMany(strategy.Map);

    private sealed record Member(string Name, JsonElement Value, int Line)
    {
        public int Number => Value.ValueKind == JsonValueKind.Number ? Value.GetInt32() : -1;

        public string Text => Value.ValueKind == JsonValueKind.String ? Value.GetString()! : Value.GetRawText();
    }

    private sealed record EnumFact(string Package, string File, string Enum, List<Member> Members);

    private sealed record EventFact(string Package, string File, string Name, bool Declared, int? Line);

    private sealed record SearchFact(string Package, string File, string Search, int Count);

    private sealed record Timing(string Id, string Package, string File, int Line, string Text, int Value);

    private sealed record Facts(List<string> Packages, List<EnumFact> Enums, List<EventFact> Events, List<SearchFact> Searches, List<Timing> Timings)
    {
        public static Facts Load()
            => JsonSerializer.Deserialize<Facts>(File.ReadAllText(Repository.PathOf("tests", "Agora.Connectivity.Tests", "VendorTruth", "facts.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        public EnumFact Enum(string package, string name) => Enums.Single(e => e.Package == package && e.Enum == name);

        public SearchFact Search(string package, string file, string search) => Searches.Single(s => s.Package == package && s.File == file && s.Search == search);

        public Timing Timing(string id) => Timings.Single(t => t.Id == id);
    }

    private static class Choices
    {
        public static Dictionary<string, string> Load()
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("tests", "Agora.Connectivity.Tests", "VendorTruth", "choices.json")));
            return document.RootElement.GetProperty("choices").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!, c => c.GetProperty("why").GetString()!);
        }
    }
}
