using System.Text.Json;
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

    private static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("tests", "Agora.Connectivity.Tests", "VendorTruth", "csharp-facts.json")));
        return document.RootElement.Clone();
    }
}
