using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>Drives a <see cref="ChannelSimulation"/> through a scenario and collects its rows.</summary>
internal sealed class RtcScript : IDisposable
{
    private readonly ChannelSimulation _simulation = new();
    private readonly ScenarioSettings _settings;
    private readonly Scenario _scenario;
    private readonly ScenarioSetup _setup;
    private readonly List<TimelineRow> _actions = [];
    private readonly Dictionary<uint, string> _webLines = [];

    public RtcScript(ScenarioSettings settings, Scenario scenario)
    {
        _settings = settings;
        _scenario = scenario;
        _setup = scenario.Defaults.With(settings);
    }

    /// <summary>UID 1 (local) and UID 2 (remote), and with <paramref name="webWatcher"/> UID 3 on the Web, all join at 0.</summary>
    public (SimulatedUser Local, SimulatedUser Remote) TwoUsersJoined(bool webWatcher = false)
    {
        var users = Users(webWatcher);
        foreach (var user in users)
        {
            At(0, user, "JoinChannel()", user.JoinChannel);
        }

        return (users[0], users[1]);
    }

    /// <summary>UID 1 (local) and UID 2 (remote), and with <paramref name="webWatcher"/> UID 3 on the Web, none of them in the channel yet.</summary>
    public IReadOnlyList<SimulatedUser> Users(bool webWatcher = false)
    {
        var users = new List<SimulatedUser> { User(1, _setup.Local), User(2, _setup.Remote) };
        if (webWatcher)
        {
            users.Add(User(3, Platform.Web));
        }

        return users;
    }

    /// <summary>A user of the run's generation; a Web user of the chosen Web line, when one was chosen.</summary>
    public SimulatedUser User(uint uid, Platform platform)
        => platform == Platform.Web && _setup.Web is { } line ? WebUser(uid, line) : Added(_simulation.AddUser(uid, platform, _setup.Generation));

    /// <summary>A Web user of <paramref name="line"/>, whatever the run chose; the platform column names its line.</summary>
    public SimulatedUser WebUser(uint uid, WebSdk line)
    {
        var user = _simulation.AddUser(uid, line);
        _webLines[uid] = Output.Name(line);
        return Added(user);
    }

    // A test's hook sees every user as it is added (to forward its SDK calls into an app's follower).
    private SimulatedUser Added(SimulatedUser user)
    {
        _settings.UserAdded?.Invoke(user);
        return user;
    }

    /// <summary>The simulation's start, from which a token's expiry is given.</summary>
    public DateTimeOffset Start => _simulation.Time.Start;

    public void At(double seconds, SimulatedUser user, string action, Action act)
    {
        _simulation.Advance(TimeSpan.FromSeconds(seconds) - _simulation.Time.Elapsed);
        _actions.Add(new TimelineRow(_simulation.Time.Elapsed, $"uid {user.Uid}", user.Platform, action, IsAction: true, _webLines.GetValueOrDefault(user.Uid)));
        act();
    }

    public ScenarioRun Finish(double untilSeconds)
    {
        _simulation.Advance(TimeSpan.FromSeconds(untilSeconds) - _simulation.Time.Elapsed);
        var platforms = _simulation.Users.ToDictionary(u => u.Uid, u => u.Platform);
        var callbacks = _simulation.Timeline.Select(e => new TimelineRow(e.At, $"uid {e.Uid}", platforms[e.Uid], e.Callback.ToString(), PlatformLabel: _webLines.GetValueOrDefault(e.Uid)));
        var notes = new List<string>();
        if (_simulation.ChannelDestroyedAt is { } destroyed)
        {
            notes.Add($"The server destroyed the channel at {Output.Time(destroyed)}.");
        }

        return new ScenarioRun(_scenario, _scenario.Describe(_setup), Merge(_actions, callbacks), notes);
    }

    public void Dispose() => _simulation.Dispose();

    /// <summary>Actions and callbacks in time order; at the same instant, an action comes before what it caused.</summary>
    internal static IReadOnlyList<TimelineRow> Merge(IEnumerable<TimelineRow> actions, IEnumerable<TimelineRow> callbacks)
        => actions.Concat(callbacks).Select((row, index) => (row, index)).OrderBy(x => x.row.At).ThenBy(x => x.row.IsAction ? 0 : 1).ThenBy(x => x.index).Select(x => x.row).ToList();
}
