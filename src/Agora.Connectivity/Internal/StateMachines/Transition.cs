namespace Agora.Connectivity.Internal.StateMachines;

/// <summary>One step of a machine: where it was, where it goes, and what moved it.</summary>
internal readonly struct Transition<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    public Transition(TState source, TState destination, TTrigger trigger)
    {
        Source = source;
        Destination = destination;
        Trigger = trigger;
    }

    public TState Source { get; }

    public TState Destination { get; }

    public TTrigger Trigger { get; }
}
