namespace Agora.Connectivity.Internal.StateMachines;

/// <summary>
/// A frozen, validated transition table. It holds no state of its own: the machine keeps its
/// current state and calls <see cref="Fire"/> under its own lock, so one table serves every instance.
/// </summary>
internal sealed class TransitionTable<TContext, TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly Dictionary<TState, StateRepresentation> _states;

    internal TransitionTable(
        StateMachineBuilder<TContext, TState, TTrigger> builder,
        IReadOnlyList<StateMachineBuilder<TContext, TState, TTrigger>.StateBuilder> states)
    {
        Name = builder.Name;
        InitialState = builder.InitialState;
        _states = states.ToDictionary(s => s.State, s => new StateRepresentation(s));
        Info = new StateMachineInfo(
            Name,
            InitialState.ToString(),
            states.Select(DescribeState).ToList());
    }

    public string Name { get; }

    public TState InitialState { get; }

    /// <summary>Gets the read-only description of the table, from which the diagrams are drawn.</summary>
    public StateMachineInfo Info { get; }

    /// <summary>
    /// Applies <paramref name="trigger"/> to <paramref name="state"/>: exit actions of the old state,
    /// the new state stored, entry actions of the new state.
    /// </summary>
    /// <exception cref="InvalidOperationException">More than one guard allowed the trigger.</exception>
    public FireResult Fire(TContext context, ref TState state, TTrigger trigger)
    {
        var representation = _states[state];
        var rule = representation.Find(context, trigger);
        if (rule is null)
        {
            return FireResult.NotPermitted;
        }

        switch (rule.Kind)
        {
            case StateMachineBuilder<TContext, TState, TTrigger>.RuleKind.Ignore:
                return FireResult.Ignored;
            case StateMachineBuilder<TContext, TState, TTrigger>.RuleKind.Internal:
                rule.Action!(context, new Transition<TState, TTrigger>(state, state, trigger));
                return FireResult.Internal;
            default:
                var transition = new Transition<TState, TTrigger>(state, rule.Destination, trigger);
                foreach (var exit in representation.ExitActions)
                {
                    exit.Action(context, transition);
                }

                state = rule.Destination;
                foreach (var entry in _states[state].EntryActions)
                {
                    entry.Action(context, transition);
                }

                return FireResult.Transitioned;
        }
    }

    /// <summary>Lists the triggers that <paramref name="state"/> acts on (permits or internal transitions), for error messages.</summary>
    public IReadOnlyList<TTrigger> HandledTriggers(TState state)
        => _states[state].Rules
            .Where(rule => rule.Kind != StateMachineBuilder<TContext, TState, TTrigger>.RuleKind.Ignore)
            .Select(rule => rule.Trigger)
            .Distinct()
            .ToList();

    private static StateInfo DescribeState(StateMachineBuilder<TContext, TState, TTrigger>.StateBuilder state)
    {
        var name = state.State.ToString();
        var transitions = state.Rules
            .Where(rule => rule.Kind != StateMachineBuilder<TContext, TState, TTrigger>.RuleKind.Ignore)
            .Select(rule => new TransitionInfo(
                rule.Trigger.ToString(),
                name,
                rule.Destination.ToString(),
                rule.GuardDescription,
                rule.Kind == StateMachineBuilder<TContext, TState, TTrigger>.RuleKind.Internal,
                rule.ActionDescription))
            .ToList();
        var ignored = state.Rules
            .Where(rule => rule.Kind == StateMachineBuilder<TContext, TState, TTrigger>.RuleKind.Ignore)
            .Select(rule => rule.Trigger.ToString())
            .ToList();
        return new StateInfo(
            name,
            state.EntryActions.Select(action => action.Description).ToList(),
            state.ExitActions.Select(action => action.Description).ToList(),
            transitions,
            ignored);
    }

    private sealed class StateRepresentation
    {
        private readonly Dictionary<TTrigger, StateMachineBuilder<TContext, TState, TTrigger>.Rule[]> _rules;

        public StateRepresentation(StateMachineBuilder<TContext, TState, TTrigger>.StateBuilder builder)
        {
            State = builder.State;
            Rules = builder.Rules.ToArray();
            EntryActions = builder.EntryActions.ToArray();
            ExitActions = builder.ExitActions.ToArray();
            _rules = Rules.GroupBy(rule => rule.Trigger).ToDictionary(group => group.Key, group => group.ToArray());
        }

        public TState State { get; }

        public StateMachineBuilder<TContext, TState, TTrigger>.Rule[] Rules { get; }

        public StateMachineBuilder<TContext, TState, TTrigger>.StateAction[] EntryActions { get; }

        public StateMachineBuilder<TContext, TState, TTrigger>.StateAction[] ExitActions { get; }

        public StateMachineBuilder<TContext, TState, TTrigger>.Rule? Find(TContext context, TTrigger trigger)
        {
            if (!_rules.TryGetValue(trigger, out var candidates))
            {
                return null;
            }

            StateMachineBuilder<TContext, TState, TTrigger>.Rule? found = null;
            foreach (var rule in candidates)
            {
                if (rule.Guard is null || rule.Guard(context))
                {
                    if (found is not null)
                    {
                        throw new InvalidOperationException(
                            $"More than one guard of state '{State}' allows trigger '{trigger}': '{found.GuardDescription}' and '{rule.GuardDescription}'.");
                    }

                    found = rule;
                }
            }

            return found;
        }
    }
}
