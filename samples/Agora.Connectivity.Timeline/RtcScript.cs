using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>Drives a <see cref="ChannelSimulation"/> through a scenario and collects its rows.</summary>
internal sealed class RtcScript : IDisposable
{
    private readonly ChannelSimulation _simulation = new();
    private readonly ScenarioSettings _settings;
    private readonly SdkGeneration _generation;
    private readonly List<TimelineRow> _actions = [];

    public RtcScript(ScenarioSettings settings, SdkGeneration generation)
    {
        _settings = settings;
        _generation = settings.Generation ?? generation;
    }

    /// <summary>UID 1 (local) and UID 2 (remote), and with <paramref name="webWatcher"/> UID 3 on the Web, all join at 0.</summary>
    public (SimulatedUser Local, SimulatedUser Remote) TwoUsersJoined(Platform local, Platform remote, bool webWatcher = false)
    {
        var users = Users(local, remote, webWatcher);
        foreach (var user in users)
        {
            At(0, user, "JoinChannel()", user.JoinChannel);
        }

        return (users[0], users[1]);
    }

    /// <summary>UID 1 (local) and UID 2 (remote), and with <paramref name="webWatcher"/> UID 3 on the Web, none of them in the channel yet.</summary>
    public IReadOnlyList<SimulatedUser> Users(Platform local, Platform remote, bool webWatcher = false)
    {
        var users = new List<SimulatedUser>
        {
            _simulation.AddUser(1, _settings.Local ?? local, _generation),
            _simulation.AddUser(2, _settings.Remote ?? remote, _generation),
        };
        if (webWatcher)
        {
            users.Add(_simulation.AddUser(3, Platform.Web, _generation));
        }

        return users;
    }

    /// <summary>The simulation's start, from which a token's expiry is given.</summary>
    public DateTimeOffset Start => _simulation.Time.Start;

    public void At(double seconds, SimulatedUser user, string action, Action act)
    {
        _simulation.Advance(TimeSpan.FromSeconds(seconds) - _simulation.Time.Elapsed);
        _actions.Add(new TimelineRow(_simulation.Time.Elapsed, $"uid {user.Uid}", user.Platform, action, IsAction: true));
        act();
    }

    public ScenarioRun Finish(Scenario scenario, double untilSeconds)
    {
        _simulation.Advance(TimeSpan.FromSeconds(untilSeconds) - _simulation.Time.Elapsed);
        var platforms = _simulation.Users.ToDictionary(u => u.Uid, u => u.Platform);
        var callbacks = _simulation.Timeline.Select(e => new TimelineRow(e.At, $"uid {e.Uid}", platforms[e.Uid], e.Callback.ToString()));
        var notes = new List<string>();
        if (_simulation.ChannelDestroyedAt is { } destroyed)
        {
            notes.Add($"The server destroyed the channel at T+{destroyed.TotalSeconds:0.000}s.");
        }

        return new ScenarioRun(scenario, Merge(_actions, callbacks), notes);
    }

    public void Dispose() => _simulation.Dispose();

    /// <summary>Actions and callbacks in time order; at the same instant, an action comes before what it caused.</summary>
    internal static IReadOnlyList<TimelineRow> Merge(IEnumerable<TimelineRow> actions, IEnumerable<TimelineRow> callbacks)
        => actions.Concat(callbacks).Select((row, index) => (row, index)).OrderBy(x => x.row.At).ThenBy(x => x.row.IsAction ? 0 : 1).ThenBy(x => x.index).Select(x => x.row).ToList();
}
