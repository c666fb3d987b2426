namespace Agora.Connectivity.Internal.Machines;

/// <summary>What a connection machine tells its <see cref="MachineRuntime{TMachine, TState, TTrigger, TReason}"/> besides its table: its deadlines, how it is graded and named, and its state-change event.</summary>
internal interface IMachineBehavior<TState, TTrigger, TReason>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>Gets the machine's name in metrics and traces: <c>rtc</c>, <c>rtm</c> or <c>rtm2</c>.</summary>
    string MetricName { get; }

    /// <summary>
    /// Offers every deadline of <paramref name="state"/> to <paramref name="deadlines"/>, each at the timestamp it is due, counted from
    /// its documented anchor (the last server data, the interruption, the join), never from when a timer callback ran. Of two due at
    /// one instant, the one offered first is next.
    /// </summary>
    void OfferDeadlines_NeedsLock(TState state, ref Deadlines<TTrigger> deadlines);

    /// <summary>
    /// Gets the reason a command reports in the state it runs in: <paramref name="reason"/>, or another where the state decides it (an
    /// RTM 2.x login from FAILED is a RELOGIN). Asked under the lock, right before the command fires.
    /// </summary>
    TReason CommandReason(TState state, TTrigger command, TReason reason);

    /// <summary>Gets the reason a deadline's transition reports.</summary>
    TReason DeadlineReason(TTrigger deadline);

    /// <summary>Tells whether entering <paramref name="state"/> for <paramref name="reason"/> is a failure (counted in the failures metric).</summary>
    bool IsFailure(TState state, TReason reason);

    /// <summary>Gets a value indicating whether <paramref name="state"/> is an outage: the connection was lost and is being restored.</summary>
    bool IsOutage(TState state);

    /// <summary>Grades <paramref name="state"/> for a health check.</summary>
    ConnectionHealth Health(TState state);

    /// <summary>Creates the machine's state-change event.</summary>
    ConnectivityEvent StateChanged(TState previousState, TState state, TReason reason, DateTimeOffset timestamp);
}
