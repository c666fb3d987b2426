using Agora.Connectivity.Callbacks;

namespace Agora.Connectivity.Timeline;

/// <summary>One of the documents' scenarios, runnable on fake time.</summary>
/// <param name="Name">The name to pick it with (<c>--scenario NAME</c>).</param>
/// <param name="Source">Which document describes it.</param>
/// <param name="Defaults">UID 1's and UID 2's platforms and the SDK generation the documents use.</param>
/// <param name="Describe">What happens, said for a given setup (the platforms and generation a run really uses).</param>
/// <param name="Run">Runs it with the given settings.</param>
internal sealed record Scenario(string Name, string Source, ScenarioSetup Defaults, Func<ScenarioSetup, string> Describe, Func<ScenarioSettings, ScenarioRun> Run)
{
    /// <summary>Gets what happens with the documents' own setup.</summary>
    public string Title => Describe(Defaults);
}

/// <summary>The platforms and SDK generation of one run; RTM scenarios ignore the generation.</summary>
internal sealed record ScenarioSetup(Platform Local, Platform Remote, SdkGeneration Generation, bool IsRtm = false, WebSdk? Web = null)
{
    /// <summary>Gets the Web SDK line of the run's Web users: the one chosen, else the generation's (4.x for V4, the seeds' 2.x otherwise).</summary>
    public WebSdk WebLine => Web ?? (Generation == SdkGeneration.V4 ? WebSdk.V4 : WebSdk.V2);

    public string LocalName => Name(Local);

    public string RemoteName => Name(Remote);

    public bool IsLegacy => Generation == SdkGeneration.Legacy;

    /// <summary>An iOS or macOS app leaves the channel when killed (doc 000); the others just go silent.</summary>
    public bool LocalLeavesWhenKilled => Local is Platform.Ios or Platform.MacOS;

    /// <summary>When UID 2 sees a silent UID 1 go offline: 10 s on Web 2.x (doc 000), 20 s on Web 3.x and 4.x and natively.</summary>
    public int RemoteOfflineSeconds => Remote == Platform.Web && WebLine == WebSdk.V2 ? 10 : 20;

    public string SdkName => Generation switch
    {
        SdkGeneration.Legacy => "before v2.3.2",
        SdkGeneration.V4 => "4.x",
        _ => "v2.3.2 to 3.x",
    };

    // An RTC Web user is named by its Web SDK line; RTM has one Web SDK.
    private string Name(Platform platform) => platform == Platform.Web && !IsRtm ? Output.Name(WebLine) : Output.Name(platform);

    /// <summary>This setup with what <paramref name="settings"/> chose instead.</summary>
    public ScenarioSetup With(ScenarioSettings settings)
        => new(settings.Local ?? Local, settings.Remote ?? Remote, IsRtm ? Generation : settings.Generation ?? Generation, IsRtm, IsRtm ? null : settings.Web ?? Web);
}
