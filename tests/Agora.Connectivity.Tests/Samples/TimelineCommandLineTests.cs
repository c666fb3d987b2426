using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Timeline;

namespace Agora.Connectivity.Tests.Samples;

public class TimelineCommandLineTests
{
    [TestCase("4", SdkGeneration.V4)]
    [TestCase("v4", SdkGeneration.V4)]
    [TestCase("3", SdkGeneration.V3)]
    [TestCase("LEGACY", SdkGeneration.Legacy)]
    [TestCase("2", SdkGeneration.Legacy)]
    public void Sdk_TakesAGeneration(string value, SdkGeneration expected)
    {
        var line = CommandLine.Parse(["--sdk", value], out var error);

        Assert.That(error, Is.Null);
        Assert.That(line!.Settings.Generation, Is.EqualTo(expected));
    }

    [Test]
    public void Legacy_IsSdkLegacy_AndNoFlagIsTheScenariosOwn()
    {
        Assert.That(CommandLine.Parse(["--legacy"], out _)!.Settings.Generation, Is.EqualTo(SdkGeneration.Legacy));
        Assert.That(CommandLine.Parse([], out _)!.Settings.Generation, Is.Null);
    }

    [TestCase(new[] { "--sdk", "5" }, "Unknown SDK generation '5'. Use one of: legacy (before v2.3.2), 3 (v2.3.2 to 3.x), 4.")]
    [TestCase(new[] { "--sdk" }, "--sdk needs a value.")]
    public void Sdk_BadValue_SaysWhatIsExpected(string[] args, string message)
    {
        Assert.That(CommandLine.Parse(args, out var error), Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }
}
