namespace Agora.Connectivity.Timeline;

/// <summary>One of the documents' scenarios, runnable on fake time.</summary>
/// <param name="Name">The name to pick it with (<c>--scenario NAME</c>).</param>
/// <param name="Title">What happens.</param>
/// <param name="Source">Which document describes it.</param>
/// <param name="Run">Runs it with the given settings.</param>
internal sealed record Scenario(string Name, string Title, string Source, Func<ScenarioSettings, ScenarioRun> Run);
