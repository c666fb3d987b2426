using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>Drives an <see cref="RtmLinkSimulation"/> (RTM 2.x) through a scenario and collects its rows.</summary>
internal sealed class Rtm2Script(ScenarioSettings settings, Scenario scenario) : RtmScriptBase(settings, scenario, "RTM 2.x")
{
    private readonly RtmLinkSimulation _simulation = new();

    public DateTimeOffset Start => _simulation.Time.Start;

    protected override FakeTimeProvider Time => _simulation.Time;

    protected override IReadOnlyList<RtmTimelineEntry> Timeline => _simulation.Timeline;

    protected override IEnumerable<(string Name, Platform Platform)> Users => _simulation.Users.Select(u => (u.Name, u.Platform));

    /// <summary>Adds a user, UID 1's platform when <paramref name="local"/>, else UID 2's.</summary>
    public SimulatedRtmLinkUser User(string userId, bool local) => Added(_simulation.AddUser(userId, local ? Setup.Local : Setup.Remote));

    public void At(double seconds, SimulatedRtmLinkUser user, string action, Action act) => At(seconds, user.Name, user.Platform, action, act);

    public override void Dispose() => _simulation.Dispose();
}
