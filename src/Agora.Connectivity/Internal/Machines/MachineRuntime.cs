using Agora.Connectivity.Internal.Dispatch;
using Microsoft.Extensions.Logging;
using Stateless;

namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// Everything a connection machine runs on, once: its lock, its state, its one timer, the dispatcher its events go through, the
/// waiters for a state, the login waiting for its outcome, and the table of its type, whose Stateless engine fires every transition
/// (<see cref="MachineTable{TMachine, TState, TTrigger, TReason}"/>, configured in the machine's <c>*.Table.cs</c>). Through
/// <see cref="IMachineBehavior{TState, TTrigger, TReason}"/> the machine supplies its deadlines and state-change event.
/// </summary>
/// <remarks>
/// <para>Every change goes through <see cref="Fire_NeedsLock"/>: Stateless moves the state and runs the guards and actions (which
/// only note facts with <see cref="AddFact_NeedsLock"/>), then the state change is raised, then the facts, then every deadline
/// already due fires and the timer is armed for the next one. The timer's callback does the same; a stale callback finds nothing
/// due and only re-arms.</para>
/// <para>Every app command goes through <see cref="Command"/> (or <see cref="Login"/>, a command that waits for its outcome): the
/// table decides whether the state allows it and says why not, checked and fired in one hold of the lock.</para>
/// <para>Stateless runs inside the lock, in <see cref="FiringMode.Immediate"/> (run-to-completion is the dispatcher's job, across
/// threads and handlers). The state is handed to the table for the fire and taken back only when it returns, so an exception in an
/// action never leaves the machine's <see cref="State"/> and Stateless's disagreeing.</para>
/// </remarks>
internal sealed class MachineRuntime<TMachine, TState, TTrigger, TReason>
    where TMachine : class, IMachineBehavior<TState, TTrigger, TReason>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly TMachine _machine;
    // The same instance, through its exact interface: called per fire without the shared generic code's lookup of TMachine's methods.
    private readonly IMachineBehavior<TState, TTrigger, TReason> _behavior;
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
    private PendingLogin? _login;
    // The reports already warned of as not applicable (made only on a wiring mistake, so allocated only then).
    private HashSet<string>? _reportsNotApplicable;

    public MachineRuntime(TMachine machine, MachineTable<TMachine, TState, TTrigger, TReason> table, ITimeProvider time, ILogger logger, ConnectivityMetrics metrics, string sourceName, SynchronizationContext? eventContext, TimeSpan? followTolerance = null)
    {
        Following = followTolerance is not null;
        FollowTolerance = followTolerance ?? TimeSpan.Zero;
        _machine = machine;
        _behavior = machine;
        _table = table;
        Metrics = metrics;
        _state = table.InitialState;
        Time = time;
        _stateSince = time.GetUtcNow();
        Logger = logger;
        SourceName = sourceName;
        Dispatcher = new EventDispatcher(Gate, machine, sourceName, logger, eventContext);
    }

    public object Gate { get; } = new();

    /// <summary>
    /// Gets a value indicating whether the machine follows an SDK's reports (<c>FollowSdk</c>): no deadline fires and no timer is armed;
    /// the deadlines are what <see cref="Follow_NeedsLock"/> checks a report against.
    /// </summary>
    public bool Following { get; }

    /// <summary>Gets how far from its documented instant a followed report may come before it is a deviation.</summary>
    public TimeSpan FollowTolerance { get; }

    public EventDispatcher Dispatcher { get; }

    public ITimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>Gets where the machine's measurements go: its host's meter, or the shared one.</summary>
    public ConnectivityMetrics Metrics { get; }

    public string SourceName { get; }

    /// <summary>Gets or sets the name a host registered the machine under, for its traces; <see langword="null"/> when it has none.</summary>
    public string? ConnectionName { get; set; }

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

    /// <summary>Gets the login waiting for its outcome, which the table's actions settle; <see langword="null"/> when none is.</summary>
    public PendingLogin? PendingLogin_NeedsLock => _login;

    /// <summary>Gets the current state, the reason of the change into it and since when, graded by the machine.</summary>
    public ConnectionStatus Status
    {
        get
        {
            lock (Gate)
            {
                return new ConnectionStatus(_state.ToString(), _stateChanged ? _stateReason!.ToString() : null, _stateSince, _behavior.Health(_state));
            }
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
    /// Applies <paramref name="trigger"/>: state change, then the facts; then, when the state or its deadlines changed, every
    /// deadline already due fires in turn and the timer is armed for the next.
    /// </summary>
    /// <param name="trigger">What happened.</param>
    /// <param name="args">The reason the state change reports, and what the trigger carries to its actions.</param>
    /// <param name="at">The instant of the change and its timestamp; now when <see langword="null"/>.</param>
    public FireOutcome Fire_NeedsLock(TTrigger trigger, in FireArgs<TReason> args, (DateTimeOffset At, long Timestamp)? at = null)
    {
        var result = FireOnce_NeedsLock(trigger, args, at ?? (Time.GetUtcNow(), Time.GetTimestamp()));
        if (result is FireOutcome.Transitioned or FireOutcome.Internal && !Following)
        {
            Settle_NeedsLock();
        }

        return result;
    }

    /// <summary>
    /// Applies an app command. Called from one of the machine's handlers, or from code a change calls while it is applied, it is
    /// queued and judged in the state it runs in (one the table does not allow then is logged, <c>DeferredCallRejected</c>, and a
    /// login it carries faults); from anywhere else it is checked and fired in one hold of the lock, so two threads cannot both pass
    /// the check, and one the table does not allow throws the table's refusal.
    /// </summary>
    /// <param name="trigger">The trigger the command fires.</param>
    /// <param name="args">What it carries.</param>
    /// <param name="command">The command's public name, for the refusal and the log.</param>
    /// <param name="hint">What the caller can do instead in the state that refused it, appended to the refusal.</param>
    /// <exception cref="InvalidOperationException">The table does not allow the command in the current state (not thrown when queued).</exception>
    /// <exception cref="ObjectDisposedException">The machine is disposed (not thrown when queued).</exception>
    public void Command(TTrigger trigger, FireArgs<TReason> args, string command, Func<TState, string>? hint = null)
    {
        ThrowIfDisposed();
        var call = (Runtime: this, Trigger: trigger, Args: args, Command: command, Hint: hint);
        if (Dispatcher.DefersCallsFromCurrentThread)
        {
            Dispatcher.Run(
                call,
                static c => c.Runtime.Deferred_NeedsLock(c.Trigger, c.Args, c.Command),
                abandoned: static c => c.Args.Login?.Fail(new ObjectDisposedException(c.Runtime.SourceName)));
            return;
        }

        Dispatcher.Run(
            call,
            static c =>
            {
                if (!c.Runtime._table.Allows(c.Runtime._machine, c.Runtime._state, c.Trigger))
                {
                    var refused = new InvalidOperationException(c.Runtime._table.Refusal(c.Command, c.Trigger, c.Runtime._state, c.Hint?.Invoke(c.Runtime._state)));
                    if (!c.Runtime.Following)
                    {
                        throw refused;
                    }

                    // The SDK decides: the app's call tells what it asked the SDK, and a state that already moved past it answers it.
                    c.Args.Login?.Fail(refused);
                    Log.ReportIgnored(c.Runtime.Logger, c.Runtime.SourceName, c.Command, c.Runtime._state.ToString());
                    return;
                }

                c.Runtime.Apply_NeedsLock(c.Trigger, c.Args);
            },
            abandoned: static c => throw new ObjectDisposedException(c.Runtime.SourceName));
    }

    /// <summary>
    /// Applies an app command (<see cref="Command"/>) whose caller may await its application: the task is complete when this returns,
    /// unless the command was queued (from a handler), when it completes once the command has run, and faults with
    /// <see cref="ObjectDisposedException"/> when the machine is disposed before.
    /// </summary>
    /// <returns>A task that completes when the command has been applied.</returns>
    /// <exception cref="InvalidOperationException">The table does not allow the command in the current state (not thrown when queued).</exception>
    /// <exception cref="ObjectDisposedException">The machine is disposed (not thrown when queued).</exception>
    public Task CommandAsync(TTrigger trigger, FireArgs<TReason> args, string command, Func<TState, string>? hint = null)
    {
        ThrowIfDisposed();
        if (!Dispatcher.DefersCallsFromCurrentThread)
        {
            Command(trigger, args, command, hint);
            return Task.CompletedTask;
        }

        var applied = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Dispatcher.Run(
            (Runtime: this, Trigger: trigger, Args: args, Command: command, Applied: applied),
            static c =>
            {
                c.Runtime.Deferred_NeedsLock(c.Trigger, c.Args, c.Command);
                c.Applied.TrySetResult(true);
            },
            abandoned: static c =>
            {
                c.Args.Login?.Fail(new ObjectDisposedException(c.Runtime.SourceName));
                c.Applied.TrySetException(new ObjectDisposedException(c.Runtime.SourceName));
            });
        return applied.Task;
    }

    /// <summary>
    /// Applies a login command (<see cref="Command"/>) that carries a <see cref="PendingLogin"/> for its outcome: the table's actions
    /// take it up (<see cref="BeginLogin_NeedsLock"/>) and settle it. Canceling <paramref name="cancellationToken"/> fires
    /// <paramref name="cancel"/> while the login waits (the machine logs out), and the task ends canceled; a token canceled before
    /// the login runs ends it canceled without logging in.
    /// </summary>
    /// <returns>The task the caller awaits; faulted with <see cref="ObjectDisposedException"/> when the machine is disposed first.</returns>
    /// <exception cref="InvalidOperationException">The table does not allow the login now (not thrown when queued).</exception>
    /// <exception cref="ObjectDisposedException">The machine is disposed (not thrown when queued).</exception>
    public Task Login(TTrigger trigger, TReason reason, DateTimeOffset? tokenExpiresAt, CancellationToken cancellationToken, string command, Func<TState, string> hint, TTrigger cancel, TReason cancelReason)
    {
        var pending = new PendingLogin(tokenExpiresAt, cancellationToken);
        Command(trigger, new FireArgs<TReason>(reason, tokenExpiresAt, pending), command, hint);
        if (cancellationToken.CanBeCanceled && !pending.Task.IsCompleted)
        {
            var registration = cancellationToken.Register(
                static state =>
                {
                    var (runtime, login, trigger, reason) = ((MachineRuntime<TMachine, TState, TTrigger, TReason>, PendingLogin, TTrigger, TReason))state!;
                    runtime.Dispatcher.Run((Runtime: runtime, Login: login, Trigger: trigger, Reason: reason), static s => s.Runtime.CancelLogin_NeedsLock(s.Login, s.Trigger, s.Reason));
                },
                (this, pending, cancel, cancelReason));
            Registrations.DisposeWhenDone(pending.Task, registration);
        }

        return pending.Task;
    }

    /// <summary>Takes up the login a command carried: the table's actions settle it with <see cref="SucceedLogin_NeedsLock"/> or <see cref="FailLogin_NeedsLock"/>.</summary>
    public void BeginLogin_NeedsLock(PendingLogin? login) => _login = login;

    /// <summary>Completes the login waiting for its outcome, if any.</summary>
    public void SucceedLogin_NeedsLock()
    {
        var login = _login;
        _login = null;
        login?.Succeed();
    }

    /// <summary>Ends the login waiting for its outcome, if any: canceled when its caller asked for it, else faulted with <paramref name="failure"/>.</summary>
    public void FailLogin_NeedsLock(Exception failure)
    {
        var login = _login;
        _login = null;
        login?.Fail(failure);
    }

    /// <summary>
    /// Applies the report of an accepted join or login, which counts as data from the server at its instant: the data is stamped and
    /// the transition timed from one reading of the clock, so the silence that follows is measured from the very instant the events
    /// carry.
    /// </summary>
    /// <param name="lastServerData">The machine's last-data stamp.</param>
    /// <param name="trigger">The acceptance.</param>
    /// <param name="reason">The reason the state change reports.</param>
    /// <param name="report">The report's name, for the log.</param>
    public void ReportAccepted_NeedsLock(ref long lastServerData, TTrigger trigger, TReason reason, string report)
    {
        var now = TimeMath.Now(Time);
        TimeMath.Stamp(ref lastServerData, now.Timestamp);
        Report_NeedsLock(trigger, reason, report, now);
    }

    /// <summary>
    /// Applies a report. One the state ignores by rule (a duplicate, a report that no longer applies) is logged at Debug. One the state
    /// has no rule for at all (ReportJoinSuccess before JoinChannel: a likely wiring mistake) is counted
    /// (<c>agora.connectivity.reports_not_applicable</c>) and logged as a warning the first time each report is made so on this
    /// machine (<c>ReportNotApplicable</c>), at Debug after that, so a wiring mistake is seen without flooding the log.
    /// </summary>
    /// <param name="trigger">What the report says happened.</param>
    /// <param name="reason">The reason the state change reports.</param>
    /// <param name="report">The report's name, for the log.</param>
    /// <param name="at">The instant of the report and its timestamp; now when <see langword="null"/>.</param>
    public void Report_NeedsLock(TTrigger trigger, TReason reason, string report, (DateTimeOffset At, long Timestamp)? at = null)
    {
        var outcome = Fire_NeedsLock(trigger, new FireArgs<TReason>(reason), at);
        if (outcome == FireOutcome.NotPermitted)
        {
            Metrics.ReportNotApplicable(_behavior.MetricName, report, _state.ToString(), ConnectionName);
            if ((_reportsNotApplicable ??= []).Add(report))
            {
                Log.ReportNotApplicable(Logger, SourceName, report, _state.ToString(), _table.Refusal(report, trigger, _state, hint: null));
                return;
            }
        }

        if (outcome is FireOutcome.NotPermitted or FireOutcome.Ignored && Logger.IsEnabled(LogLevel.Debug))
        {
            Log.ReportIgnored(Logger, SourceName, report, _state.ToString());
        }
    }

    /// <summary>
    /// Follows a report of the SDK (<c>FollowSdk</c>): the state becomes what the SDK reported, at once, with its reason. A report the
    /// table has (the transition, or the fact for a <see langword="null"/> <paramref name="reported"/>) fires it, and is checked
    /// against the documented instant of its deadline when it is one (a <see cref="Sdk.SdkDeviation"/> off by more than
    /// <see cref="FollowTolerance"/>); one the table lacks is a deviation, and a reported state is entered all the same, running its
    /// entry actions (<see cref="MachineTable{TMachine, TState, TTrigger, TReason}.Jump"/>). A report of the current state raises nothing.
    /// </summary>
    /// <param name="trigger">The trigger the report stands for in the table.</param>
    /// <param name="reported">The state the SDK reported; <see langword="null"/> for a fact (an internal action, no state change).</param>
    /// <param name="args">The reason and what the trigger carries.</param>
    /// <param name="call">The SDK's callback as it was made, written out only for a deviation.</param>
    public void Follow_NeedsLock(TTrigger trigger, TState? reported, in FireArgs<TReason> args, in Sdk.SdkCall call)
    {
        if (reported is { } repeat && EqualityComparer<TState>.Default.Equals(repeat, _state))
        {
            return;
        }

        var now = TimeMath.Now(Time);
        var expected = reported ?? _state;
        if (_table.Leads(_state, trigger, expected) && _table.Allows(_machine, _state, trigger))
        {
            CheckTiming_NeedsLock(trigger, call, now);
            var from = _state;
            FireOnce_NeedsLock(trigger, args, now);
            if (EqualityComparer<TState>.Default.Equals(_state, expected))
            {
                return;
            }

            // The guards chose another of the trigger's destinations than the SDK reported: the SDK's is followed all the same.
            Deviation_NeedsLock("Transition", $"{_state} ({args.Reason}) from {from}, as the documents' conditions choose", $"{call} in state {from}", now);
            Jump_NeedsLock(trigger, expected, args, now);
            return;
        }

        var expectedText = _table.Leads(_state, trigger, expected)
            ? $"no {expected} ({args.Reason}) from {_state} under this machine's behavior (its conditions refuse it)"
            : Undrawn(trigger, reported, args.Reason, call);
        Deviation_NeedsLock("Transition", expectedText, $"{call} in state {_state}", now);
        if (reported is { } target)
        {
            Jump_NeedsLock(trigger, target, args, now);
        }
    }

    // What the documents draw for a report the table lacks: the states it is drawn from (every trigger a follower fires has some).
    // Apart from Follow_NeedsLock: its lambda's closure would be allocated on every report, repeats included.
    private string Undrawn(TTrigger trigger, TState? reported, TReason reason, in Sdk.SdkCall call)
    {
        var drawnIn = string.Join(" or ", _table.StatesWithRuleFor(trigger).Where(s => _table.Leads(s, trigger, reported ?? s)));
        return reported is null ? $"{call} only in state {drawnIn}" : $"{reported} ({reason}) only from {drawnIn}";
    }

    /// <summary>Raises a deviation that comes with no report of a state (a value the SDK's release does not define), from any thread.</summary>
    public void Deviation(string kind, string expected, string reported)
        => Dispatcher.Run((Runtime: this, Kind: kind, Expected: expected, Reported: reported), static s => s.Runtime.Deviation_NeedsLock(s.Kind, s.Expected, s.Reported, TimeMath.Now(s.Runtime.Time)));

    /// <summary>Raises a <see cref="Sdk.SdkDeviation"/>, logs it as a warning and counts it.</summary>
    /// <param name="kind">What kind: Transition, Timing, Value; the counter's <c>agora.deviation</c> tag.</param>
    /// <param name="expected">What the documents expect.</param>
    /// <param name="reported">What the SDK reported.</param>
    /// <param name="now">The instant of the report.</param>
    public void Deviation_NeedsLock(string kind, string expected, string reported, (DateTimeOffset At, long Timestamp) now)
    {
        var at = now.At < _lastRaisedAt ? _lastRaisedAt : now.At;
        _lastRaisedAt = at;
        SdkDeviations.Raise_NeedsLock(Dispatcher, Metrics, Logger, SourceName, _behavior.MetricName, ConnectionName, kind, expected, reported, at);
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

    /// <summary>
    /// Stops the machine: the dispatcher and the timer are disposed, the waiters and a pending login fault, and what
    /// <see cref="OnDisposed"/> registered runs once, outside the lock. Waits for a handler running on another thread to return.
    /// </summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (Dispatcher.IsDisposed)
            {
                return;
            }

            if (_outage is { } open)
            {
                // The dispatcher drops what it had queued; the outage ends with the machine, after the lock.
                _outage = null;
                open.SetEnd(Time.GetUtcNow(), "Disposed", "Disposed", failed: false);
                Dispatcher.OnDisposed(open.End);
            }

            Dispatcher.Dispose_NeedsLock();
            _timer?.Dispose();
            _timer = null;
            if (_waiters.Count > 0)
            {
                _waiters.Fail_NeedsLock(new ObjectDisposedException(SourceName));
            }

            if (_login is not null)
            {
                FailLogin_NeedsLock(new ObjectDisposedException(SourceName));
            }
        }

        Dispatcher.NotifyDisposed();
    }

    // A command checked and allowed: a login canceled before it ran ends canceled and does not log in.
    private void Apply_NeedsLock(TTrigger trigger, in FireArgs<TReason> args)
    {
        if (args.Login is { CancellationToken.IsCancellationRequested: true } canceled)
        {
            canceled.CancelRequested = true;
            canceled.Fail(new OperationCanceledException(canceled.CancellationToken));
            return;
        }

        Fire_NeedsLock(trigger, args with { Reason = _behavior.CommandReason(_state, trigger, args.Reason) });
    }

    // A command queued from a handler (or from code a change called), judged in the state it runs in.
    private void Deferred_NeedsLock(TTrigger trigger, in FireArgs<TReason> args, string command)
    {
        if (!_table.Allows(_machine, _state, trigger))
        {
            // A login's refusal is its task's fault, which its caller sees; any other command's is logged, for nobody else would.
            if (args.Login is { } login)
            {
                login.Fail(new InvalidOperationException($"{command}, called from an event handler, was no longer allowed when it ran, in state {_state}."));
            }
            else
            {
                Log.DeferredCallRejected(Logger, SourceName, command, _state.ToString());
            }

            return;
        }

        Apply_NeedsLock(trigger, args);
    }

    private void CancelLogin_NeedsLock(PendingLogin login, TTrigger cancel, TReason reason)
    {
        login.CancelRequested = true;
        if (_login == login)
        {
            Fire_NeedsLock(cancel, new FireArgs<TReason>(reason));
        }
    }

    // One trigger: Stateless moves the state and runs the actions, then the state change and the facts are raised.
    // Its events carry its instant, but never one earlier than the events raised before them: a deadline anchored to data
    // stamped a moment before a transition that took the lock later, or a clock another thread moved between the two, would
    // otherwise tell the stream out of order.
    private FireOutcome FireOnce_NeedsLock(TTrigger trigger, in FireArgs<TReason> args, (DateTimeOffset At, long Timestamp) at)
    {
        var previous = _state;
        var state = _state;
        var transitionTime = at.At < _lastRaisedAt ? _lastRaisedAt : at.At;
        FireOutcome result;
        try
        {
            result = _table.Fire(_machine, ref state, trigger, args, transitionTime, at.Timestamp);
        }
        catch
        {
            // An action that threw leaves the machine where it was, and the facts it noted are dropped with it.
            _facts.Clear();
            throw;
        }

        _state = state;
        Raise_NeedsLock(previous, result == FireOutcome.Transitioned, args.Reason, transitionTime);
        return result;
    }

    // A followed report the table lacks: the reported state is entered, with its entry actions, and raised as a transition is.
    private void Jump_NeedsLock(TTrigger trigger, TState target, in FireArgs<TReason> args, (DateTimeOffset At, long Timestamp) now)
    {
        var previous = _state;
        var transitionTime = now.At < _lastRaisedAt ? _lastRaisedAt : now.At;
        try
        {
            _table.Jump(_machine, previous, target, trigger, args, transitionTime, now.Timestamp);
        }
        catch
        {
            _facts.Clear();
            throw;
        }

        _state = target;
        Raise_NeedsLock(previous, transitioned: true, args.Reason, transitionTime);
    }

    // A report of a deadline comes within the tolerance of the instant the documents give it, counted from the same anchors as the
    // modelled machine's timer (the followed machine offers only the deadlines whose anchors it knows).
    private void CheckTiming_NeedsLock(TTrigger trigger, in Sdk.SdkCall call, (DateTimeOffset At, long Timestamp) now)
    {
        var deadlines = new Deadlines<TTrigger>(trigger);
        _behavior.OfferDeadlines_NeedsLock(_state, ref deadlines);
        if (deadlines.SoughtDueAt == long.MaxValue)
        {
            return;
        }

        var off = TimeMath.Elapsed(Time, deadlines.SoughtDueAt, now.Timestamp);
        if (off.Duration() > FollowTolerance)
        {
            var due = now.At - off;
            var report = call.ToString();
            Deviation_NeedsLock(
                "Timing",
                $"{report} at {Clock(due)} (± {FollowTolerance.TotalSeconds:0.###} s)",
                $"{report} at {Clock(now.At)}, {off.Duration().TotalSeconds:0.###} s {(off > TimeSpan.Zero ? "late" : "early")}",
                now);
        }
    }

    private static string Clock(DateTimeOffset at) => at.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    // The step's events: the state change (when there was one) and then the facts its actions noted.
    private void Raise_NeedsLock(TState previous, bool transitioned, TReason reason, DateTimeOffset transitionTime)
    {
        var state = _state;
        if (transitioned || _facts.Count > 0)
        {
            _lastRaisedAt = transitionTime;
        }

        if (transitioned)
        {
            if (Logger.IsEnabled(LogLevel.Information))
            {
                Log.StateChanged(Logger, SourceName, previous.ToString(), state.ToString(), reason!.ToString()!);
            }

            RecordMetrics(state, reason);
            (_stateReason, _stateChanged, _stateSince) = (reason, true, transitionTime);
            TraceOutage_NeedsLock(state, reason, transitionTime);
            Dispatcher.Raise_NeedsLock(_behavior.StateChanged(previous, state, reason, transitionTime));
            _waiters.Reached_NeedsLock(state);
        }

        foreach (var fact in _facts)
        {
            Dispatcher.Raise_NeedsLock(fact);
        }

        _facts.Clear();
    }

    private void RecordMetrics(TState state, TReason reason)
    {
        if (Metrics.Transitions.Enabled)
        {
            Metrics.Transition(_behavior.MetricName, state.ToString(), reason!.ToString()!, ConnectionName);
        }

        if (Metrics.Failures.Enabled && _behavior.IsFailure(state, reason))
        {
            Metrics.Failed(_behavior.MetricName, reason!.ToString()!, ConnectionName);
        }
    }

    // An outage is an activity from entering Reconnecting to leaving it (Connected, Failed, a leave, or the machine's dispose). It is
    // started and ended outside the lock, in order with the events, by the dispatcher; nothing at all while nobody listens.
    private void TraceOutage_NeedsLock(TState state, TReason reason, DateTimeOffset at)
    {
        if (_outage is { } open && !_behavior.IsOutage(state))
        {
            _outage = null;
            open.SetEnd(at, state.ToString(), reason!.ToString()!, _behavior.IsFailure(state, reason));
            Dispatcher.Post_NeedsLock(open.End);
        }
        else if (_outage is null && _behavior.IsOutage(state) && ConnectivityTracing.Source.HasListeners())
        {
            var outage = _outage = new OutageTrace($"agora.{_behavior.MetricName}.outage", _behavior.MetricName, ConnectionName, at, reason!.ToString()!);
            Dispatcher.Post_NeedsLock(outage.Start);
        }
    }

    private void OnTimer() => Dispatcher.Run(this, static r => r.Settle_NeedsLock());

    // Fires every deadline already due, each at its own documented instant (its due timestamp, the anchor of the deadlines that follow
    // it), however late this runs, then arms the timer for the next one: each transition's events are stamped with its due instant,
    // so a late callback (a loaded machine, or a fake clock that runs every due callback at the end of a long step) tells the same
    // timeline. A deadline due at once (a token given already expired) fires here, before the command that made it due returns; a
    // stale timer callback finds nothing due and only re-arms. A machine disposed meanwhile (from code the change called) arms nothing.
    private void Settle_NeedsLock()
    {
        while (!Dispatcher.IsDisposed)
        {
            var deadlines = default(Deadlines<TTrigger>);
            _behavior.OfferDeadlines_NeedsLock(_state, ref deadlines);
            if (!deadlines.Any)
            {
                break;
            }

            var dueAt = deadlines.DueAt;
            var remaining = TimeMath.Elapsed(Time, Time.GetTimestamp(), dueAt);
            if (remaining > TimeSpan.Zero)
            {
                Arm_NeedsLock(remaining);
                return;
            }

            var due = deadlines.Next;
            if (Logger.IsEnabled(LogLevel.Debug))
            {
                Log.DeadlineReached(Logger, SourceName, due.ToString(), _state.ToString());
            }

            FireOnce_NeedsLock(due, new FireArgs<TReason>(_behavior.DeadlineReason(due)), (TimeMath.InstantOf(Time, dueAt), dueAt));
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
