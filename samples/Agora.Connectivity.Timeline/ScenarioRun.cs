namespace Agora.Connectivity.Timeline;

/// <summary>What one scenario produced: its rows in time order, and notes such as when the channel was destroyed.</summary>
internal sealed record ScenarioRun(Scenario Scenario, IReadOnlyList<TimelineRow> Rows, IReadOnlyList<string> Notes);
