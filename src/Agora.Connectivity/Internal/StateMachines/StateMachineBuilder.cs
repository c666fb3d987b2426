namespace Agora.Connectivity.Internal.StateMachines;

/// <summary>
/// Declares a machine's transition table in Stateless's style: configure each state, permit
/// triggers to destinations (optionally guarded), add internal transitions, ignore triggers and
/// attach entry/exit actions. <see cref="Build"/> checks the whole table and freezes it.
/// </summary>
/// <remarks>
/// This is the one seam between the machines and their table engine: a machine sees only this
/// builder and the <see cref="TransitionTable{TContext, TState, TTrigger}"/> it builds, so Stateless
/// could replace the engine without touching a machine's declaration.
/// </remarks>
/// <typeparam name="TContext">The machine instance that guards and actions run against.</typeparam>
/// <typeparam name="TState">The state enumeration.</typeparam>
/// <typeparam name="TTrigger">The trigger enumeration.</typeparam>
internal sealed class StateMachineBuilder<TContext, TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly List<StateBuilder> _states = [];

    public StateMachineBuilder(string name, TState initialState)
    {
        Name = Guard.NotNull(name);
        InitialState = initialState;
    }

    public string Name { get; }

    public TState InitialState { get; }

    /// <summary>Starts (or continues) the configuration of <paramref name="state"/>.</summary>
    public StateBuilder Configure(TState state)
    {
        foreach (var existing in _states)
        {
            if (EqualityComparer<TState>.Default.Equals(existing.State, state))
            {
                return existing;
            }
        }

        var created = new StateBuilder(state);
        _states.Add(created);
        return created;
    }

    /// <summary>Validates the table and returns its frozen form.</summary>
    /// <exception cref="InvalidOperationException">The table has an unknown state or a duplicate or conflicting rule.</exception>
    public TransitionTable<TContext, TState, TTrigger> Build()
    {
        var errors = new List<string>();
        if (!IsConfigured(InitialState))
        {
            errors.Add($"The initial state '{InitialState}' is not configured.");
        }

        foreach (var state in _states)
        {
            foreach (var group in state.Rules.GroupBy(rule => rule.Trigger))
            {
                var rules = group.ToList();
                foreach (var rule in rules)
                {
                    if (rule.Kind == RuleKind.Permit && !IsConfigured(rule.Destination))
                    {
                        errors.Add($"State '{state.State}' permits '{rule.Trigger}' to '{rule.Destination}', which is not configured.");
                    }
                }

                if (rules.Count > 1 && rules.Any(rule => rule.Guard is null))
                {
                    errors.Add(rules.Any(rule => rule.Kind == RuleKind.Ignore)
                        ? $"State '{state.State}' both ignores and handles trigger '{group.Key}'."
                        : $"State '{state.State}' handles trigger '{group.Key}' more than once without guards to tell the rules apart.");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The transition table '{Name}' is invalid: {string.Join(" ", errors)}");
        }

        return new TransitionTable<TContext, TState, TTrigger>(this, _states);
    }

    private bool IsConfigured(TState state)
        => _states.Any(s => EqualityComparer<TState>.Default.Equals(s.State, state));

    internal enum RuleKind
    {
        Permit,
        Internal,
        Ignore,
    }

    /// <summary>One row of a state's table.</summary>
    internal sealed record Rule(
        RuleKind Kind,
        TTrigger Trigger,
        TState Destination,
        Func<TContext, bool>? Guard,
        string? GuardDescription,
        Action<TContext, Transition<TState, TTrigger>>? Action,
        string? ActionDescription);

    /// <summary>An action run on entering or leaving a state, with a description for the diagrams.</summary>
    internal sealed record StateAction(Action<TContext, Transition<TState, TTrigger>> Action, string Description);

    /// <summary>The configuration of one state.</summary>
    internal sealed class StateBuilder
    {
        internal StateBuilder(TState state) => State = state;

        internal TState State { get; }

        internal List<Rule> Rules { get; } = [];

        internal List<StateAction> EntryActions { get; } = [];

        internal List<StateAction> ExitActions { get; } = [];

        /// <summary>The trigger moves the machine to <paramref name="destination"/> (re-entering it when it is this state).</summary>
        public StateBuilder Permit(TTrigger trigger, TState destination)
            => Add(new Rule(RuleKind.Permit, trigger, destination, null, null, null, null));

        /// <summary>The trigger moves the machine to <paramref name="destination"/> when <paramref name="guard"/> allows it.</summary>
        public StateBuilder PermitIf(TTrigger trigger, TState destination, Func<TContext, bool> guard, string guardDescription)
            => Add(new Rule(RuleKind.Permit, trigger, destination, Guard.NotNull(guard), Guard.NotNull(guardDescription), null, null));

        /// <summary>The trigger runs <paramref name="action"/> and the state stays as it is (no exit or entry actions).</summary>
        public StateBuilder InternalTransition(TTrigger trigger, Action<TContext, Transition<TState, TTrigger>> action, string description)
            => Add(new Rule(RuleKind.Internal, trigger, State, null, null, Guard.NotNull(action), Guard.NotNull(description)));

        /// <summary>The trigger is accepted and does nothing.</summary>
        public StateBuilder Ignore(TTrigger trigger)
            => Add(new Rule(RuleKind.Ignore, trigger, State, null, null, null, null));

        /// <summary>Runs <paramref name="action"/> whenever the machine enters this state.</summary>
        public StateBuilder OnEntry(Action<TContext, Transition<TState, TTrigger>> action, string description)
        {
            EntryActions.Add(new StateAction(Guard.NotNull(action), Guard.NotNull(description)));
            return this;
        }

        /// <summary>Runs <paramref name="action"/> whenever the machine leaves this state.</summary>
        public StateBuilder OnExit(Action<TContext, Transition<TState, TTrigger>> action, string description)
        {
            ExitActions.Add(new StateAction(Guard.NotNull(action), Guard.NotNull(description)));
            return this;
        }

        private StateBuilder Add(Rule rule)
        {
            Rules.Add(rule);
            return this;
        }
    }
}
