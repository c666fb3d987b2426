using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Connectivity.Rtc;

/// <summary>
/// The local user's connection to an RTC channel, as Agora's documents describe it: the app's
/// commands (<see cref="JoinChannel"/>, <see cref="LeaveChannel"/>), the connection layer's reports
/// (join accepted, server data, refusals) and the documented timers (interrupted after 4 s of server
/// silence, lost 10 s later, failed after 20 min) drive <see cref="State"/> and raise
/// <see cref="EventRaised"/>.
/// </summary>
/// <remarks>
/// <para>The machine is thread-safe. Every timer goes through the <see cref="ITimeProvider"/>; the
/// machine holds at most one timer. <see cref="ReportServerActivity"/>, called for every packet,
/// only stamps the time: it takes no lock, allocates nothing and touches no timer; the silence is
/// measured when a deadline comes due.</para>
/// <para>The transitions are declared once, in <c>RtcConnectionStateMachine.Table.cs</c>; the
/// README's diagram is generated from that table.</para>
/// </remarks>
public sealed partial class RtcConnectionStateMachine : IConnectivityEventSource, IDisposable
{
    private const string SourceName = nameof(RtcConnectionStateMachine);

    private readonly object _gate = new();
    private readonly RtcConnectionOptions _options;
    private readonly ITimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventDispatcher _dispatcher;
    private readonly StateWaiters<ConnectionState> _waiters = new();
    private readonly List<ConnectivityEvent> _facts = [];
    private ConnectionState _state = ConnectionState.Disconnected;
    private long _lastServerData;
    private long _joinStartedAt;
    private long _interruptedAt;
    private bool _lostRaised;
    private DateTimeOffset _transitionTime;
    private ITimer? _timer;

