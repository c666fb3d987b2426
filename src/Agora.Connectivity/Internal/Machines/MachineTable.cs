using Stateless;

namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// A machine type's transition table: one Stateless engine, configured once per type and fired for every instance of it. The
/// engine keeps no state of its own: its state accessor, and every action and guard of the table, reach the instance being fired
/// through <see cref="Current"/>, which <see cref="Fire"/> sets for the calling thread for the length of the fire.
/// </summary>
/// <remarks>
/// <para>Built per instance, the table was most of what a machine allocated and kept (about 19 KB built, 15 KB retained: closures,
/// trigger behaviours and state representations, all alike from one instance to the next; <c>docs/benchmarks.md</c>). Shared, an
/// instance keeps only its own fields.</para>
/// <para>Firing one engine from several threads at once (different instances, each under its own lock) is safe because, in
/// <see cref="FiringMode.Immediate"/>, a Stateless fire only reads the configuration: it queues nothing, and every state is
/// configured when the table is built, so a fire never adds a state representation. The configuration is never changed after
/// the constructor returns, and <see cref="StateMachine{TState, TTrigger}.GetInfo"/> (the diagrams) reads it only.</para>
/// </remarks>
internal sealed class MachineTable<TMachine, TState, TTrigger, TReason>
    where TMachine : IMachineBehavior<TState, TTrigger, TReason>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    [ThreadStatic]
    private static MachineRuntime<TMachine, TState, TTrigger, TReason>? _firing;

    private readonly TState _initialState;
    private readonly List<InternalAction> _internalActions = [];
    // The triggers that carry the reason their state change reports (CarryReason), each fired with it.
    private readonly Dictionary<TTrigger, StateMachine<TState, TTrigger>.TriggerWithParameters<TReason>> _carried = [];

    /// <summary>Builds the table: <paramref name="configure"/> configures the engine once, with actions that act on <see cref="Current"/>.</summary>
    /// <param name="initialState">The state every instance starts in (the diagrams start there).</param>
    /// <param name="configure">Configures the table.</param>
    public MachineTable(TState initialState, Action<MachineTable<TMachine, TState, TTrigger, TReason>> configure)
    {
        _initialState = initialState;
        Engine = new StateMachine<TState, TTrigger>(
            () => _firing is { } firing ? firing.EngineState : _initialState,
            state => _firing!.EngineState = state,
            FiringMode.Immediate);
        Engine.OnUnhandledTrigger((_, _) => _firing!.Outcome = FireOutcome.NotPermitted);
        Engine.OnTransitioned(_ => _firing!.Outcome = FireOutcome.Transitioned);
        configure(this);
        foreach (TState state in Enum.GetValues(typeof(TState)))
        {
            Engine.Configure(state);
        }

        Ignored = new HashSet<(TState State, TTrigger Trigger)>(Engine.GetInfo().States.SelectMany(state => state.IgnoredTriggers
            .Select(ignored => ((TState)state.UnderlyingState, (TTrigger)ignored.Trigger.UnderlyingTrigger))));
    }

    /// <summary>Gets the instance being fired on this thread: what the table's actions and guards act on.</summary>
    public static TMachine Current => _firing!.Machine;

    /// <summary>Gets the Stateless engine; it is fired only by <see cref="Fire"/>.</summary>
    public StateMachine<TState, TTrigger> Engine { get; }


    /// <summary>
    /// Gets which triggers each state ignores, read from Stateless's own model once: a trigger the table ignores is answered without
    /// firing (Stateless takes about 700 B and as many nanoseconds to find that it has nothing to do; <c>docs/benchmarks.md</c>).
    /// </summary>
    public HashSet<(TState State, TTrigger Trigger)> Ignored { get; }

    /// <summary>
    /// Declares that <paramref name="trigger"/> carries the reason its state change reports (Stateless's <c>SetTriggerParameters</c>);
    /// <see cref="Fire"/> then always fires it with its argument. A table may declare several.
    /// </summary>
    public StateMachine<TState, TTrigger>.TriggerWithParameters<TReason> CarryReason(TTrigger trigger)
        => _carried[trigger] = Engine.SetTriggerParameters<TReason>(trigger);

    /// <summary>Configures an internal transition of <paramref name="state"/>, with the description the diagrams print for its action.</summary>
    public StateMachine<TState, TTrigger>.StateConfiguration InternalTransition(
        StateMachine<TState, TTrigger>.StateConfiguration state, TTrigger trigger, Action action, string description)
    {
        _internalActions.Add(new InternalAction(state.State.ToString(), trigger.ToString(), description));
        return state.InternalTransition(trigger, _ =>
        {
            _firing!.Outcome = FireOutcome.Internal;
            action();
        });
    }

    /// <summary>Describes the table for its diagrams; Stateless gives the initial state as the one instances start in.</summary>
    public MachineDescription Describe(string name) => new(name, Engine.GetInfo(), _internalActions.ToArray());

    /// <summary>Fires <paramref name="trigger"/> for <paramref name="runtime"/>, which its actions see as <see cref="Current"/>.</summary>
    public void Fire(MachineRuntime<TMachine, TState, TTrigger, TReason> runtime, TTrigger trigger, TReason reason)
    {
        // A fire never runs another machine's fire on this thread (handlers run after it, outside the lock), but if it ever did,
        // the outer one would find its own machine again when the inner returned.
        var outer = _firing;
        _firing = runtime;
        try
        {
            if (_carried.Count > 0 && _carried.TryGetValue(trigger, out var carried))
            {
                Engine.Fire(carried, reason);
            }
            else
            {
                Engine.Fire(trigger);
            }
        }
        finally
        {
            _firing = outer;
        }
    }
}
