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

    [TestCase("2", WebSdk.V2)]
    [TestCase("v3", WebSdk.V3)]
    [TestCase("4.x", WebSdk.V4)]
    public void Web_TakesAWebSdkLine(string value, WebSdk expected)
    {
        var line = CommandLine.Parse(["--web", value], out var error);

        Assert.That(error, Is.Null);
        Assert.That(line!.Settings.Web, Is.EqualTo(expected));
        Assert.That(CommandLine.Parse([], out _)!.Settings.Web, Is.Null);
    }

    [TestCase(new[] { "--sdk", "5" }, "Unknown SDK generation '5'. Use one of: legacy (before v2.3.2), 3 (v2.3.2 to 3.x), 4.")]
    [TestCase(new[] { "--sdk" }, "--sdk needs a value.")]
    [TestCase(new[] { "--web", "1" }, "Unknown Web SDK line '1'. Use one of: 2 (agora-rtc-sdk 2.x), 3 (agora-rtc-sdk 3.x), 4 (agora-rtc-sdk-ng 4.x).")]
    [TestCase(new[] { "--web" }, "--web needs a value.")]
    [TestCase(new[] { "--local", "3" }, "Unknown platform '3'. Use one of: android, ios, macos, windows, linux, web, csharp.")]
    [TestCase(new[] { "--scenario", "legacy-drop", "--sdk", "4" }, "The legacy-drop scenario is the SDK before v2.3.2; --sdk 4 contradicts it. For the same drop with that SDK, run --scenario drop-rejoin-after-20s.")]
    public void Sdk_BadValue_SaysWhatIsExpected(string[] args, string message)
    {
        Assert.That(CommandLine.Parse(args, out var error), Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }
}

public class TimelineOutputTests
{
    [Test]
    public void Title_FollowsThePlatformsAndGenerationTheRunReallyUses()
    {
        Assert.That(Run("ios-killed", new ScenarioSettings()).Title, Is.EqualTo("UID 1's app is killed at 5 s on iOS: it leaves the channel first"));
        Assert.That(Run("ios-killed", new ScenarioSettings(Local: Platform.Android)).Title, Is.EqualTo("UID 1's app is killed at 5 s on Android: it goes silent, a drop"));
        Assert.That(Run("drop-until-failed", new ScenarioSettings(Generation: SdkGeneration.Legacy)).Title, Does.EndWith("lost, then nothing more: before v2.3.2 the SDK never gives up"));
        Assert.That(Run("drop-rejoin-within-20s", new ScenarioSettings(Remote: Platform.Web)).Title, Does.EndWith("UID 2 (Web 2.x) sees it go offline after 10 s and come back"));
        Assert.That(Run("drop-rejoin-within-20s", new ScenarioSettings(Remote: Platform.Web, Web: WebSdk.V3)).Title, Does.EndWith("UID 2 (Web 3.x) sees nothing: its 20 s offline timeout has not passed"));
        Assert.That(Run("drop-rejoin-within-20s", new ScenarioSettings(Remote: Platform.Web, Generation: SdkGeneration.V4)).Title, Does.EndWith("UID 2 (Web 4.x) sees nothing: its 20 s offline timeout has not passed"));
        Assert.That(Run("legacy-drop", new ScenarioSettings(Generation: SdkGeneration.V4)).Title, Does.StartWith("SDK 4.x: "));
    }

    [Test]
    public void Rtm_WithAGeneration_SaysItDoesNotApply()
    {
        Assert.That(Run("rtm-remote-login", new ScenarioSettings(Generation: SdkGeneration.Legacy)).Notes,
            Is.EqualTo(new[] { "The SDK generation (--legacy) does not apply to RTM scenarios: RTM 1.x has one set of names and timings." }));
        Assert.That(Run("rtm-remote-login", new ScenarioSettings()).Notes, Is.Empty);
    }

    [TestCase(9, "T+9.000s")]
    [TestCase(59.9995, "T+59.999s")]
    [TestCase(60, "T+1m00.000s")]
    [TestCase(1209, "T+20m09.000s")]
    [TestCase(3605.5, "T+1h00m05.500s")]
    public void Time_PastAMinute_IsReadable(double seconds, string expected)
        => Assert.That(Output.Time(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void Mermaid_DrawsMessagesBetweenTheUsersAndTheServer_ADropAsALostArrow()
    {
        var mermaid = Output.Mermaid(Run("drop-rejoin-after-20s", new ScenarioSettings()));

        Assert.That(mermaid, Does.Contain("    participant Server as Agora server\n"));
        Assert.That(mermaid, Does.Contain("    uid1->>Server: T+0.000s JoinChannel()\n"));
        Assert.That(mermaid, Does.Contain("    uid1--xServer: T+5.000s DropNetwork()\n"));
        Assert.That(mermaid, Does.Contain("    Server-->>uid2: T+25.000s onUserOffline(1, USER_OFFLINE_DROPPED)\n"));
        Assert.That(mermaid, Does.Not.Contain("Note over uid"));
    }

    [Test]
    public void Table_HeaderUsesTheRunsTitle()
        => Assert.That(Output.Table(Run("ios-killed", new ScenarioSettings(Local: Platform.Web))), Does.StartWith("== ios-killed: UID 1's app is killed at 5 s on Web 2.x: it goes silent, a drop (docs 000, 001, 004)\n"));

    private static ScenarioRun Run(string name, ScenarioSettings settings) => Scenarios.Find(name)!.Run(settings);
}
