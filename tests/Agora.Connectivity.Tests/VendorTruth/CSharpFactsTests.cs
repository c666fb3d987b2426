using System.Text.Json;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.VendorTruth;

/// <summary>
/// The facts of Agora's C# SDKs that the library answers to, checked in with their provenance (<c>VendorTruth/csharp-facts.json</c>,
/// read by hand from the stored public sources; never fetched at test time) and cited by <c>docs/rtm2.md</c>.
/// </summary>
public class CSharpFactsTests
{
    private static readonly JsonElement Rtm2 = Load().GetProperty("rtm2");

    private static readonly JsonElement Rtc = Load().GetProperty("rtc");

    // Agora's C++ and C# headers spell this one reason their own way; every other C# name is CONNECTION_CHANGED_ + our name in upper snake case.
    private static readonly Dictionary<string, ConnectionChangedReason> ReasonSpellingExceptions = new()
    {
        ["CONNECTION_CHANGED_CERTIFICATION_VERYFY_FAILURE"] = ConnectionChangedReason.CertificationVerifyFailure,
    };

    [Test]
    public void RtcStates_TheCSharpSdksValues_AreOurs_ByName()
    {
        var values = Rtc.GetProperty("connectionState").GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

        Assert.That(values, Is.EqualTo(Enum.GetValues<ConnectionState>().ToDictionary(s => "CONNECTION_STATE_" + UpperSnake(s.ToString()), s => (int)s)));
    }

    [Test]
    public void RtcReasons_EveryValueTheCSharpSdkDefines_IsOurs_WithTheSameName_AndOursGoOnWhereItStops()
    {
        var values = Rtc.GetProperty("connectionChangedReason").GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

        Assert.Multiple(() =>
        {
            foreach (var (name, value) in values)
            {
                var ours = ReasonSpellingExceptions.TryGetValue(name, out var exception)
                    ? exception
                    : Enum.GetValues<ConnectionChangedReason>().SingleOrDefault(r => "CONNECTION_CHANGED_" + UpperSnake(r.ToString()) == name, (ConnectionChangedReason)(-1));
                Assert.That((int)ours, Is.EqualTo(value), name);
            }
        });
        Assert.That(values.Values, Is.EqualTo(Enumerable.Range(0, values.Count)), "0 to the last, with no gap");
        Assert.That(Enum.GetValues<ConnectionChangedReason>().Select(r => (int)r).Where(v => v >= values.Count), Is.EqualTo(new[] { 23, 24 }), "the two the newer 4.x packages add");
    }

    [Test]
    public void RtcFacts_NameTheirSource_AndTheSearchStringIsOneOfTheirValues()
    {
        Assert.That(Rtc.GetProperty("commit").GetString(), Has.Length.EqualTo(40));
        foreach (var fact in new[] { "connectionState", "connectionChangedReason" })
        {
            var search = Rtc.GetProperty(fact).GetProperty("search").GetString()!;
            var values = Rtc.GetProperty(fact).GetProperty("values").EnumerateObject().Select(p => $"{p.Name} = {p.Value.GetInt32()},");
            Assert.That(values, Does.Contain(search), fact);
        }
    }

    [Test]
    public void TheForwarder_HasAMethodForEachConnectivityCallbackOfTheCSharpHandler_ByItsName()
    {
        var handler = Load().GetProperty("rtcEventHandler");
        var methods = handler.GetProperty("methods").EnumerateObject().ToList();

        Assert.That(typeof(Agora.Connectivity.Sdk.IRtcEngineEvents).GetMethods().Select(m => m.Name).Order(), Is.EqualTo(methods.Select(m => m.Name).Order()));
        Assert.That(handler.GetProperty("commit").GetString(), Has.Length.EqualTo(40));
        foreach (var method in methods)
        {
            Assert.That(method.Value.GetString(), Does.StartWith($"public virtual void {method.Name}(RtcConnection connection"), method.Name);
        }
    }

