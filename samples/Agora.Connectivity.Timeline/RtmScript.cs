using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>Drives an <see cref="RtmChannelSimulation"/> through a scenario and collects its rows.</summary>
internal sealed class RtmScript : IDisposable
{
    private readonly RtmChannelSimulation _simulation = new();
    private readonly ScenarioSettings _settings;
    private readonly Scenario _scenario;
    private readonly ScenarioSetup _setup;
    private readonly List<TimelineRow> _actions = [];

    public RtmScript(ScenarioSettings settings, Scenario scenario)
    {
        _settings = settings;
        _scenario = scenario;
        _setup = scenario.Defaults.With(settings);
    }

    /// <summary>Adds a client, UID 1's platform when <paramref name="local"/>, else UID 2's (RTM scenarios come from the Web document).</summary>
    public SimulatedRtmClient Client(string userId, bool local)
        => _simulation.AddClient(userId, local ? _setup.Local : _setup.Remote);

    public void At(double seconds, SimulatedRtmClient client, string action, Action act)
    {
        _simulation.Advance(TimeSpan.FromSeconds(seconds) - _simulation.Time.Elapsed);
        _actions.Add(new TimelineRow(_simulation.Time.Elapsed, client.Name, client.Platform, action, IsAction: true));
        act();
    }

    public ScenarioRun Finish(double untilSeconds)
    {
        _simulation.Advance(TimeSpan.FromSeconds(untilSeconds) - _simulation.Time.Elapsed);
        var platforms = _simulation.Clients.ToDictionary(c => c.Name, c => c.Platform);
        var callbacks = _simulation.Timeline.Select(e => new TimelineRow(e.At, e.Client, platforms[e.Client], e.Callback.ToString()));
        return new ScenarioRun(_scenario, _scenario.Describe(_setup), RtcScript.Merge(_actions, callbacks), NotesFor(_settings, "RTM 1.x"));
    }

    /// <summary>What an RTM run ignores of the settings: each RTM SDK line is one generation, and --web chooses the RTC Web SDK.</summary>
    public static IReadOnlyList<string> NotesFor(ScenarioSettings settings, string sdk)
    {
        var notes = new List<string>();
        if (settings.Generation is { } generation)
        {
            notes.Add($"The SDK generation ({(generation == SdkGeneration.Legacy ? "--legacy" : "--sdk")}) does not apply to RTM scenarios: {sdk} has one set of names and timings.");
        }

        if (settings.Web is not null)
        {
            notes.Add("The Web SDK line (--web) does not apply to RTM scenarios: it chooses the RTC Web SDK.");
        }

        return notes;
    }

    public void Dispose() => _simulation.Dispose();
}
