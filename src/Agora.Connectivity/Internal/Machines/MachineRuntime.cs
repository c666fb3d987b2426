using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Internal.StateMachines;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// Everything a connection machine runs on, once: its lock, its state, its one timer, the dispatcher
/// its events go through, and the waiters for a state. The machine supplies the transition table and,
/// through <see cref="IMachineBehavior{TState, TTrigger, TReason}"/>, its deadlines and state-change event.
/// </summary>
/// <remarks>
/// Every change goes through <see cref="Fire_NeedsLock"/>: the table moves the state (entry actions may
/// note facts with <see cref="AddFact_NeedsLock"/>), then the state change is raised, then the facts,
/// then the timer is re-armed for the new state's next deadline. The timer's callback fires every
/// deadline that is due and re-arms for the next one; a stale callback finds nothing due and only re-arms.
/// </remarks>
internal sealed class MachineRuntime<TMachine, TState, TTrigger, TReason>
    where TMachine : IMachineBehavior<TState, TTrigger, TReason>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly TMachine _machine;
    private readonly TransitionTable<TMachine, TState, TTrigger> _table;
    private readonly StateWaiters<TState> _waiters = new();
    private readonly List<ConnectivityEvent> _facts = [];
    private TState _state;
    private ITimer? _timer;

    public MachineRuntime(TMachine machine, TransitionTable<TMachine, TState, TTrigger> table, ITimeProvider time, ILogger logger, string sourceName)
    {
        _machine = machine;
        _table = table;
        _state = table.InitialState;
        Time = time;
        Logger = logger;
        SourceName = sourceName;
        Dispatcher = new EventDispatcher(Gate, machine, sourceName, logger);
    }

    public object Gate { get; } = new();

    public EventDispatcher Dispatcher { get; }

    public ITimeProvider Time { get; }

    public ILogger Logger { get; }

    public string SourceName { get; }

    /// <summary>Gets the instant of the transition in progress, for the events its actions create.</summary>
    public DateTimeOffset TransitionTime { get; private set; }

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

    public void ThrowIfDisposed()
    {
        if (Dispatcher.IsDisposed)
        {
            throw new ObjectDisposedException(SourceName);
        }
    }

    /// <summary>Notes a fact to raise after the state change of the transition in progress.</summary>
    public void AddFact_NeedsLock(ConnectivityEvent fact) => _facts.Add(fact);

    /// <summary>Applies <paramref name="trigger"/>: state change, then the facts, then the timer for the new state.</summary>
    public FireResult Fire_NeedsLock(TTrigger trigger, TReason reason)
    {
        var previous = _state;
        var state = _state;
        TransitionTime = Time.GetUtcNow();
        var result = _table.Fire(_machine, ref state, trigger);
        _state = state;
        if (result == FireResult.Transitioned)
        {
            Log.StateChanged(Logger, SourceName, previous.ToString(), state.ToString(), reason!.ToString()!);
            RecordMetrics(state, reason);
            Dispatcher.Raise_NeedsLock(_machine.StateChanged(previous, state, reason, TransitionTime));
            _waiters.Reached_NeedsLock(state);
            Rearm_NeedsLock();
        }

        foreach (var fact in _facts)
        {
            Dispatcher.Raise_NeedsLock(fact);
        }

        _facts.Clear();
        return result;
    }

    /// <summary>Applies an app command; one that is no longer allowed when it runs (it was made from a handler) is logged.</summary>
    public void Command_NeedsLock(TTrigger trigger, TReason reason, string command)
    {
        if (Fire_NeedsLock(trigger, reason) == FireResult.NotPermitted)
        {
            Log.DeferredCallRejected(Logger, SourceName, command, _state.ToString());
        }
    }

    /// <summary>Applies a report; one the state does not act on is ignored and logged at Debug.</summary>
    public void Report_NeedsLock(TTrigger trigger, TReason reason, string report)
    {
        if (Fire_NeedsLock(trigger, reason) is FireResult.NotPermitted or FireResult.Ignored)
        {
            Log.ReportIgnored(Logger, SourceName, report, _state.ToString());
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

    /// <summary>Disposes the dispatcher and the timer and faults the waiters; returns <see langword="false"/> when already disposed.</summary>
    public bool Dispose_NeedsLock()
    {
        if (!Dispatcher.Dispose_NeedsLock())
        {
            return false;
        }

        _timer?.Dispose();
        _timer = null;
        _waiters.Fail_NeedsLock(new ObjectDisposedException(SourceName));
        return true;
    }

    private void RecordMetrics(TState state, TReason reason)
    {
        if (ConnectivityMetrics.Transitions.Enabled)
        {
            ConnectivityMetrics.Transition(_machine.MetricName, state.ToString(), reason!.ToString()!);
        }

        if (ConnectivityMetrics.Failures.Enabled && _machine.IsFailure(state, reason))
        {
            ConnectivityMetrics.Failed(_machine.MetricName, reason!.ToString()!);
        }
    }

    private void OnTimer() => Dispatcher.Run(this, static r => r.OnDeadline_NeedsLock());

    private void OnDeadline_NeedsLock()
    {
        while (_machine.NextDeadline_NeedsLock(_state, Time.GetTimestamp(), out var remaining) is { } due)
        {
            if (remaining > TimeSpan.Zero)
            {
                Arm_NeedsLock(remaining);
                return;
            }

            Log.DeadlineReached(Logger, SourceName, due.ToString(), _state.ToString());
            Fire_NeedsLock(due, _machine.DeadlineReason(due));
        }

        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void Rearm_NeedsLock()
    {
        if (_machine.NextDeadline_NeedsLock(_state, Time.GetTimestamp(), out var remaining) is null)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        else
        {
            Arm_NeedsLock(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }
    }

    private void Arm_NeedsLock(TimeSpan delay)
    {
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
