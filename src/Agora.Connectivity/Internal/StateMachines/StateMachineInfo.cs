namespace Agora.Connectivity.Internal.StateMachines;

/// <summary>A read-only description of a transition table: what the diagrams and documentation are drawn from.</summary>
internal sealed record StateMachineInfo(string Name, string InitialState, IReadOnlyList<StateInfo> States);

/// <summary>One state: its entry and exit actions, the transitions out of it and the triggers it ignores.</summary>
internal sealed record StateInfo(
    string Name,
    IReadOnlyList<string> EntryActions,
    IReadOnlyList<string> ExitActions,
    IReadOnlyList<TransitionInfo> Transitions,
    IReadOnlyList<string> IgnoredTriggers);

/// <summary>One transition: trigger, source, destination, optional guard, and for internal transitions the action.</summary>
internal sealed record TransitionInfo(
    string Trigger,
    string Source,
    string Destination,
    string? Guard,
    bool IsInternal,
    string? Action)
{
    /// <summary>Gets the edge label the diagrams use: <c>Trigger [guard] / action</c>.</summary>
    public string Label
        => Trigger
            + (Guard is null ? string.Empty : $" [{Guard}]")
            + (Action is null ? string.Empty : $" / {Action}");
}
