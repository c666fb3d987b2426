using Stateless;

namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// A machine type's transition table, stated once through <see cref="Rules"/> and fired for every instance of the type. It is the
/// machine's only statement of its shape: the transitions, what each state ignores, which commands each state allows and the refusal
/// of the others (<see cref="Allows"/>, <see cref="Refusal"/>), the diagrams (<see cref="Describe"/>) and the shape tests all read it.
/// </summary>
/// <remarks>
/// <para>Every action and guard takes the instance it acts on as an argument (<c>OnEntry((m, step) =&gt; m.StartJoin_NeedsLock(step))</c>,
/// guards as <c>Func&lt;TMachine, bool&gt;</c>), and the data a trigger carries reaches its actions as a Stateless trigger parameter
/// (<see cref="Carries"/>, <see cref="Step.Args"/>).</para>
/// <para>The rules are kept once per type and played into a Stateless engine per thread that fires the type (built the first time the
/// thread does, a few microseconds and about 10 KB; the instances keep only their own fields). An engine's state accessor, its
/// actions and its guards read the fire in progress from the engine's own context, where <see cref="Fire"/> puts the instance, its
/// state and the fire's instants for the length of one fire; the only ambient value, the thread's engines, is private to this file.
/// Outside a fire the accessor throws: the engines are private, and no query can read a state that is not the one being fired. An
/// instance is never fired inside its own fire: the dispatcher sets aside every call made while a change is applied
/// (<see cref="Dispatch.EventDispatcher"/>), and <see cref="Fire"/> refuses one that would nest all the same; another instance fired
/// inside a fire gets an engine of its own.</para>
/// <para>Stateless's own issues on sharing one configuration across instances (dotnet-state-machine/stateless #196, #232) ask for a
/// configuration built once with the state living in each instance; an engine shared by threads would have to find the fire in
/// progress through a thread-static on every read of the state (about ten per fire, each a call into the runtime's thread-local
/// storage on Linux), which a thread's own engine reads from a field.</para>
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
    private readonly int _id = Ambient.NewTableId();
    private readonly Action<MachineTable<TMachine, TState, TTrigger, TReason>> _configure;
    private readonly object _buildGate = new();
    private readonly Engine _model;
    private readonly List<InternalAction> _internalActions = [];
    // What the table says of each (state, trigger), read per fire and per command without hashing the pair.
    private readonly Rule[] _rules = new Rule[EnumIndex<TState>.Count * EnumIndex<TTrigger>.Count];
    private readonly bool[] _carries = new bool[EnumIndex<TTrigger>.Count];
    private readonly Dictionary<TTrigger, TState[]> _statesWithRule;
    // Where each (state, trigger) may lead, one bit per state: the destinations of its transitions (two when guards choose), or the
    // state itself for an internal action; none otherwise.
    private readonly ulong[] _destinations = new ulong[EnumIndex<TState>.Count * EnumIndex<TTrigger>.Count];
    // The entry actions, as the model's build states them, for a followed SDK's jump into a state the rules do not lead to.
    private readonly List<EntryAction> _entryActions = [];
    private readonly List<EntryAction> _exitActions = [];
    private Engine? _building;

    /// <summary>Builds the table: <paramref name="configure"/> states every rule, through <see cref="Configure"/> and <see cref="Carries"/>.</summary>
    /// <param name="initialState">The state every instance starts in (the diagrams start there).</param>
    /// <param name="configure">States the rules. It is played again for each thread's engine, so it must state the same rules every time.</param>
    public MachineTable(TState initialState, Action<MachineTable<TMachine, TState, TTrigger, TReason>> configure)
    {
        InitialState = initialState;
        _configure = configure;
        _model = Build(recordActions: true);

        // Rules has no dynamic permit (PermitDynamic): every transition is a fixed one, and Describe's diagrams draw them all.

        var info = _model.Machine.GetInfo();
        foreach (var state in info.States)
        {
            foreach (var rule in state.FixedTransitions)
            {
                Mark((TState)state.UnderlyingState, (TTrigger)rule.Trigger.UnderlyingTrigger, rule.GuardConditionsMethodDescriptions.Any() ? Rule.Guarded : Rule.Unconditional);
                // Stryker disable once Assignment : no table states one trigger twice to one destination in a state, so an exclusive or sets the same bits.
                _destinations[Index((TState)state.UnderlyingState, (TTrigger)rule.Trigger.UnderlyingTrigger)] |= 1UL << EnumIndex<TState>.Of((TState)rule.DestinationState.UnderlyingState);
            }

            // Only an unconditional ignore may be answered without firing: a conditional one depends on its guard, which only a fire runs.
            foreach (var rule in state.IgnoredTriggers)
            {
                Mark((TState)state.UnderlyingState, (TTrigger)rule.Trigger.UnderlyingTrigger, rule.GuardConditionsMethodDescriptions.Any() ? Rule.Guarded : Rule.Ignored);
            }
        }

        _statesWithRule = info.States
            .SelectMany(state => state.FixedTransitions.Select(t => t.Trigger).Concat(state.IgnoredTriggers.Select(t => t.Trigger))
                .Select(trigger => (State: (TState)state.UnderlyingState, Trigger: (TTrigger)trigger.UnderlyingTrigger)))
            .GroupBy(rule => rule.Trigger)
            .ToDictionary(group => group.Key, group => EnumValues<TState>.All.Where(state => group.Any(rule => EqualityComparer<TState>.Default.Equals(rule.State, state))).ToArray());
    }

    /// <summary>Gets the state every instance starts in.</summary>
    public TState InitialState { get; }

    // The engine being built: Configure and Carries state their rules into it.
    private Engine Building => _building ?? throw new InvalidOperationException("Rules are stated only while the table is built.");

    /// <summary>Starts the rules of <paramref name="state"/>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The state's rules, to chain.</returns>
    public Rules Configure(TState state) => new(this, Building, Building.Machine.Configure(state));

    /// <summary>
    /// Declares that <paramref name="trigger"/> carries data to its actions (the command's token, a pending login, the reason of a
    /// refusal): <see cref="Fire"/> then fires it with its <see cref="FireArgs{TReason}"/> as a Stateless trigger parameter, which its
    /// actions read as <see cref="Step.Args"/>.
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    public void Carries(TTrigger trigger)
    {
        var index = EnumIndex<TTrigger>.Of(trigger);
        Building.Carried[index] = Building.Machine.SetTriggerParameters<FireArgs<TReason>>(trigger);
        _carries[index] = true;
    }

    /// <summary>Tells whether <paramref name="state"/> ignores <paramref name="trigger"/> without a guard: answered without firing.</summary>
    /// <param name="state">The state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns><see langword="true"/> when the table ignores it there, whatever the instance.</returns>
    public bool Ignores(TState state, TTrigger trigger) => RuleFor(state, trigger) == Rule.Ignored;

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
        var rule = RuleFor(state, trigger);
        if (rule != Rule.Guarded)
        {
            return rule != Rule.None;
        }

        // Only guards can tell (Stateless's CanFire runs them, and allocates doing so: a guarded command is the rare one).
        var engine = Enter(machine, state, default, 0, trigger);
        try
        {
            return engine.Machine.CanFire(trigger);
        }
        finally
        {
            engine.Leave();
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
        var allowed = StatesWithRuleFor(trigger);
        var where = allowed.Count switch
        {
            0 => "it is allowed in no state",
            1 => $"it is allowed only in state {allowed[0]}",
            _ => $"it is allowed only in states {string.Join(", ", allowed.Take(allowed.Count - 1))} or {allowed[allowed.Count - 1]}",
        };
        return $"{command} is not allowed in state {state}; {where}.{(hint is null ? string.Empty : " " + hint)}";
    }

    /// <summary>Gets the states in which the table has a rule for <paramref name="trigger"/>, in the order of their enum.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The states; empty when no state has one.</returns>
    public IReadOnlyList<TState> StatesWithRuleFor(TTrigger trigger) => _statesWithRule.TryGetValue(trigger, out var states) ? states : [];

    /// <summary>
    /// Tells whether <paramref name="trigger"/> may lead from <paramref name="state"/> to <paramref name="destination"/>: a transition's
    /// destination (whichever its guards choose), or the state itself for an internal action.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="destination">The state it should lead to.</param>
    /// <returns><see langword="false"/> when the state ignores the trigger, has no rule for it, or leads elsewhere.</returns>
    public bool Leads(TState state, TTrigger trigger, TState destination) => (_destinations[Index(state, trigger)] & (1UL << EnumIndex<TState>.Of(destination))) != 0;

    /// <summary>
    /// Enters <paramref name="destination"/> from <paramref name="source"/> on <paramref name="trigger"/> where the rules have no such
    /// transition (a followed SDK that reported it): runs the destination's entry actions the rules state for that trigger
    /// (<see cref="Rules.OnEntry"/>, and <see cref="Rules.OnEntryFrom"/> of the same trigger), in their order, after the source's exit
    /// actions (<see cref="Rules.OnExit"/>: a login waiting in Connecting ends), as a transition runs them, outside Stateless, whose state
    /// is only the machine's. No guard runs.
    /// </summary>
    /// <param name="machine">The instance.</param>
    /// <param name="source">The state it leaves.</param>
    /// <param name="destination">The state it enters.</param>
    /// <param name="trigger">The trigger the report stands for.</param>
    /// <param name="args">What the trigger carries.</param>
    /// <param name="at">The instant the step's events carry.</param>
    /// <param name="anchor">The timestamp deadlines count from.</param>
    public void Jump(TMachine machine, TState source, TState destination, TTrigger trigger, in FireArgs<TReason> args, DateTimeOffset at, long anchor)
    {
        // Stryker disable once Conditional : an action reads Step.Args only for a trigger the table declared with Carries.
        var parameters = _carries[EnumIndex<TTrigger>.Of(trigger)] ? new object[] { args } : [];
        var step = new Step(new StateMachine<TState, TTrigger>.Transition(source, destination, trigger, parameters), at, anchor);
        foreach (var exit in _exitActions)
        {
            if (EqualityComparer<TState>.Default.Equals(exit.State, source))
            {
                exit.Action(machine, step);
            }
        }

        foreach (var entry in _entryActions)
        {
            if (EqualityComparer<TState>.Default.Equals(entry.State, destination) && (entry.From is null || EqualityComparer<TTrigger>.Default.Equals(entry.From.Value, trigger)))
            {
                entry.Action(machine, step);
            }
        }
    }

    /// <summary>Describes the table for its diagrams; Stateless gives the initial state as the one instances start in.</summary>
    /// <param name="name">The machine's name in the diagrams.</param>
    /// <returns>The description.</returns>
    public MachineDescription Describe(string name) => new(name, _model.Machine.GetInfo(), _internalActions.ToArray());

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
        if (RuleFor(state, trigger) == Rule.Ignored)
        {
            return FireOutcome.Ignored;
        }

        var engine = Enter(machine, state, at, anchor, trigger);
        try
        {
            if (_carries[EnumIndex<TTrigger>.Of(trigger)])
            {
                engine.Machine.Fire(engine.Carried[EnumIndex<TTrigger>.Of(trigger)]!, args);
            }
            else
            {
                engine.Machine.Fire(trigger);
            }

            state = engine.State;
            return engine.Outcome;
        }
        finally
        {
            engine.Leave();
        }
    }

    /// <summary>Gets the kind of rule <paramref name="state"/> has for <paramref name="trigger"/>, as its name (None, Unconditional, Ignored, Guarded), for the tests.</summary>
    /// <param name="state">The state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The rule's kind.</returns>
    internal string RuleKind(TState state, TTrigger trigger) => RuleFor(state, trigger).ToString();

    /// <summary>Tells whether <paramref name="trigger"/> carries its data as a Stateless parameter, for the tests.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns><see langword="true"/> when <see cref="Carries"/> declared it.</returns>
    internal bool IsCarried(TTrigger trigger) => _carries[EnumIndex<TTrigger>.Of(trigger)];

    private static int Index(TState state, TTrigger trigger) => (EnumIndex<TState>.Of(state) * EnumIndex<TTrigger>.Count) + EnumIndex<TTrigger>.Of(trigger);

    private Rule RuleFor(TState state, TTrigger trigger) => _rules[Index(state, trigger)];

    // Several rules for one pair (mutually guarded permits, a guarded permit and a guarded ignore) make it guarded.
    private void Mark(TState state, TTrigger trigger, Rule rule)
    {
        ref var slot = ref _rules[Index(state, trigger)];
        // Stryker disable once Conditional : a second rule for a pair is guarded itself (Stateless fires a pair with two unguarded rules, or an unguarded and a guarded one whose guard holds, as an error), so the second mark is already Guarded.
        slot = slot == Rule.None ? rule : Rule.Guarded;
    }

    // This thread's free engine for a fire of machine: its first, or, inside a fire of another instance, the next one down.
    private Engine Enter(TMachine machine, TState state, DateTimeOffset at, long anchor, TTrigger trigger)
    {
        var engine = Ambient.EngineOf(_id) as Engine ?? (Engine)Ambient.Keep(_id, Build(recordActions: false));
        while (engine.Busy)
        {
            if (ReferenceEquals(engine.Instance, machine))
            {
                throw new InvalidOperationException($"{typeof(TMachine).Name} was fired ({trigger}) inside its own fire; a call from inside a fire must be queued.");
            }

            engine = engine.Nested ??= Build(recordActions: false);
        }

        engine.Enter(machine, state, at, anchor);
        return engine;
    }

    // Plays the rules into a new engine. The table's own (the model) records the internal actions' descriptions for the diagrams.
    private Engine Build(bool recordActions)
    {
        lock (_buildGate)
        {
            var engine = new Engine(InitialState, recordActions);
            _building = engine;
            try
            {
                _configure(this);
            }
            finally
            {
                _building = null;
            }

            // Every state is configured, so that no fire ever adds one to the engine.
            foreach (var state in EnumValues<TState>.All)
            {
                engine.Machine.Configure(state);
            }

            return engine;
        }
    }

    /// <summary>What the table says of a state and a trigger.</summary>
    private enum Rule : byte
    {
        /// <summary>No rule: the trigger is not permitted there.</summary>
        None,

        /// <summary>A transition or an internal action without a guard.</summary>
        Unconditional,

        /// <summary>An ignore without a guard: answered without firing.</summary>
        Ignored,

        /// <summary>Only rules with guards: a fire, or Stateless's <c>CanFire</c>, runs them to tell.</summary>
        Guarded,
    }

    /// <summary>
    /// A Stateless engine configured with the table's rules, and the context of the one fire it runs at a time: the instance, its state
    /// as Stateless moves it, what the fire did, and its instants. Its accessor, actions and guards read that context from its fields.
    /// </summary>
    internal sealed class Engine
    {
        public Engine(TState initialState, bool recordActions)
        {
            RecordActions = recordActions;
            // Stateless reads the initial state once, in its constructor: the only read of the state outside a fire.
            (Busy, State) = (true, initialState);
            Machine = new StateMachine<TState, TTrigger>(
                () => Busy ? State : throw OutsideAFire(),
                // Stryker disable once Conditional : Stateless sets the state only inside a fire, after reading it, so the read throws first outside one.
                state => State = Busy ? state : throw OutsideAFire(),
                FiringMode.Immediate);
            Busy = false;
            Machine.OnUnhandledTrigger((_, _) => Outcome = FireOutcome.NotPermitted);
            Machine.OnTransitioned(_ => Outcome = FireOutcome.Transitioned);
        }

        public StateMachine<TState, TTrigger> Machine { get; }

        public StateMachine<TState, TTrigger>.TriggerWithParameters<FireArgs<TReason>>?[] Carried { get; } = new StateMachine<TState, TTrigger>.TriggerWithParameters<FireArgs<TReason>>?[EnumIndex<TTrigger>.Count];

        public bool RecordActions { get; }

        public bool Busy { get; private set; }

        public TMachine? Instance { get; private set; }

        public TState State { get; private set; }

        public FireOutcome Outcome { get; set; }

        public DateTimeOffset At { get; private set; }

        public long Anchor { get; private set; }

        /// <summary>Gets or sets the engine a fire of another instance, made inside this engine's fire, runs on.</summary>
        public Engine? Nested { get; set; }

        public void Enter(TMachine machine, TState state, DateTimeOffset at, long anchor)
        {
            (Busy, Instance, State, At, Anchor) = (true, machine, state, at, anchor);
            // Unless Stateless reports a transition, an internal action or an unhandled trigger, the trigger was ignored.
            Outcome = FireOutcome.Ignored;
        }

        public void Leave() => (Busy, Instance) = (false, null);

        public Step Step(StateMachine<TState, TTrigger>.Transition transition) => new(transition, At, Anchor);

        private static InvalidOperationException OutsideAFire() => new(
            $"The {typeof(TMachine).Name} table's engine was asked for its state outside a fire: only MachineTable.Fire may run it.");
    }

    /// <summary>An entry (or exit) action as the rules state it: the state, the trigger it is limited to (none for every entry), the action.</summary>
    private sealed record EntryAction(TState State, TTrigger? From, Action<TMachine, Step> Action);

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
        private readonly Engine _engine;
        private readonly StateMachine<TState, TTrigger>.StateConfiguration _state;

        internal Rules(MachineTable<TMachine, TState, TTrigger, TReason> table, Engine engine, StateMachine<TState, TTrigger>.StateConfiguration state)
        {
            _table = table;
            _engine = engine;
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
            var engine = _engine;
            _state.PermitIf(trigger, destination, () => guard(engine.Instance!), description);
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
            var engine = _engine;
            _state.IgnoreIf(trigger, () => guard(engine.Instance!), description);
            return this;
        }

        /// <summary>Runs <paramref name="action"/> on <paramref name="trigger"/> without leaving the state; the diagrams print <paramref name="description"/>.</summary>
        public Rules Internal(TTrigger trigger, Action<TMachine, Step> action, string description)
        {
            var engine = _engine;
            if (engine.RecordActions)
            {
                _table._internalActions.Add(new InternalAction(State.ToString(), trigger.ToString(), description));
            }

            _state.InternalTransition(trigger, transition =>
            {
                engine.Outcome = FireOutcome.Internal;
                action(engine.Instance!, engine.Step(transition));
            });
            return this;
        }

        /// <summary>Runs <paramref name="action"/> whenever the state is entered.</summary>
        public Rules OnEntry(Action<TMachine, Step> action, string description)
        {
            var engine = _engine;
            _state.OnEntry(transition => action(engine.Instance!, engine.Step(transition)), description);
            RecordEntry(null, action);
            return this;
        }

        /// <summary>Runs <paramref name="action"/> when the state is entered on <paramref name="trigger"/>.</summary>
        public Rules OnEntryFrom(TTrigger trigger, Action<TMachine, Step> action, string description)
        {
            var engine = _engine;
            _state.OnEntryFrom(trigger, transition => action(engine.Instance!, engine.Step(transition)), description);
            RecordEntry(trigger, action);
            return this;
        }

        // The model's build keeps the entry actions for Jump; the engines' builds state the same ones again.
        private void RecordEntry(TTrigger? from, Action<TMachine, Step> action)
        {
            if (_engine.RecordActions)
            {
                _table._entryActions.Add(new EntryAction(State, from, action));
            }
        }

        /// <summary>Runs <paramref name="action"/> whenever the state is left.</summary>
        public Rules OnExit(Action<TMachine, Step> action, string description)
        {
            var engine = _engine;
            _state.OnExit(transition => action(engine.Instance!, engine.Step(transition)), description);
            if (_engine.RecordActions)
            {
                _table._exitActions.Add(new EntryAction(State, null, action));
            }

            return this;
        }
    }
}

/// <summary>The engines of every table that fired on this thread, by table: the one ambient value of the machines, read once per fire.</summary>
file static class Ambient
{
    // Stryker disable once Unary : where the numbers start only moves every table's slot; each still has one of its own.
    private static int _lastTableId = -1;

    [ThreadStatic]
    private static object?[]? _engines;

    public static int NewTableId() => Interlocked.Increment(ref _lastTableId);

    public static object? EngineOf(int table) => _engines is { } engines && (uint)table < (uint)engines.Length ? engines[table] : null;

    public static object Keep(int table, object engine)
    {
        // Stryker disable once Linq,Math,Arithmetic : a first store too small for the table is grown just below before it is used.
        var engines = _engines ?? new object?[Math.Max(8, table + 1)];
        if (table >= engines.Length)
        {
            // Stryker disable once Arithmetic : the doubling only spares growing on every new table; table + 1 alone holds it.
            Array.Resize(ref engines, Math.Max(engines.Length * 2, table + 1));
        }

        engines[table] = engine;
        _engines = engines;
        return engine;
    }
}
