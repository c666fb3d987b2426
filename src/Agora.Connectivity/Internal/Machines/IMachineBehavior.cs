namespace Agora.Connectivity.Internal.Machines;

/// <summary>What a connection machine tells its <see cref="MachineRuntime{TMachine, TState, TTrigger, TReason}"/>: its deadlines and its state-change event.</summary>
internal interface IMachineBehavior<TState, TTrigger, TReason>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>
    /// Finds the next deadline of <paramref name="state"/> and the timestamp it is due at, counted from its
    /// documented anchor (the last server data, the interruption, the join), never from when a timer callback
    /// ran; or <see langword="null"/> when the state has none.
    /// </summary>
    TTrigger? NextDeadline_NeedsLock(TState state, out long dueAt);

    /// <summary>Gets the reason a deadline's transition reports.</summary>
    TReason DeadlineReason(TTrigger deadline);

    /// <summary>Gets the machine's name in metrics: <c>rtc</c> or <c>rtm</c>.</summary>
    string MetricName { get; }

    /// <summary>Tells whether entering <paramref name="state"/> for <paramref name="reason"/> is a failure (counted in the failures metric).</summary>
    bool IsFailure(TState state, TReason reason);

    /// <summary>Gets a value indicating whether <paramref name="state"/> is an outage: the connection was lost and is being restored (Reconnecting).</summary>
    bool IsOutage(TState state);

    /// <summary>Creates the machine's state-change event.</summary>
    ConnectivityEvent StateChanged(TState previousState, TState state, TReason reason, DateTimeOffset timestamp);
}
