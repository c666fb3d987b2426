using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>Drives an <see cref="RtmLinkSimulation"/> (RTM 2.x) through a scenario and collects its rows.</summary>
internal sealed class Rtm2Script : IDisposable
{
    private readonly RtmLinkSimulation _simulation = new();
    private readonly ScenarioSettings _settings;
    private readonly Scenario _scenario;
    private readonly ScenarioSetup _setup;
    private readonly List<TimelineRow> _actions = [];

    public Rtm2Script(ScenarioSettings settings, Scenario scenario)
    {
        _settings = settings;
        _scenario = scenario;
        _setup = scenario.Defaults.With(settings);
    }

    public DateTimeOffset Start => _simulation.Time.Start;

    /// <summary>Adds a user, UID 1's platform when <paramref name="local"/>, else UID 2's.</summary>
    public SimulatedRtmLinkUser User(string userId, bool local) => _simulation.AddUser(userId, local ? _setup.Local : _setup.Remote);

    public void At(double seconds, SimulatedRtmLinkUser user, string action, Action act)
    {
        _simulation.Advance(TimeSpan.FromSeconds(seconds) - _simulation.Time.Elapsed);
        _actions.Add(new TimelineRow(_simulation.Time.Elapsed, user.Name, user.Platform, action, IsAction: true));
        act();
    }

    public ScenarioRun Finish(double untilSeconds)
    {
        _simulation.Advance(TimeSpan.FromSeconds(untilSeconds) - _simulation.Time.Elapsed);
        var platforms = _simulation.Users.ToDictionary(u => u.Name, u => u.Platform);
        var callbacks = _simulation.Timeline.Select(e => new TimelineRow(e.At, e.Client, platforms[e.Client], e.Callback.ToString()));
        return new ScenarioRun(_scenario, _scenario.Describe(_setup), RtcScript.Merge(_actions, callbacks), RtmScript.NotesFor(_settings, "RTM 2.x"));
    }

    public void Dispose() => _simulation.Dispose();
}
