using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>Drives an <see cref="RtmChannelSimulation"/> through a scenario and collects its rows.</summary>
internal sealed class RtmScript : IDisposable
{
    private readonly RtmChannelSimulation _simulation = new();
    private readonly ScenarioSettings _settings;
    private readonly List<TimelineRow> _actions = [];

    public RtmScript(ScenarioSettings settings) => _settings = settings;

    /// <summary>Adds a client; RTM scenarios come from the Web document, so both sides default to the Web.</summary>
    public SimulatedRtmClient Client(string userId, bool local)
        => _simulation.AddClient(userId, (local ? _settings.Local : _settings.Remote) ?? Platform.Web);

    public void At(double seconds, SimulatedRtmClient client, string action, Action act)
    {
        _simulation.Advance(TimeSpan.FromSeconds(seconds) - _simulation.Time.Elapsed);
        _actions.Add(new TimelineRow(_simulation.Time.Elapsed, client.Name, client.Platform, action, IsAction: true));
        act();
    }

    public ScenarioRun Finish(Scenario scenario, double untilSeconds)
    {
        _simulation.Advance(TimeSpan.FromSeconds(untilSeconds) - _simulation.Time.Elapsed);
        var platforms = _simulation.Clients.ToDictionary(c => c.Name, c => c.Platform);
        var callbacks = _simulation.Timeline.Select(e => new TimelineRow(e.At, e.Client, platforms[e.Client], e.Callback.ToString()));
        return new ScenarioRun(scenario, RtcScript.Merge(_actions, callbacks), []);
    }

    public void Dispose() => _simulation.Dispose();
}
