using System.Diagnostics.Metrics;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Internal.Machines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Connectivity.Rtc;

/// <summary>
/// The local user's connection to an RTC channel, as Agora's documents describe it: the app's
/// commands (<see cref="JoinChannel()"/>, <see cref="RenewToken"/>, <see cref="LeaveChannel"/>), the connection layer's reports
/// (join accepted, server data, refusals) and the documented timers (interrupted after 4 s of server
/// silence, lost 10 s later, failed after 20 min) drive <see cref="State"/> and raise
/// <see cref="EventRaised"/>.
/// </summary>
/// <remarks>
/// <para>The machine is thread-safe. Every timer goes through the <see cref="ITimeProvider"/>; the
/// machine holds at most one timer. <see cref="ReportServerActivity"/>, called for every packet,
/// only stamps the time: it takes no lock, allocates nothing and touches no timer; the silence is
/// measured when a deadline comes due.</para>
/// <para>The transitions are declared once, in <c>RtcConnectionStateMachine.Table.cs</c>, as a
/// Stateless machine; the README's diagram is generated from Stateless's model of it.</para>
/// </remarks>
public sealed partial class RtcConnectionStateMachine : IConnectivityEventSource, IDisposable, IDispatchingSource, INamedConnection
{
    private const string SourceName = nameof(RtcConnectionStateMachine);

    private readonly RtcConnectionOptions _options;
    private readonly ITimeProvider _time;
    private readonly MachineRuntime<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason> _runtime;
    private long _lastServerData;
    private long _joinStartedAt;
    private long _interruptedAt;
    private bool _lostRaised;
    private TokenLifetime _token;

