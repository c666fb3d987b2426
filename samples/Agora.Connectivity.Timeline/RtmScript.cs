using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>Drives an <see cref="RtmChannelSimulation"/> through a scenario and collects its rows.</summary>
internal sealed class RtmScript(ScenarioSettings settings, Scenario scenario) : RtmScriptBase(settings, scenario, "RTM 1.x")
{
    private readonly RtmChannelSimulation _simulation = new();

    protected override FakeTimeProvider Time => _simulation.Time;

    protected override IReadOnlyList<RtmTimelineEntry> Timeline => _simulation.Timeline;

    protected override IEnumerable<(string Name, Platform Platform)> Users => _simulation.Clients.Select(c => (c.Name, c.Platform));

    /// <summary>Adds a client, UID 1's platform when <paramref name="local"/>, else UID 2's (RTM scenarios come from the Web document).</summary>
    public SimulatedRtmClient Client(string userId, bool local)
        => Added(_simulation.AddClient(userId, local ? Setup.Local : Setup.Remote));

    public void At(double seconds, SimulatedRtmClient client, string action, Action act) => At(seconds, client.Name, client.Platform, action, act);

    public override void Dispose() => _simulation.Dispose();
}
