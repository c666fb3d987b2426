using Agora.Connectivity.Internal.Dispatch;
using Microsoft.Extensions.Logging;
using Stateless;

namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// Everything a connection machine runs on, once: its lock, its state, its one timer, the dispatcher its events
/// go through, and the waiters for a state; and the table of its type, whose Stateless engine fires every
/// transition (<see cref="MachineTable{TMachine, TState, TTrigger, TReason}"/>, configured in the machine's
/// <c>*.Table.cs</c>). Through <see cref="IMachineBehavior{TState, TTrigger, TReason}"/> the machine supplies its
/// deadlines and state-change event.
/// </summary>
/// <remarks>
/// <para>Every change goes through <see cref="Fire_NeedsLock"/>: Stateless moves the state and runs the
/// guards and entry actions (which only note facts with <see cref="AddFact_NeedsLock"/>), then the state
/// change is raised, then the facts, then every deadline already due fires and the timer is armed for the
/// next one. The timer's callback does the same; a stale callback finds nothing due and only re-arms.</para>
/// <para>Stateless runs inside the lock, in <see cref="FiringMode.Immediate"/> (run-to-completion is the
/// dispatcher's job, across threads and handlers; Stateless's queue would only carry a trigger of an
/// action that threw into the next, unrelated fire). Its state lives in a scratch property copied in before
/// each fire and out after it returns, so an exception in an action never leaves the machine's
/// <see cref="State"/> and Stateless's disagreeing. An unhandled trigger takes Stateless's
/// <c>OnUnhandledTrigger</c> path, never its throwing default. Nothing here calls the members that run
/// guards on a pool thread (<c>PermittedTriggers</c>, <c>GetPermittedTriggers</c>, <c>ToString</c>):
/// under this lock, with guards that read the machine, they could deadlock.</para>
/// </remarks>
internal sealed class MachineRuntime<TMachine, TState, TTrigger, TReason>
    where TMachine : IMachineBehavior<TState, TTrigger, TReason>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly TMachine _machine;
    private readonly StateWaiters<TState> _waiters = new();
    private readonly List<ConnectivityEvent> _facts = [];
    private readonly MachineTable<TMachine, TState, TTrigger, TReason> _table;
    private TState _state;
    private ITimer? _timer;
    private DateTimeOffset _lastRaisedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _stateSince;
    private OutageTrace? _outage;
    // The reason of the change into the current state, formatted only when a health check asks (not on every transition).
    private TReason _stateReason = default!;
    private bool _stateChanged;

    public MachineRuntime(TMachine machine, MachineTable<TMachine, TState, TTrigger, TReason> table, TState initialState, ITimeProvider time, ILogger logger, ConnectivityMetrics metrics, string sourceName)
    {
        _machine = machine;
        _table = table;
        Metrics = metrics;
        _state = EngineState = initialState;
        Time = time;
        _stateSince = time.GetUtcNow();
        Logger = logger;
        SourceName = sourceName;
        Dispatcher = new EventDispatcher(Gate, machine, sourceName, logger);
    }

    /// <summary>Gets the machine this runtime runs, for the table's actions (<see cref="MachineTable{TMachine, TState, TTrigger, TReason}.Current"/>).</summary>
    public TMachine Machine => _machine;

    /// <summary>
    /// Gets or sets the state the shared Stateless engine reads and writes during a fire: copied in before each fire and out only
    /// when it returns, so an action that throws leaves <see cref="State"/> where it was.
    /// </summary>
    internal TState EngineState { get; set; }

    /// <summary>Gets or sets what the fire in progress did, as the table's Stateless callbacks report it.</summary>
    internal FireOutcome Outcome { get; set; }

    public object Gate { get; } = new();

    public EventDispatcher Dispatcher { get; }

    public ITimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>Gets where the machine's measurements go: its host's meter, or the shared one.</summary>
    public ConnectivityMetrics Metrics { get; }

    public string SourceName { get; }

    /// <summary>Gets or sets the name a host registered the machine under, for its traces; <see langword="null"/> when it has none.</summary>
    public string? ConnectionName { get; set; }

    /// <summary>Gets the instant of the transition in progress, for the events its actions create.</summary>
    public DateTimeOffset TransitionTime { get; private set; }

    /// <summary>
    /// Gets the timestamp at which the deadline being fired was due (its documented instant), which
    /// an entry action uses as the anchor of the deadlines that follow. Valid only while a deadline fires.
    /// </summary>
    public long DeadlineDueAt { get; private set; }

    public TState State
    {
        get
        {
            lock (Gate)
            {
                return _state;
            }
        }
    }

    public TState State_NeedsLock => _state;

    /// <summary>Gets the current state, the reason of the change into it and since when, graded by <paramref name="health"/>.</summary>
    public ConnectionStatus Status(Func<TState, ConnectionHealth> health)
    {
        lock (Gate)
        {
            return new ConnectionStatus(_state.ToString(), _stateChanged ? _stateReason!.ToString() : null, _stateSince, health(_state));
        }
    }

    public void ThrowIfDisposed()
    {
        if (Dispatcher.IsDisposed)
        {
            throw new ObjectDisposedException(SourceName);
        }
    }

    /// <summary>Describes the machine's table for its diagrams.</summary>
    public MachineDescription Describe(string name) => _table.Describe(name);

    /// <summary>Notes a fact to raise after the state change of the transition in progress.</summary>
    public void AddFact_NeedsLock(ConnectivityEvent fact) => _facts.Add(fact);

    /// <summary>
    /// Applies <paramref name="trigger"/>: state change, then the facts; then, when the state or its deadlines
    /// changed, every deadline already due fires in turn and the timer is armed for the next.
    /// </summary>
    /// <param name="trigger">What happened.</param>
    /// <param name="reason">The reason the state change reports.</param>
    /// <param name="at">The instant of the change; now when <see langword="null"/>.</param>
    public FireOutcome Fire_NeedsLock(TTrigger trigger, TReason reason, DateTimeOffset? at = null)
    {
        var result = FireOnce_NeedsLock(trigger, reason, at ?? Time.GetUtcNow());
        if (result is FireOutcome.Transitioned or FireOutcome.Internal)
        {
            Settle_NeedsLock();
        }

        return result;
    }

    /// <summary>
    /// Applies an app command that the caller may make only in some states: checked and fired in one hold of the lock, so
    /// two threads cannot both pass the check. From a handler the command is queued and judged when it runs (one not
    /// allowed then is logged, <see cref="Command_NeedsLock"/>); from anywhere else <paramref name="refusal"/> is asked
    /// under the lock and, when it names a reason, that is thrown as an <see cref="InvalidOperationException"/>.
    /// </summary>
    /// <param name="target">The argument of <paramref name="apply_NeedsLock"/>.</param>
    /// <param name="refusal">Why the command is not allowed in a state, or <see langword="null"/> when it is.</param>
    /// <param name="apply_NeedsLock">The command, run under the lock once allowed.</param>
    /// <exception cref="InvalidOperationException">The state does not allow the command (not thrown from a handler).</exception>
    /// <exception cref="ObjectDisposedException">The machine is disposed (not thrown from a handler).</exception>
    public void RunCommand<T>(T target, Func<TState, string?> refusal, Action<T> apply_NeedsLock)
    {
        ThrowIfDisposed();
        if (Dispatcher.IsCurrentThreadDispatching)
        {
            Dispatcher.Run(target, apply_NeedsLock);
            return;
        }

        Dispatcher.Run(
            (Runtime: this, Target: target, Refusal: refusal, Apply: apply_NeedsLock),
            static s =>
            {
                if (s.Refusal(s.Runtime._state) is { } message)
                {
                    throw new InvalidOperationException(message);
                }

                s.Apply(s.Target);
            },
            abandoned: static s => throw new ObjectDisposedException(s.Runtime.SourceName));
    }

    /// <summary>
    /// Applies the report of an accepted join or login, which counts as data from the server at its instant: the data is
    /// stamped and the transition timed from one reading of the clock, so the silence that follows is measured from the very
    /// instant the events carry.
    /// </summary>
    /// <param name="lastServerData">The machine's last-data stamp.</param>
    /// <param name="trigger">The acceptance.</param>
    /// <param name="reason">The reason the state change reports.</param>
    /// <param name="report">The report's name, for the log.</param>
    public void ReportAccepted_NeedsLock(ref long lastServerData, TTrigger trigger, TReason reason, string report)
    {
        var (now, timestamp) = TimeMath.Now(Time);
        TimeMath.Stamp(ref lastServerData, timestamp);
        Report_NeedsLock(trigger, reason, report, now);
    }

    /// <summary>Applies an app command; one that is no longer allowed when it runs (it was made from a handler) is logged.</summary>
    public void Command_NeedsLock(TTrigger trigger, TReason reason, string command)
    {
        if (Fire_NeedsLock(trigger, reason) == FireOutcome.NotPermitted)
        {
            Log.DeferredCallRejected(Logger, SourceName, command, _state.ToString());
        }
    }

    /// <summary>Applies a report; one the state does not act on is ignored and logged at Debug.</summary>
    /// <param name="trigger">What the report says happened.</param>
    /// <param name="reason">The reason the state change reports.</param>
    /// <param name="report">The report's name, for the log.</param>
    /// <param name="at">The instant of the report; now when <see langword="null"/>.</param>
    public void Report_NeedsLock(TTrigger trigger, TReason reason, string report, DateTimeOffset? at = null)
    {
        if (Fire_NeedsLock(trigger, reason, at) is FireOutcome.NotPermitted or FireOutcome.Ignored)
        {
            if (Logger.IsEnabled(LogLevel.Debug))
            {
                Log.ReportIgnored(Logger, SourceName, report, _state.ToString());
            }
        }
    }

    public Task WaitForStateAsync(TState state, CancellationToken cancellationToken)
    {
        StateWaiters<TState>.Waiter waiter;
        Task task;
        lock (Gate)
        {
            if (Dispatcher.IsDisposed)
            {
                return Task.FromException(new ObjectDisposedException(SourceName));
            }

            if (EqualityComparer<TState>.Default.Equals(_state, state))
            {
                return Task.CompletedTask;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled(cancellationToken);
            }

            task = _waiters.Add_NeedsLock(state, out waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (Gate)
                {
                    _waiters.Cancel_NeedsLock(waiter, cancellationToken);
                }
            });
            Registrations.DisposeWhenDone(task, registration);
        }

        return task;
    }

    /// <summary>Registers what runs once the machine is disposed, outside its lock (<see cref="EventDispatcher.OnDisposed"/>).</summary>
    public void OnDisposed(Action stop) => Dispatcher.OnDisposed(stop);

    /// <summary>Withdraws a registration of <see cref="OnDisposed"/>.</summary>
    public void RemoveOnDisposed(Action stop) => Dispatcher.RemoveOnDisposed(stop);

    /// <summary>Runs what <see cref="OnDisposed"/> registered, once; call it after <see cref="Dispose_NeedsLock"/>, outside the lock.</summary>
    public void NotifyDisposed() => Dispatcher.NotifyDisposed();

    /// <summary>Disposes the dispatcher and the timer and faults the waiters; returns <see langword="false"/> when already disposed.</summary>
    public bool Dispose_NeedsLock()
    {
        if (Dispatcher.IsDisposed)
        {
            return false;
        }

        if (_outage is { } open)
        {
            // The dispatcher drops what it had queued; the outage ends with the machine, after the lock (NotifyDisposed).
            _outage = null;
            open.SetEnd(Time.GetUtcNow(), "Disposed", "Disposed", failed: false);
            Dispatcher.OnDisposed(open.End);
        }

        Dispatcher.Dispose_NeedsLock();
        _timer?.Dispose();
        _timer = null;
        _waiters.Fail_NeedsLock(new ObjectDisposedException(SourceName));
        return true;
    }

    // One trigger: Stateless moves the state and runs the actions, then the state change and the facts are raised.
    // Its events carry its instant, but never one earlier than the events raised before them: a deadline anchored to data
    // stamped a moment before a transition that took the lock later, or a clock another thread moved between the two, would
    // otherwise tell the stream out of order.
    private FireOutcome FireOnce_NeedsLock(TTrigger trigger, TReason reason, DateTimeOffset at)
    {
        var previous = _state;
        TransitionTime = at < _lastRaisedAt ? _lastRaisedAt : at;
        var result = FireEngine_NeedsLock(trigger, reason);
        var state = _state;
        if (result == FireOutcome.Transitioned || _facts.Count > 0)
        {
            _lastRaisedAt = TransitionTime;
        }

        if (result == FireOutcome.Transitioned)
        {
            if (Logger.IsEnabled(LogLevel.Information))
            {
                Log.StateChanged(Logger, SourceName, previous.ToString(), state.ToString(), reason!.ToString()!);
            }

            RecordMetrics(state, reason);
            (_stateReason, _stateChanged, _stateSince) = (reason, true, TransitionTime);
            TraceOutage_NeedsLock(state, reason);
            Dispatcher.Raise_NeedsLock(_machine.StateChanged(previous, state, reason, TransitionTime));
            _waiters.Reached_NeedsLock(state);
        }

        foreach (var fact in _facts)
        {
            Dispatcher.Raise_NeedsLock(fact);
        }

        _facts.Clear();
        return result;
    }

    // Stateless's state is copied in before the fire and out only when it returns: an action that
    // throws leaves the machine where it was, and the facts it noted are dropped with it.
    private FireOutcome FireEngine_NeedsLock(TTrigger trigger, TReason reason)
    {
        // A trigger the table ignores is answered from Stateless's model without firing.
        if (_table.Ignored.Contains((_state, trigger)))
        {
            return FireOutcome.Ignored;
        }

        EngineState = _state;
        Outcome = FireOutcome.Ignored; // unless Stateless reports a transition, an internal action or an unhandled trigger
        try
        {
            _table.Fire(this, trigger, reason);
        }
        catch
        {
            _facts.Clear();
            throw;
        }

        _state = EngineState;
        return Outcome;
    }

    private void RecordMetrics(TState state, TReason reason)
    {
        if (Metrics.Transitions.Enabled)
        {
            Metrics.Transition(_machine.MetricName, state.ToString(), reason!.ToString()!, ConnectionName);
        }

        if (Metrics.Failures.Enabled && _machine.IsFailure(state, reason))
        {
            Metrics.Failed(_machine.MetricName, reason!.ToString()!, ConnectionName);
        }
    }

    // An outage is an activity from entering Reconnecting to leaving it (Connected, Failed, a leave, or the machine's dispose). It is
    // started and ended outside the lock, in order with the events, by the dispatcher; nothing at all while nobody listens.
    private void TraceOutage_NeedsLock(TState state, TReason reason)
    {
        if (_outage is { } open && !_machine.IsOutage(state))
        {
            _outage = null;
            open.SetEnd(TransitionTime, state.ToString(), reason!.ToString()!, _machine.IsFailure(state, reason));
            Dispatcher.Post_NeedsLock(open.End);
        }
        else if (_outage is null && _machine.IsOutage(state) && ConnectivityTracing.Source.HasListeners())
        {
            var outage = _outage = new OutageTrace($"agora.{_machine.MetricName}.outage", _machine.MetricName, ConnectionName, TransitionTime, reason!.ToString()!);
            Dispatcher.Post_NeedsLock(outage.Start);
        }
    }

    private void OnTimer() => Dispatcher.Run(this, static r => r.Settle_NeedsLock());

    // Fires every deadline already due, each at its own documented instant (DeadlineDueAt), however late
    // this runs, then arms the timer for the next one: a deadline that follows another counts from the first
    // one's due time, and each transition's events are stamped with its due instant, so a late callback (a
    // loaded machine, or a fake clock that runs every due callback at the end of a long step) tells the same
    // timeline. A deadline due at once (a token given already expired) fires here, before the command that
    // made it due returns; a stale timer callback finds nothing due and only re-arms.
    private void Settle_NeedsLock()
    {
        while (_machine.NextDeadline_NeedsLock(_state, out var dueAt) is { } due)
        {
            var remaining = TimeMath.Elapsed(Time, Time.GetTimestamp(), dueAt);
            if (remaining > TimeSpan.Zero)
            {
                Arm_NeedsLock(remaining);
                return;
            }

            Log.DeadlineReached(Logger, SourceName, due.ToString(), _state.ToString());
            DeadlineDueAt = dueAt;
            FireOnce_NeedsLock(due, _machine.DeadlineReason(due), TimeMath.InstantOf(Time, dueAt));
        }

        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    // A deadline further away than a timer can hold (a token valid for months) is armed at the longest
    // delay; that callback finds nothing due and re-arms for the rest.
    private void Arm_NeedsLock(TimeSpan delay)
    {
        delay = delay > TimeMath.MaxTimerDelay ? TimeMath.MaxTimerDelay : delay;
        if (_timer is null)
        {
            _timer = Time.CreateTimer(static state => ((MachineRuntime<TMachine, TState, TTrigger, TReason>)state!).OnTimer(), this, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }
}
