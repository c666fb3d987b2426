using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>What the RTM 1.x and RTM 2.x scripts share: the setup, the actions as rows at their instants, and the finished run.</summary>
internal abstract class RtmScriptBase : IDisposable
{
    private readonly ScenarioSettings _settings;
    private readonly Scenario _scenario;
    private readonly List<TimelineRow> _actions = [];
    private readonly string _sdk;

    /// <summary>Hands a user just added to the test's hook, if any.</summary>
    protected T Added<T>(T user)
        where T : notnull
    {
        _settings.UserAdded?.Invoke(user);
        return user;
    }

    protected RtmScriptBase(ScenarioSettings settings, Scenario scenario, string sdk)
    {
        _settings = settings;
        _scenario = scenario;
        _sdk = sdk;
        Setup = scenario.Defaults.With(settings);
    }

    /// <summary>Gets the platforms of the run: UID 1's (local) and UID 2's.</summary>
    protected ScenarioSetup Setup { get; }

    /// <summary>Gets the simulation's clock.</summary>
    protected abstract FakeTimeProvider Time { get; }

    /// <summary>Gets every callback the simulation's users received, in order.</summary>
    protected abstract IReadOnlyList<RtmTimelineEntry> Timeline { get; }

    /// <summary>Gets each user's timeline name and platform.</summary>
    protected abstract IEnumerable<(string Name, Platform Platform)> Users { get; }

    public abstract void Dispose();

    /// <summary>Moves the clock to <paramref name="seconds"/>, writes the action's row, and does it.</summary>
    protected void At(double seconds, string user, Platform platform, string action, Action act)
    {
        Time.Advance(TimeSpan.FromSeconds(seconds) - Time.Elapsed);
        _actions.Add(new TimelineRow(Time.Elapsed, user, platform, action, IsAction: true));
        act();
    }

    public ScenarioRun Finish(double untilSeconds)
    {
        Time.Advance(TimeSpan.FromSeconds(untilSeconds) - Time.Elapsed);
        var platforms = Users.ToDictionary(u => u.Name, u => u.Platform);
        var callbacks = Timeline.Select(e => new TimelineRow(e.At, e.Client, platforms[e.Client], e.Callback.ToString()));
        return new ScenarioRun(_scenario, _scenario.Describe(Setup), RtcScript.Merge(_actions, callbacks), NotesFor(_settings, _sdk));
    }

    /// <summary>What an RTM run ignores of the settings: each RTM SDK line is one generation, and --web chooses the RTC Web SDK.</summary>
    private static IReadOnlyList<string> NotesFor(ScenarioSettings settings, string sdk)
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
}
