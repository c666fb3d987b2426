namespace Agora.Connectivity.Timeline;

/// <summary>What one scenario produced: its title for the setup it really ran with, its rows in time order, and notes such as when the channel was destroyed.</summary>
internal sealed record ScenarioRun(Scenario Scenario, string Title, IReadOnlyList<TimelineRow> Rows, IReadOnlyList<string> Notes);