    [Test]
    public void PlatformCSharp_SpellsTheCallbacksAsTheCSharpSdksDo_InEveryGeneration()
    {
        var facts = Load();
        var handler = facts.GetProperty("rtcEventHandler").GetProperty("methods").EnumerateObject().Select(m => m.Name).ToHashSet();
        var legacy = facts.GetProperty("legacyUnity").GetProperty("callbacks").EnumerateArray().Select(c => c.GetString()!).ToHashSet();
        var rtm = facts.GetProperty("rtm1Unity");
        var rtmNames = rtm.GetProperty("clientCallbacks").EnumerateArray().Concat(rtm.GetProperty("channelCallbacks").EnumerateArray()).Select(c => c.GetString()!).ToHashSet();
        var rtmEvents = new[] { Agora.Connectivity.Callbacks.Internal.CallbackEvent.RtmStateChanged, Agora.Connectivity.Callbacks.Internal.CallbackEvent.RtmTokenExpired, Agora.Connectivity.Callbacks.Internal.CallbackEvent.RtmTokenWillExpire, Agora.Connectivity.Callbacks.Internal.CallbackEvent.MemberJoined, Agora.Connectivity.Callbacks.Internal.CallbackEvent.MemberLeft };

        foreach (var (table, names) in new[] { (Agora.Connectivity.Callbacks.Internal.CallbackTables.CSharpV3, handler), (Agora.Connectivity.Callbacks.Internal.CallbackTables.CSharpV4, handler), (Agora.Connectivity.Callbacks.Internal.CallbackTables.CSharpLegacy, legacy) })
        {
            foreach (var (kind, callbacks) in table.Callbacks)
            {
                foreach (var callback in callbacks)
                {
                    Assert.That(rtmEvents.Contains(kind) ? rtmNames : names, Does.Contain(callback.Name), $"{table.Title}: {kind}");
                }
            }
        }
    }

    [Test]
    public void Rtm2Reasons_EveryValueTheCSharpEnumHas_IsDefined_AndLoginTooFrequentIsBeyondIt()
    {
        var reasons = Rtm2.GetProperty("linkStateChangeReason");
        var (first, last) = (reasons.GetProperty("first").GetInt32(), reasons.GetProperty("last").GetInt32());

        Assert.That(Enumerable.Range(first, last - first + 1).Where(value => !Enum.IsDefined(typeof(RtmLinkStateChangeReason), value)), Is.Empty);
        Assert.That(last, Is.LessThan((int)RtmLinkStateChangeReason.LoginTooFrequent), "the React Native package's 37, which a C# app never receives");
        Assert.That(Enum.GetValues<RtmLinkStateChangeReason>().Max(), Is.EqualTo(RtmLinkStateChangeReason.LoginTooFrequent));
    }

    [Test]
    public void Rtm2LinkStateEvent_ReasonCodeIsPrivate_AndTheDocsSayWhereFrom()
    {
        var linkEvent = Rtm2.GetProperty("linkStateEvent");
        var docs = File.ReadAllText(Repository.PathOf("docs", "rtm2.md"));

        Assert.That(linkEvent.GetProperty("privateFields").EnumerateArray().Select(f => f.GetString()), Is.EqualTo(new[] { "reasonCode" }));
        Assert.That(linkEvent.GetProperty("publicFields").EnumerateArray().Select(f => f.GetString()), Does.Contain("reason").And.Contain("isResumed"));
        Assert.Multiple(() =>
        {
            foreach (var search in new[] { linkEvent.GetProperty("search").GetString()!, Rtm2.GetProperty("linkStateChangeReason").GetProperty("search").GetString()! })
            {
                Assert.That(docs, Does.Contain(search.TrimEnd(',')), "docs/rtm2.md cites each C# fact by its search string");
            }

            foreach (var reference in Rtm2.GetProperty("refs").EnumerateArray())
            {
                Assert.That(docs, Does.Contain(reference.GetString()!));
            }
        });
    }

    private static string UpperSnake(string pascal) => string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    private static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("tests", "Agora.Connectivity.Tests", "VendorTruth", "csharp-facts.json")));
        return document.RootElement.Clone();
    }
}