    /// <summary>Initializes a new instance of the <see cref="RtcConnectionStateMachine"/> class, in state <see cref="ConnectionState.Disconnected"/>.</summary>
    /// <param name="options">The timeouts and SDK generation; the documented defaults when <see langword="null"/>. The machine keeps a copy.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where transitions, deadlines and ignored reports are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtcConnectionStateMachine(
        RtcConnectionOptions? options = null,
        ITimeProvider? timeProvider = null,
        ILogger<RtcConnectionStateMachine>? logger = null)
        : this(options, timeProvider, logger, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtcConnectionStateMachine"/> class that records its metrics on a meter of <paramref name="meterFactory"/>.</summary>
    /// <param name="options">The timeouts and SDK generation; the documented defaults when <see langword="null"/>. The machine keeps a copy.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.
    /// Wrap a <see cref="System.TimeProvider"/> in a <see cref="TimeProviderAdapter"/>.</param>
    /// <param name="logger">Where transitions, deadlines and ignored reports are logged; nowhere when <see langword="null"/>.</param>
    /// <param name="meterFactory">
    /// Creates the <c>Agora.Connectivity</c> meter the machine records on (the .NET 8 convention: a host's own factory, so parallel
    /// hosts and tests each see only their machines); the process-wide meter of that name when <see langword="null"/>.
    /// The DI registrations pass the container's <see cref="IMeterFactory"/> when it has one. See <c>docs/metrics.md</c>.
    /// </param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtcConnectionStateMachine(
        RtcConnectionOptions? options,
        ITimeProvider? timeProvider,
        ILogger<RtcConnectionStateMachine>? logger,
        IMeterFactory? meterFactory)
    {
        _options = (options ?? new RtcConnectionOptions()).Clone();
        OptionsValidation.ThrowIfInvalid(_options.Validate(), nameof(RtcConnectionOptions), nameof(options));
        _time = timeProvider ?? SystemTimeProvider.Instance;
        _runtime = new(this, Table, _time, (ILogger?)logger ?? TraceFallbackLogger.Instance, ConnectivityMetrics.For(meterFactory), SourceName, _options.EventContext, _options.FollowSdk ? _options.FollowTolerance : null);
    }

    /// <summary>Initializes a new instance of the <see cref="RtcConnectionStateMachine"/> class on a <see cref="System.TimeProvider"/>, with the default options.</summary>
    /// <param name="timeProvider">
    /// The clock and timers: <see cref="System.TimeProvider.System"/>, Microsoft's <c>FakeTimeProvider</c>, the library's
    /// <c>Agora.Connectivity.Testing.FakeTimeProvider</c> or any other; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.
    /// </param>
    /// <remarks>
    /// The <see cref="System.TimeProvider"/> constructors are chosen over the <see cref="ITimeProvider"/> one only where that one does not apply
    /// or needs more default arguments, on every C# version; for a provider that is both (the library's fake) the two mean the same.
    /// </remarks>
    public RtcConnectionStateMachine(TimeProvider? timeProvider)
        : this(null, Clocks.From(timeProvider))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtcConnectionStateMachine"/> class on a <see cref="System.TimeProvider"/>.</summary>
    /// <param name="options">The timeouts and SDK generation; the documented defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtcConnectionStateMachine(RtcConnectionOptions? options, TimeProvider? timeProvider)
        : this(options, Clocks.From(timeProvider))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtcConnectionStateMachine"/> class on a <see cref="System.TimeProvider"/>, with a logger of any category.</summary>
    /// <param name="options">The timeouts and SDK generation; the documented defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where the changes are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtcConnectionStateMachine(RtcConnectionOptions? options, TimeProvider? timeProvider, ILogger? logger)
        : this(options, Clocks.From(timeProvider), TypedLogger<RtcConnectionStateMachine>.From(logger))
    {
    }

    /// <inheritdoc/>
    EventDispatcher IDispatchingSource.Dispatcher => _runtime.Dispatcher;

    /// <inheritdoc/>
    string? INamedConnection.ConnectionName
    {
        set => _runtime.ConnectionName = value;
    }

    /// <inheritdoc/>
    public event EventHandler<ConnectivityEvent>? EventRaised
    {
        add => _runtime.Dispatcher.Subscribe(value);
        remove => _runtime.Dispatcher.Unsubscribe(value);
    }

    /// <summary>Gets the runtime's dispose notifications, for a driver to stop with its machine.</summary>
    internal MachineRuntime<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason> Runtime => _runtime;

    /// <summary>Gets the state, why and since when, for a health check: Connected is healthy, Failed unhealthy, the others degraded.</summary>
    internal ConnectionStatus Status => _runtime.Status;

    /// <summary>Gets the clock the machine runs on; a driver waits on the same one.</summary>
    internal ITimeProvider TimeProvider => _time;

    /// <summary>Gets the current state. It may already be ahead of the events delivered so far.</summary>
    public ConnectionState State => _runtime.State;

    /// <summary>Gets which generation of the SDK this machine behaves like.</summary>
    public RtcSdkBehavior Behavior => _options.Behavior;

    /// <summary>Gets a value indicating whether the machine follows an SDK's reports (<see cref="RtcConnectionOptions.FollowSdk"/>) rather than running the documented timers.</summary>
    public bool FollowsSdk => _runtime.Following;

    /// <summary>Gets when the machine's token expires; <see langword="null"/> for one that never does (for the tests: what an app would tell its follower).</summary>
    internal DateTimeOffset? TokenExpiresAt
    {
        get
        {
            lock (_runtime.Gate)
            {
                return _token.ExpiresAt;
            }
        }
    }

    /// <summary>Gets the options the machine was built with (its own copy), for a follower.</summary>
    internal RtcConnectionOptions Options => _options;

    /// <summary>Starts joining the channel with a token that never expires: <see cref="ConnectionState.Connecting"/> / <see cref="ConnectionChangedReason.Connecting"/>.</summary>
    /// <remarks>
    /// <para>If the join is not accepted within <see cref="RtcConnectionOptions.ConnectionLostTimeout"/>, <see cref="ConnectionLost"/> is raised and
    /// the state stays Connecting (Agora's <c>onConnectionLost</c> reference: "cannot connect to the server 10 seconds after calling joinChannel,
    /// regardless of whether it is in the channel").</para>
    /// <para>Called from an <see cref="EventRaised"/> handler, the join is queued behind the handler's earlier calls and judged in the state
    /// it runs in, so the documented recovery <c>LeaveChannel(); JoinChannel();</c> works from a Failed handler; a join that is not allowed
    /// when it runs does nothing and is logged at Warning (event <c>DeferredCallRejected</c>).</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The state is not <see cref="ConnectionState.Disconnected"/> (and the call is not from a handler).</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public void JoinChannel() => Join(null);

    /// <summary>
    /// Starts joining the channel with a token that expires at <paramref name="tokenExpiresAt"/>:
    /// <see cref="ConnectionState.Connecting"/> / <see cref="ConnectionChangedReason.Connecting"/>. While the machine is
    /// in the channel (Connecting, Connected or Reconnecting), <see cref="TokenPrivilegeWillExpire"/> is raised
    /// <see cref="RtcConnectionOptions.TokenExpiryWarning"/> before the expiry (at once when less is left), and at the expiry the
    /// connection fails: <see cref="ConnectionState.Failed"/> / <see cref="ConnectionChangedReason.TokenExpired"/>, then
    /// <see cref="TokenPrivilegeExpired"/>. A token already expired does that right after Connecting.
    /// </summary>
    /// <param name="tokenExpiresAt">When the token expires, by the machine's clock (<see cref="ITimeProvider.GetUtcNow"/>).</param>
    /// <remarks>The rules and the Agora references behind them are in <c>docs/tokens.md</c>. Renew the token with <see cref="RenewToken"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenExpiresAt"/> is further ahead than the machine's clock can count.</exception>
    /// <exception cref="InvalidOperationException">The state is not <see cref="ConnectionState.Disconnected"/> (and the call is not from a handler; see <see cref="JoinChannel()"/>).</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public void JoinChannel(DateTimeOffset tokenExpiresAt) => Join(tokenExpiresAt);

    /// <summary>
    /// Gives the machine a new token that expires at <paramref name="tokenExpiresAt"/> (Agora's <c>renewToken</c>). While Connecting,
    /// Connected or Reconnecting it replaces the token: a new warning and a new expiry, no state change. While
    /// <see cref="ConnectionState.Failed"/> it starts joining again: <see cref="ConnectionState.Connecting"/> /
    /// <see cref="ConnectionChangedReason.RenewToken"/>, and the join proceeds as <see cref="JoinChannel(DateTimeOffset)"/>'s does.
    /// </summary>
    /// <param name="tokenExpiresAt">When the new token expires, by the machine's clock; not earlier than now.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenExpiresAt"/> is earlier than now, or further ahead than the machine's clock can count.</exception>
    /// <remarks>Called from an <see cref="EventRaised"/> handler, it is judged in the state it runs in, like <see cref="JoinChannel()"/>.</remarks>
    /// <exception cref="InvalidOperationException">The state is <see cref="ConnectionState.Disconnected"/>: there is no connection to renew the token of (not thrown from a handler).</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public void RenewToken(DateTimeOffset tokenExpiresAt)
    {
        _runtime.ThrowIfDisposed();
        TokenLifetime.ThrowIfInvalid(tokenExpiresAt, _time, allowPast: false, nameof(tokenExpiresAt));
        _runtime.Command(
            Trigger.RenewToken,
            new(ConnectionChangedReason.RenewToken, tokenExpiresAt),
            nameof(RenewToken),
            static _ => "To join with a new token, call JoinChannel(tokenExpiresAt).");
    }

    /// <summary>
    /// Leaves the channel from any state: <see cref="ConnectionState.Disconnected"/> / <see cref="ConnectionChangedReason.LeaveChannel"/>,
    /// stopping every retry and timer. Does nothing when already disconnected.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public void LeaveChannel() => _runtime.Command(Trigger.LeaveChannel, new(ConnectionChangedReason.LeaveChannel), nameof(LeaveChannel));

    /// <summary>
    /// Reports that the server accepted a join or a rejoin. While connecting: Connected / JoinSuccess and
    /// <see cref="JoinChannelSucceeded"/>; while reconnecting: Connected / JoinSuccess and
    /// <see cref="RejoinChannelSucceeded"/>. It counts as data from the server at this instant. Ignored in other states.
    /// </summary>
    public void ReportJoinSuccess()
        => _runtime.Dispatcher.Run(this, static m =>
        {
            // Stamped under the lock from the transition's own reading of the clock: stamped before taking the lock, a thread
            // that waited for it would anchor the next silence to a moment before its own Connected.
            m._runtime.ReportAccepted_NeedsLock(ref m._lastServerData, Trigger.JoinAccepted, ConnectionChangedReason.JoinSuccess, nameof(ReportJoinSuccess));
        });

    /// <summary>
    /// Reports data from the server. Called for every packet: it only stamps the time, without a lock,
    /// an allocation or a timer.
    /// </summary>
    public void ReportServerActivity() => TimeMath.Stamp(ref _lastServerData, _time.GetTimestamp());

    /// <summary>
    /// Reports that the server refused the connection for good (for example <see cref="ConnectionChangedReason.InvalidToken"/>): Failed with that reason.
    /// <see cref="ConnectionChangedReason.TokenExpired"/> is the token's expiry, as if its deadline had come: Failed / TokenExpired, then
    /// <see cref="TokenPrivilegeExpired"/>; <see cref="ConnectionChangedReason.BannedByServer"/> is <see cref="ReportBanned"/>. Ignored when not in a channel.
    /// </summary>
    /// <param name="reason">
    /// Why the server refused: a reason Agora reports with FAILED (BannedByServer, JoinFailed, InvalidAppId, InvalidChannelName, InvalidToken,
    /// TokenExpired, RejectedByServer, SameUidLogin, TooManyBroadcasters, LicenseValidationFailure, CertificationVerifyFailure,
    /// StreamChannelNotAvailable, InconsistentAppId).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a defined value, or not a refusal (JoinSuccess, Connecting, LeaveChannel…); the message lists the refusals.</exception>
    public void ReportJoinFailure(ConnectionChangedReason reason)
    {
        Refusals.ThrowIfNotRefusal(reason, nameof(reason));
        var trigger = reason switch
        {
            ConnectionChangedReason.TokenExpired => Trigger.TokenExpiry,
            ConnectionChangedReason.BannedByServer => Trigger.Banned,
            _ => Trigger.JoinRefused,
        };
        _runtime.Dispatcher.Run((Runtime: _runtime, Trigger: trigger, Reason: reason), static s => s.Runtime.Report_NeedsLock(s.Trigger, s.Reason, nameof(ReportJoinFailure)));
    }

    /// <summary>Reports that the server banned the connection: Failed / BannedByServer and <see cref="ConnectionBanned"/>. Ignored when not in a channel.</summary>
    public void ReportBanned()
        => _runtime.Dispatcher.Run(_runtime, static r => r.Report_NeedsLock(Trigger.Banned, ConnectionChangedReason.BannedByServer, nameof(ReportBanned)));

    /// <summary>Waits until the machine is in <paramref name="state"/>; completes at once when it already is.</summary>
    /// <param name="state">The state to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the state is reached, is canceled with the token, or faults with <see cref="ObjectDisposedException"/> when the machine is disposed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined value.</exception>
    public Task WaitForStateAsync(ConnectionState state, CancellationToken cancellationToken = default)
    {
        Guard.Defined(state);
        return _runtime.WaitForStateAsync(state, cancellationToken);
    }

    // Checked and fired in one hold of the lock (two threads joining at once: one joins, the other is told why not). From a
    // handler the join is queued behind the handler's other calls (a LeaveChannel, say) and judged in the state it runs in;
    // one not allowed then is logged (DeferredCallRejected).
    private void Join(DateTimeOffset? tokenExpiresAt)
    {
        _runtime.ThrowIfDisposed();
        if (tokenExpiresAt is { } expiresAt)
        {
            TokenLifetime.ThrowIfInvalid(expiresAt, _time, allowPast: true, nameof(tokenExpiresAt));
        }

        _runtime.Command(Trigger.JoinChannel, new(ConnectionChangedReason.Connecting, tokenExpiresAt), nameof(JoinChannel), static _ => "Call LeaveChannel first, then JoinChannel.");
    }

    /// <summary>
    /// Follows the SDK's report of <paramref name="state"/> with <paramref name="reason"/> (a followed machine: see
    /// <see cref="RtcConnectionOptions.FollowSdk"/>): the report's trigger in the table is chosen from the state it reports, the reason
    /// and the state the machine is in. A report of the current state raises nothing.
    /// </summary>
    internal void Follow(ConnectionState state, ConnectionChangedReason reason, Sdk.SdkCall report)
        => _runtime.Dispatcher.Run((Machine: this, State: state, Reason: reason, Report: report), static s => s.Machine.Follow_NeedsLock(s.State, s.Reason, s.Report));

    /// <summary>
    /// Follows the SDK's join or rejoin callback: Connected / JoinSuccess. A release before 2.3.2 reports no Connecting, so a join (or a
    /// renewal after a failure) the app did not tell the machine of is Connecting, then Connected, in one hold of the lock.
    /// </summary>
    internal void FollowJoined(bool legacy, Sdk.SdkCall report)
        => _runtime.Dispatcher.Run((Machine: this, Legacy: legacy, Report: report), static s =>
        {
            var state = s.Machine._runtime.State_NeedsLock;
            if (s.Legacy && state is ConnectionState.Disconnected or ConnectionState.Failed)
            {
                s.Machine.Follow_NeedsLock(ConnectionState.Connecting, state == ConnectionState.Failed ? ConnectionChangedReason.RenewToken : ConnectionChangedReason.Connecting, s.Report);
            }

            s.Machine.Follow_NeedsLock(ConnectionState.Connected, ConnectionChangedReason.JoinSuccess, s.Report);
        });

    // The report's trigger in the table, from the state it reports, the reason and the state the machine is in.
    private void Follow_NeedsLock(ConnectionState state, ConnectionChangedReason reason, in Sdk.SdkCall report)
    {
        var trigger = state switch
        {
            ConnectionState.Disconnected => Trigger.LeaveChannel,
            ConnectionState.Connecting => _runtime.State_NeedsLock == ConnectionState.Failed && reason == ConnectionChangedReason.RenewToken ? Trigger.RenewToken : Trigger.JoinChannel,
            ConnectionState.Connected => Trigger.JoinAccepted,
            ConnectionState.Reconnecting => Trigger.ServerSilence,
            _ => reason switch
            {
                ConnectionChangedReason.TokenExpired => Trigger.TokenExpiry,
                ConnectionChangedReason.BannedByServer => Trigger.Banned,
                ConnectionChangedReason.JoinFailed => Trigger.FailureDeadline,
                _ => Trigger.JoinRefused,
            },
        };
        _runtime.Follow_NeedsLock(trigger, state, new FireArgs<ConnectionChangedReason>(reason), report);
    }

    /// <summary>Follows the SDK's report that the connection is lost (<c>onConnectionLost</c>): once per join or interruption; a repeat raises nothing.</summary>
    internal void FollowLost(Sdk.SdkCall report)
        => _runtime.Dispatcher.Run((Machine: this, Report: report), static s =>
        {
            if (!s.Machine._lostRaised || s.Machine._runtime.State_NeedsLock is not (ConnectionState.Connecting or ConnectionState.Reconnecting))
            {
                s.Machine._runtime.Follow_NeedsLock(Trigger.LostDeadline, null, new FireArgs<ConnectionChangedReason>(ConnectionChangedReason.Interrupted), s.Report);
            }
        });

    /// <summary>Follows the SDK's warning that the token expires soon (<c>onTokenPrivilegeWillExpire</c>, which carries no expiry).</summary>
    internal void FollowTokenWarning(Sdk.SdkCall report)
        => _runtime.Dispatcher.Run((Runtime: _runtime, Report: report), static s => s.Runtime.Follow_NeedsLock(Trigger.TokenWarning, null, new FireArgs<ConnectionChangedReason>(ConnectionChangedReason.Interrupted), s.Report));

    /// <summary>Stops the machine: its timer is disposed, pending waits fault, and no event is raised after this returns.</summary>
    /// <remarks>When a handler is running on another thread, this waits for it to return.</remarks>
    public void Dispose() => _runtime.Dispose();
}
