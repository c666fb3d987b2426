using Stateless;

namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// A machine type's transition table: one Stateless engine, configured once per type through <see cref="Rules"/> and fired for every
/// instance of it. It is the machine's only statement of its shape: the transitions, what each state ignores, which commands each
/// state allows and the refusal of the others (<see cref="Allows"/>, <see cref="Refusal"/>), the diagrams (<see cref="Describe"/>)
/// and the shape tests all read it.
/// </summary>
/// <remarks>
/// <para>Every action and guard takes the instance it acts on as an argument (<c>OnEntry((m, step) =&gt; m.StartJoin_NeedsLock(step))</c>,
/// guards as <c>Func&lt;TMachine, bool&gt;</c>), and the data a trigger carries reaches its actions as a Stateless trigger parameter
/// (<see cref="Carries"/>, <see cref="Step.Args"/>). The instance being fired, its state and what the fire did are kept for the length
/// of one fire in a context of that fire, on the firing thread; that ambient context is private to this file. Outside a fire the
/// engine's state accessor throws: the engine is private, and no query of it can read a state that is not the one being fired.</para>
/// <para>Firing one engine from several threads at once (different instances, each under its own lock) is safe because, in
/// <see cref="FiringMode.Immediate"/>, a Stateless fire only reads the configuration: it queues nothing, and every state is
/// configured when the table is built, so a fire never adds a state representation. The configuration is never changed after the
/// constructor returns. An instance is never fired inside its own fire: the dispatcher sets aside every call made while a change is
/// applied (<see cref="Dispatch.EventDispatcher"/>), and <see cref="Fire"/> refuses one that would nest all the same.</para>
/// <para>Stateless's own issues on sharing one configuration across instances (dotnet-state-machine/stateless #196, #232) ask for
/// exactly this: a configuration built once, and a state that lives with each instance (its state accessor and mutator).</para>
/// </remarks>
/// <typeparam name="TMachine">The machine type the table describes.</typeparam>
/// <typeparam name="TState">The machine's states.</typeparam>
/// <typeparam name="TTrigger">What can move the machine.</typeparam>
/// <typeparam name="TReason">The reason a state change reports.</typeparam>
internal sealed class MachineTable<TMachine, TState, TTrigger, TReason>
    where TMachine : class
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    // The fire in progress on this thread, and a spare context so that a fire allocates none.
    [ThreadStatic]
    private static Firing? _firing;
    [ThreadStatic]
    private static Firing? _spare;

    private readonly StateMachine<TState, TTrigger> _engine;
    private readonly List<InternalAction> _internalActions = [];
    // The triggers that carry data to their actions, each fired with it (Carries).
    private readonly Dictionary<TTrigger, StateMachine<TState, TTrigger>.TriggerWithParameters<FireArgs<TReason>>> _carried = [];
    private readonly HashSet<(TState State, TTrigger Trigger)> _ignored;
    private readonly Dictionary<TTrigger, TState[]> _statesWithRule;
    private readonly TState[] _states;

    /// <summary>Builds the table: <paramref name="configure"/> states every rule once, through <see cref="Configure"/>.</summary>
    /// <param name="initialState">The state every instance starts in (the diagrams start there).</param>
    /// <param name="configure">States the rules.</param>
    public MachineTable(TState initialState, Action<MachineTable<TMachine, TState, TTrigger, TReason>> configure)
    {
        InitialState = initialState;
        _states = EnumValues<TState>.All;

        // Stateless reads the initial state once, in its constructor: through a context of its own, the only read outside a fire.
        var construction = new Firing { State = initialState };
        var outer = _firing;
        _firing = construction;
        try
        {
            _engine = new StateMachine<TState, TTrigger>(ReadState, WriteState, FiringMode.Immediate);
        }
        finally
        {
            _firing = outer;
        }

        _engine.OnUnhandledTrigger(static (_, _) => Current.Outcome = FireOutcome.NotPermitted);
        _engine.OnTransitioned(static _ => Current.Outcome = FireOutcome.Transitioned);
        configure(this);
        foreach (var state in _states)
        {
            _engine.Configure(state);
        }

        var info = _engine.GetInfo();
        // Only an unconditional ignore may be answered without firing: a conditional one depends on its guard, which only a fire runs.
        _ignored = new HashSet<(TState, TTrigger)>(info.States.SelectMany(state => state.IgnoredTriggers
            .Where(ignored => !ignored.GuardConditionsMethodDescriptions.Any())
            .Select(ignored => ((TState)state.UnderlyingState, (TTrigger)ignored.Trigger.UnderlyingTrigger))));
        _statesWithRule = info.States
            .SelectMany(state => state.FixedTransitions.Select(t => t.Trigger).Concat(state.IgnoredTriggers.Select(t => t.Trigger)).Concat(state.DynamicTransitions.Select(t => t.Trigger))
                .Select(trigger => (State: (TState)state.UnderlyingState, Trigger: (TTrigger)trigger.UnderlyingTrigger)))
            .GroupBy(rule => rule.Trigger)
            .ToDictionary(group => group.Key, group => _states.Where(state => group.Any(rule => EqualityComparer<TState>.Default.Equals(rule.State, state))).ToArray());
    }

    /// <summary>Gets the state every instance starts in.</summary>
    public TState InitialState { get; }

    // The fire in progress; the engine and every rule reach their instance through it. Outside a fire there is none to read.
    private static Firing Current => _firing ?? throw new InvalidOperationException(
        $"The {typeof(TMachine).Name} table's engine was asked for its state outside a fire: only MachineTable.Fire may run it.");

    /// <summary>Starts the rules of <paramref name="state"/>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The state's rules, to chain.</returns>
    public Rules Configure(TState state) => new(this, _engine.Configure(state));

    /// <summary>
    /// Declares that <paramref name="trigger"/> carries data to its actions (the command's token, a pending login, the reason of a
    /// refusal): <see cref="Fire"/> then fires it with its <see cref="FireArgs{TReason}"/> as a Stateless trigger parameter, which
    /// its actions read as <see cref="Step.Args"/>.
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    public void Carries(TTrigger trigger) => _carried[trigger] = _engine.SetTriggerParameters<FireArgs<TReason>>(trigger);

    /// <summary>Tells whether <paramref name="state"/> ignores <paramref name="trigger"/> without a guard: answered without firing.</summary>
    /// <param name="state">The state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns><see langword="true"/> when the table ignores it there, whatever the instance.</returns>
    public bool Ignores(TState state, TTrigger trigger) => _ignored.Contains((state, trigger));

    /// <summary>
    /// Tells whether <paramref name="machine"/>, in <paramref name="state"/>, would act on <paramref name="trigger"/> (a transition, an
    /// internal action or an ignore whose guard holds): what a command checks before it fires. Runs the guards, on the caller's thread.
    /// </summary>
    /// <param name="machine">The instance, for the guards.</param>
    /// <param name="state">Its state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns><see langword="true"/> when the table has a rule for it there whose guard holds.</returns>
    public bool Allows(TMachine machine, TState state, TTrigger trigger)
    {
        var firing = Enter(machine, state, default, 0);
        try
        {
            return _engine.CanFire(trigger);
        }
        finally
        {
            Leave(firing);
        }
    }

    /// <summary>
    /// Says why <paramref name="command"/> is refused in <paramref name="state"/>, from the table: "<c>JoinChannel is not allowed in
    /// state Connected; it is allowed only in state Disconnected.</c>", followed by <paramref name="hint"/> when there is one.
    /// </summary>
    /// <param name="command">The command's public name.</param>
    /// <param name="trigger">The trigger it fires.</param>
    /// <param name="state">The state that refused it.</param>
    /// <param name="hint">What the caller can do instead, a sentence; none when <see langword="null"/>.</param>
    /// <returns>The message.</returns>
    public string Refusal(string command, TTrigger trigger, TState state, string? hint)
    {
        var allowed = _statesWithRule.TryGetValue(trigger, out var states) ? states : [];
        var where = allowed.Length switch
        {
            0 => "it is allowed in no state",
            1 => $"it is allowed only in state {allowed[0]}",
            _ => $"it is allowed only in states {string.Join(", ", allowed.Take(allowed.Length - 1))} or {allowed[allowed.Length - 1]}",
        };
        return $"{command} is not allowed in state {state}; {where}.{(hint is null ? string.Empty : " " + hint)}";
    }

    /// <summary>Gets the states in which the table has a rule for <paramref name="trigger"/>, in the order of their enum.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The states; empty when no state has one.</returns>
    public IReadOnlyList<TState> StatesWithRuleFor(TTrigger trigger) => _statesWithRule.TryGetValue(trigger, out var states) ? states : [];

    /// <summary>Describes the table for its diagrams; Stateless gives the initial state as the one instances start in.</summary>
    /// <param name="name">The machine's name in the diagrams.</param>
    /// <returns>The description.</returns>
    public MachineDescription Describe(string name) => new(name, _engine.GetInfo(), _internalActions.ToArray());

    /// <summary>
    /// Fires <paramref name="trigger"/> for <paramref name="machine"/> in <paramref name="state"/>. Its actions run with the instance
    /// and a <see cref="Step"/>; <paramref name="state"/> is updated only when the fire returns, so an action that throws leaves it
    /// where it was.
    /// </summary>
    /// <param name="machine">The instance.</param>
    /// <param name="state">Its state, updated after a transition.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="args">What the trigger carries (passed to Stateless when the table declared it with <see cref="Carries"/>).</param>
    /// <param name="at">The instant the transition's events carry.</param>
    /// <param name="anchor">The timestamp follow-on deadlines count from: a deadline's documented instant, or now.</param>
    /// <returns>What Stateless did.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="machine"/> is being fired on this thread already.</exception>
    public FireOutcome Fire(TMachine machine, ref TState state, TTrigger trigger, in FireArgs<TReason> args, DateTimeOffset at, long anchor)
    {
        if (_ignored.Contains((state, trigger)))
        {
            return FireOutcome.Ignored;
        }

        for (var outer = _firing; outer is not null; outer = outer.Outer)
        {
            if (ReferenceEquals(outer.Machine, machine))
            {
                throw new InvalidOperationException($"{typeof(TMachine).Name} was fired ({trigger}) inside its own fire; a call from inside a fire must be queued.");
            }
        }

        var firing = Enter(machine, state, at, anchor);
        try
        {
            if (_carried.Count > 0 && _carried.TryGetValue(trigger, out var carried))
            {
                _engine.Fire(carried, args);
            }
            else
            {
                _engine.Fire(trigger);
            }

            state = firing.State;
            return firing.Outcome;
        }
        finally
        {
            Leave(firing);
        }
    }

    private static TState ReadState() => Current.State;

    private static void WriteState(TState state) => Current.State = state;

    private static Firing Enter(TMachine machine, TState state, DateTimeOffset at, long anchor)
    {
        var firing = _spare ?? new Firing();
        _spare = null;
        firing.Machine = machine;
        firing.State = state;
        firing.At = at;
        firing.Anchor = anchor;
        // Unless Stateless reports a transition, an internal action or an unhandled trigger, the trigger was ignored.
        firing.Outcome = FireOutcome.Ignored;
        firing.Outer = _firing;
        _firing = firing;
        return firing;
    }

    private static void Leave(Firing firing)
    {
        _firing = firing.Outer;
        firing.Machine = null;
        firing.Outer = null;
        _spare = firing;
    }

    /// <summary>One fire in progress: the instance, its state as Stateless moves it, what the fire did, and its instants.</summary>
    private sealed class Firing
    {
        public TMachine? Machine;
        public TState State;
        public FireOutcome Outcome;
        public DateTimeOffset At;
        public long Anchor;
        public Firing? Outer;
    }

    /// <summary>What an action is told about the step it runs in: the transition, its instants, and what the trigger carries.</summary>
    public readonly struct Step
    {
        private readonly object[] _parameters;

        internal Step(StateMachine<TState, TTrigger>.Transition transition, DateTimeOffset at, long anchor)
        {
            Source = transition.Source;
            Destination = transition.Destination;
            Trigger = transition.Trigger;
            _parameters = transition.Parameters;
            At = at;
            Anchor = anchor;
        }

        /// <summary>Gets the state the step leaves (the same as <see cref="Destination"/> for an internal action).</summary>
        public TState Source { get; }

        /// <summary>Gets the state the step enters.</summary>
        public TState Destination { get; }

        /// <summary>Gets the trigger.</summary>
        public TTrigger Trigger { get; }

        /// <summary>Gets the instant the step's events carry.</summary>
        public DateTimeOffset At { get; }

        /// <summary>Gets the timestamp the deadlines that follow count from: the documented instant of the deadline that fired, or now.</summary>
        public long Anchor { get; }

        /// <summary>Gets what the trigger carries (a Stateless trigger parameter).</summary>
        /// <exception cref="InvalidOperationException">The table did not declare the trigger with <see cref="Carries"/>.</exception>
        public FireArgs<TReason> Args => _parameters is { Length: 1 } && _parameters[0] is FireArgs<TReason> args
            ? args
            : throw new InvalidOperationException($"{Trigger} carries no data: declare it with Carries({Trigger}) in the {typeof(TMachine).Name} table.");
    }

    /// <summary>The rules of one state, each stated with the instance it acts on as an argument.</summary>
    public sealed class Rules
    {
        private readonly MachineTable<TMachine, TState, TTrigger, TReason> _table;
        private readonly StateMachine<TState, TTrigger>.StateConfiguration _state;

        internal Rules(MachineTable<TMachine, TState, TTrigger, TReason> table, StateMachine<TState, TTrigger>.StateConfiguration state)
        {
            _table = table;
            _state = state;
        }

        /// <summary>Gets the state these rules are of.</summary>
        public TState State => _state.State;

        /// <summary>Moves to <paramref name="destination"/> on <paramref name="trigger"/>.</summary>
        public Rules Permit(TTrigger trigger, TState destination)
        {
            _state.Permit(trigger, destination);
            return this;
        }

        /// <summary>Moves to <paramref name="destination"/> on <paramref name="trigger"/> when <paramref name="guard"/> holds for the instance.</summary>
        public Rules PermitIf(TTrigger trigger, TState destination, Func<TMachine, bool> guard, string description)
        {
            _state.PermitIf(trigger, destination, () => guard(Current.Machine!), description);
            return this;
        }

        /// <summary>Does nothing on <paramref name="trigger"/>: a report that no longer applies, or a command that is a no-op here.</summary>
        public Rules Ignore(TTrigger trigger)
        {
            _state.Ignore(trigger);
            return this;
        }

        /// <summary>Does nothing on <paramref name="trigger"/> when <paramref name="guard"/> holds for the instance.</summary>
        public Rules IgnoreIf(TTrigger trigger, Func<TMachine, bool> guard, string description)
        {
            _state.IgnoreIf(trigger, () => guard(Current.Machine!), description);
            return this;
        }

        /// <summary>Runs <paramref name="action"/> on <paramref name="trigger"/> without leaving the state; the diagrams print <paramref name="description"/>.</summary>
        public Rules Internal(TTrigger trigger, Action<TMachine, Step> action, string description)
        {
            _table._internalActions.Add(new InternalAction(State.ToString(), trigger.ToString(), description));
            _state.InternalTransition(trigger, transition =>
            {
                var firing = Current;
                firing.Outcome = FireOutcome.Internal;
                action(firing.Machine!, new Step(transition, firing.At, firing.Anchor));
            });
            return this;
        }

        /// <summary>Runs <paramref name="action"/> whenever the state is entered.</summary>
        public Rules OnEntry(Action<TMachine, Step> action, string description)
        {
            _state.OnEntry(transition => Run(action, transition), description);
            return this;
        }

        /// <summary>Runs <paramref name="action"/> when the state is entered on <paramref name="trigger"/>.</summary>
        public Rules OnEntryFrom(TTrigger trigger, Action<TMachine, Step> action, string description)
        {
            _state.OnEntryFrom(trigger, transition => Run(action, transition), description);
            return this;
        }

        /// <summary>Runs <paramref name="action"/> whenever the state is left.</summary>
        public Rules OnExit(Action<TMachine, Step> action, string description)
        {
            _state.OnExit(transition => Run(action, transition), description);
            return this;
        }

        private static void Run(Action<TMachine, Step> action, StateMachine<TState, TTrigger>.Transition transition)
        {
            var firing = Current;
            action(firing.Machine!, new Step(transition, firing.At, firing.Anchor));
        }
    }
}