    /// <summary>Initializes a new instance of the <see cref="RtcConnectionStateMachine"/> class, in state <see cref="ConnectionState.Disconnected"/>.</summary>
    /// <param name="options">The timeouts and SDK generation; the documented defaults when <see langword="null"/>. The machine keeps a copy.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where transitions, deadlines and ignored reports are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtcConnectionStateMachine(
        RtcConnectionOptions? options = null,
        ITimeProvider? timeProvider = null,
        ILogger<RtcConnectionStateMachine>? logger = null)
    {
        _options = (options ?? new RtcConnectionOptions()).Clone();
        OptionsValidation.ThrowIfInvalid(_options.Validate(), nameof(RtcConnectionOptions), nameof(options));
        _time = timeProvider ?? SystemTimeProvider.Instance;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _dispatcher = new EventDispatcher(_gate, this, SourceName, _logger);
    }

    /// <inheritdoc/>
    public event EventHandler<ConnectivityEvent>? EventRaised
    {
        add => _dispatcher.Subscribe(value);
        remove => _dispatcher.Unsubscribe(value);
    }

    /// <summary>Gets the current state. It may already be ahead of the events delivered so far.</summary>
    public ConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Gets which generation of the SDK this machine behaves like.</summary>
    public RtcSdkBehavior Behavior => _options.Behavior;

    /// <summary>Starts joining the channel: <see cref="ConnectionState.Connecting"/> / <see cref="ConnectionChangedReason.Connecting"/>.</summary>
    /// <exception cref="InvalidOperationException">The state is not <see cref="ConnectionState.Disconnected"/>.</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public void JoinChannel()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_state != ConnectionState.Disconnected)
            {
                throw new InvalidOperationException(
                    $"JoinChannel is not allowed in state {_state}; it is allowed only in state Disconnected. Call LeaveChannel first, then JoinChannel.");
            }
        }

        _dispatcher.Run(this, static m => m.Command_NeedsLock(Trigger.JoinChannel, ConnectionChangedReason.Connecting, nameof(JoinChannel)));
    }

    /// <summary>
    /// Leaves the channel from any state: <see cref="ConnectionState.Disconnected"/> / <see cref="ConnectionChangedReason.LeaveChannel"/>,
    /// stopping every retry and timer. Does nothing when already disconnected.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public void LeaveChannel()
    {
        ThrowIfDisposed();
        _dispatcher.Run(this, static m => m.Command_NeedsLock(Trigger.LeaveChannel, ConnectionChangedReason.LeaveChannel, nameof(LeaveChannel)));
    }

    /// <summary>
    /// Reports that the server accepted a join or a rejoin. While connecting: Connected / JoinSuccess and
    /// <see cref="JoinChannelSucceeded"/>; while reconnecting: Connected / JoinSuccess and
    /// <see cref="RejoinChannelSucceeded"/>. It counts as data from the server at this instant. Ignored in other states.
    /// </summary>
    public void ReportJoinSuccess()
    {
        ReportServerActivity();
        _dispatcher.Run(this, static m => m.Report_NeedsLock(Trigger.JoinAccepted, ConnectionChangedReason.JoinSuccess, nameof(ReportJoinSuccess)));
    }

    /// <summary>
    /// Reports data from the server. Called for every packet: it only stamps the time, without a lock,
    /// an allocation or a timer.
    /// </summary>
    public void ReportServerActivity() => Volatile.Write(ref _lastServerData, _time.GetTimestamp());

    /// <summary>Reports that the server refused the connection for good (for example <see cref="ConnectionChangedReason.InvalidToken"/>): Failed with that reason. Ignored when not in a channel.</summary>
    /// <param name="reason">Why the server refused.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a defined value.</exception>
    public void ReportJoinFailure(ConnectionChangedReason reason)
    {
        Guard.Defined(reason);
        _dispatcher.Run((Machine: this, Reason: reason), static s => s.Machine.Report_NeedsLock(Trigger.JoinRefused, s.Reason, nameof(ReportJoinFailure)));
    }

    /// <summary>Reports that the server banned the connection: Failed / BannedByServer and <see cref="ConnectionBanned"/>. Ignored when not in a channel.</summary>
    public void ReportBanned()
        => _dispatcher.Run(this, static m => m.Report_NeedsLock(Trigger.Banned, ConnectionChangedReason.BannedByServer, nameof(ReportBanned)));

    /// <summary>Waits until the machine is in <paramref name="state"/>; completes at once when it already is.</summary>
    /// <param name="state">The state to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the state is reached, is canceled with the token, or faults with <see cref="ObjectDisposedException"/> when the machine is disposed first.</returns>
    public Task WaitForStateAsync(ConnectionState state, CancellationToken cancellationToken = default)
    {
        Guard.Defined(state);
        StateWaiters<ConnectionState>.Waiter waiter;
        Task task;
        lock (_gate)
        {
            if (_dispatcher.IsDisposed)
            {
                return Task.FromException(new ObjectDisposedException(SourceName));
            }

            if (_state == state)
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
            waiter.Registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    _waiters.Cancel_NeedsLock(waiter, cancellationToken);
                }
            });
        }

        return task;
    }

    /// <summary>Stops the machine: its timer is disposed, pending waits fault, and no event is raised after this returns.</summary>
    /// <remarks>When a handler is running on another thread, this waits for it to return.</remarks>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_dispatcher.Dispose_NeedsLock())
            {
                return;
            }

            _timer?.Dispose();
            _timer = null;
            _waiters.Fail_NeedsLock(new ObjectDisposedException(SourceName));
        }
    }

    private void ThrowIfDisposed()
    {
        if (_dispatcher.IsDisposed)
        {
            throw new ObjectDisposedException(SourceName);
        }
    }

    private void Command_NeedsLock(Trigger trigger, ConnectionChangedReason reason, string command)
    {
        if (Fire_NeedsLock(trigger, reason) == Internal.StateMachines.FireResult.NotPermitted)
        {
            Log.DeferredCallRejected(_logger, SourceName, command, _state.ToString());
        }
    }

    private void Report_NeedsLock(Trigger trigger, ConnectionChangedReason reason, string report)
    {
        var result = Fire_NeedsLock(trigger, reason);
        if (result is Internal.StateMachines.FireResult.NotPermitted or Internal.StateMachines.FireResult.Ignored)
        {
            Log.ReportIgnored(_logger, SourceName, report, _state.ToString());
        }
    }

    private void OnTimer() => _dispatcher.Run(this, static m => m.OnDeadline_NeedsLock());

    /// <summary>Fires every deadline of the current state that has come due, then arms the timer for the next one.</summary>
    private void OnDeadline_NeedsLock()
    {
        while (NextDeadline_NeedsLock(out var remaining) is { } due)
        {
            if (remaining > TimeSpan.Zero)
            {
                Arm_NeedsLock(remaining);
                return;
            }

            Log.DeadlineReached(_logger, SourceName, due.ToString(), _state.ToString());
            Fire_NeedsLock(due, due == Trigger.FailureDeadline ? ConnectionChangedReason.JoinFailed : ConnectionChangedReason.Interrupted);
        }

        Disarm_NeedsLock();
    }

    /// <summary>
    /// Finds the next deadline of the current state and how long until it is due (zero or less when it
    /// is due now), or <see langword="null"/> when the state has none.
    /// </summary>
    private Trigger? NextDeadline_NeedsLock(out TimeSpan remaining)
    {
        var now = _time.GetTimestamp();
        remaining = TimeSpan.Zero;
        var current = _options.Behavior == RtcSdkBehavior.Current;
        switch (_state)
        {
            case ConnectionState.Connecting when current:
                remaining = _options.ReconnectFailureTimeout - TimeMath.Elapsed(_time, _joinStartedAt, now);
                return Trigger.FailureDeadline;
            case ConnectionState.Connected:
                remaining = _options.InterruptionTimeout - TimeMath.Elapsed(_time, Volatile.Read(ref _lastServerData), now);
                return Trigger.ServerSilence;
            case ConnectionState.Reconnecting when current:
                var sinceInterruption = TimeMath.Elapsed(_time, _interruptedAt, now);
                if (!_lostRaised)
                {
                    remaining = _options.ConnectionLostTimeout - sinceInterruption;
                    return Trigger.LostDeadline;
                }

                remaining = _options.ReconnectFailureTimeout - sinceInterruption;
                return Trigger.FailureDeadline;
            case ConnectionState.Reconnecting when !_lostRaised:
                remaining = _options.ConnectionLostTimeout - TimeMath.Elapsed(_time, Volatile.Read(ref _lastServerData), now);
                return Trigger.LostDeadline;
            default:
                return null;
        }
    }

    private void Arm_NeedsLock(TimeSpan delay)
    {
        if (_timer is null)
        {
            _timer = _time.CreateTimer(static state => ((RtcConnectionStateMachine)state!).OnTimer(), this, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Disarm_NeedsLock() => _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>Re-arms the timer for the deadline of the state just entered.</summary>
    private void Rearm_NeedsLock()
    {
        if (NextDeadline_NeedsLock(out var remaining) is null)
        {
            Disarm_NeedsLock();
        }
        else
        {
            Arm_NeedsLock(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }
    }
}
