using System.Diagnostics.Metrics;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Internal.Machines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Connectivity.Rtm2;

/// <summary>
/// The MESSAGE link of an RTM 2.x (Signaling) client, as Agora's shipped SDKs run it: IDLE → CONNECTING → CONNECTED; a link whose ping
/// has no answer for the heartbeat interval and its margin is DISCONNECTED and reconnects 3 s later; each attempt times out after 5 s and the
/// next follows after 2, 4, 8, 16, 32, 32 and then every 30 s; the first attempt to time out 115 s after the outage's first timeout
/// reports SUSPENDED; it never gives up unless <see cref="RtmLinkOptions.ReconnectTimeout"/> is set; a server rejection is FAILED.
/// </summary>
/// <remarks>
/// <para>Every transition, its operation, reason code and source: <c>docs/rtm2.md</c>. The transitions are declared in
/// <c>RtmLinkStateMachine.Table.cs</c> and fired by Stateless; every timer runs on the machine's clock and counts from its instant
/// (the last packet, the attempt's start, the outage's first timeout), never from when a timer callback ran.</para>
/// <para>The machine is thread-safe, holds at most one timer, and <see cref="ReportServerActivity"/> and <see cref="ReportHeartbeatAnswer"/> only stamp the time. Events are
/// raised outside the lock, in order; a handler may call the machine back (its calls run after it returns).</para>
/// </remarks>
public sealed partial class RtmLinkStateMachine : IConnectivityEventSource, IDisposable, IDispatchingSource, INamedConnection
{
    private const string SourceName = nameof(RtmLinkStateMachine);

    private readonly RtmLinkOptions _options;
    private readonly ITimeProvider _time;
    private readonly MachineRuntime<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause> _runtime;
    private long _lastServerData;
    private long _nextPingAt;
    private TokenLifetime _token;
    private Session _session;

    /// <summary>Initializes a new instance of the <see cref="RtmLinkStateMachine"/> class, in state <see cref="RtmLinkState.Idle"/>.</summary>
    /// <param name="options">The timings; the shipped defaults when <see langword="null"/>. The machine keeps a copy.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where transitions, deadlines and ignored reports are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmLinkStateMachine(RtmLinkOptions? options = null, ITimeProvider? timeProvider = null, ILogger<RtmLinkStateMachine>? logger = null)
        : this(options, timeProvider, logger, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmLinkStateMachine"/> class that records its metrics on a meter of <paramref name="meterFactory"/>.</summary>
    /// <param name="options">The timings; the shipped defaults when <see langword="null"/>. The machine keeps a copy.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.
    /// Wrap a <see cref="System.TimeProvider"/> in a <see cref="TimeProviderAdapter"/>.</param>
    /// <param name="logger">Where transitions, deadlines and ignored reports are logged; nowhere when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>Agora.Connectivity</c> meter the machine records on; the process-wide meter of that name when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmLinkStateMachine(RtmLinkOptions? options, ITimeProvider? timeProvider, ILogger<RtmLinkStateMachine>? logger, IMeterFactory? meterFactory)
    {
        _options = (options ?? new RtmLinkOptions()).Clone();
        OptionsValidation.ThrowIfInvalid(_options.Validate(), nameof(RtmLinkOptions), nameof(options));
        _time = timeProvider ?? SystemTimeProvider.Instance;
        _runtime = new(this, Table, _time, (ILogger?)logger ?? TraceFallbackLogger.Instance, ConnectivityMetrics.For(meterFactory), SourceName, _options.EventContext, _options.FollowSdk ? _options.FollowTolerance : null);
    }

    /// <summary>Initializes a new instance of the <see cref="RtmLinkStateMachine"/> class on a <see cref="System.TimeProvider"/>.</summary>
    /// <param name="options">The timings; the shipped defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">
    /// The clock and timers: <see cref="System.TimeProvider.System"/>, Microsoft's <c>FakeTimeProvider</c>, the library's
    /// <c>Agora.Connectivity.Testing.FakeTimeProvider</c> or any other; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.
    /// </param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmLinkStateMachine(RtmLinkOptions? options, TimeProvider? timeProvider)
        : this(options, Clocks.From(timeProvider))
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

    /// <summary>Gets the current state. It may already be ahead of the events delivered so far.</summary>
    public RtmLinkState State => _runtime.State;

    /// <summary>Gets the runtime, for the DI package's naming and disposal.</summary>
    internal MachineRuntime<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause> Runtime => _runtime;

    /// <summary>Gets the link's clock, for a driver's timers.</summary>
    internal ITimeProvider TimeProvider => _time;

    /// <summary>Gets the state, why and since when, for a health check: Connected is healthy, Failed unhealthy, the others degraded.</summary>
    internal ConnectionStatus Status => _runtime.Status;

    /// <summary>
    /// Logs in (RTM's <c>login</c>): Connecting / Login / Login (Relogin after a failure), then Connected / Login / LoginSuccess when
    /// <see cref="ReportLoginSuccess"/> comes. An attempt that times out is retried on its own, as the SDKs do. While Disconnected or
    /// Suspended after a loss it is a relogin at once — Connecting / Login / Relogin, then Connected / Login / Relogin, resumed unless
    /// suspended (<c>agora-rtm.js</c>: "custom reLogin, need retry right now"); while Connected it completes at once with no event, as the
    /// SDK returns (<c>if("CONNECTED"===this._linkState)return B</c>), and keeps the token the link has (renew it with <see cref="RenewToken"/>).
    /// </summary>
    /// <returns>
    /// A task that completes when the link connects; faults with <see cref="RtmLinkLoginException"/> when it fails first (its reason
    /// code), or is logged out first (<see cref="RtmLinkStateChangeReason.Logout"/>); and with <see cref="ObjectDisposedException"/>
    /// when the machine is disposed first. Continuations never run inside the machine's lock.
    /// </returns>
    /// <remarks>Called from an <see cref="EventRaised"/> handler, the login is queued and judged in the state it runs in; if it is not allowed then, the task faults with <see cref="InvalidOperationException"/>.</remarks>
    /// <exception cref="InvalidOperationException">A login is in progress: the state is Connecting, or Disconnected or Suspended before the session first connected (not thrown from a handler).</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public Task LoginAsync() => Login(null, CancellationToken.None);

    /// <summary>Logs in as <see cref="LoginAsync()"/>, until <paramref name="cancellationToken"/> is canceled.</summary>
    /// <param name="cancellationToken">Cancels the login: while it waits, the link logs out (Idle / Logout / Logout) and the task is canceled.</param>
    /// <returns>As <see cref="LoginAsync()"/>, or canceled with <paramref name="cancellationToken"/>.</returns>
    /// <exception cref="InvalidOperationException">A login is in progress: the state is Connecting, or Disconnected or Suspended before the session first connected (not thrown from a handler).</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public Task LoginAsync(CancellationToken cancellationToken) => Login(null, cancellationToken);

    /// <summary>
    /// Logs in with a token that expires at <paramref name="tokenExpiresAt"/>: as <see cref="LoginAsync()"/>, and when the token
    /// expires while logged in the server rejects the link: Failed / ServerReject / TokenExpired (Failed / Login / TokenExpired before
    /// the first connection; <c>agora-rtm.js</c>, <c>_userDropHandler</c>: "Server banned because of token is expired").
    /// </summary>
    /// <param name="tokenExpiresAt">When the token expires, by the machine's clock.</param>
    /// <returns>As <see cref="LoginAsync()"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenExpiresAt"/> is further ahead than the machine's clock can count.</exception>
    /// <exception cref="InvalidOperationException">A login is in progress: the state is Connecting, or Disconnected or Suspended before the session first connected (not thrown from a handler).</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public Task LoginAsync(DateTimeOffset tokenExpiresAt) => LoginAsync(tokenExpiresAt, CancellationToken.None);

    /// <summary>Logs in with a token as <see cref="LoginAsync(DateTimeOffset)"/>, until <paramref name="cancellationToken"/> is canceled.</summary>
    /// <param name="tokenExpiresAt">When the token expires, by the machine's clock.</param>
    /// <param name="cancellationToken">Cancels the login: while it waits, the link logs out (Idle / Logout / Logout) and the task is canceled.</param>
    /// <returns>As <see cref="LoginAsync(DateTimeOffset)"/>, or canceled with <paramref name="cancellationToken"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenExpiresAt"/> is further ahead than the machine's clock can count.</exception>
    /// <exception cref="InvalidOperationException">A login is in progress: the state is Connecting, or Disconnected or Suspended before the session first connected (not thrown from a handler).</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public Task LoginAsync(DateTimeOffset tokenExpiresAt, CancellationToken cancellationToken)
    {
        _runtime.ThrowIfDisposed();
        TokenLifetime.ThrowIfInvalid(tokenExpiresAt, _time, allowPast: true, nameof(tokenExpiresAt));
        return Login(tokenExpiresAt, cancellationToken);
    }

    /// <summary>Logs out (RTM's <c>logout</c>) from any state but Idle: Idle / Logout / Logout. A pending login faults. Nothing happens in Idle.</summary>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public void Logout() => _runtime.Command(Trigger.Logout, new(LogoutCause), nameof(Logout));

    /// <summary>
    /// Gives the link a new token that expires at <paramref name="tokenExpiresAt"/> (RTM's <c>renewToken</c>): it replaces the token's
    /// expiry while Connecting, Connected, Disconnected or Suspended; the state does not change.
    /// </summary>
    /// <param name="tokenExpiresAt">When the new token expires, by the machine's clock; not earlier than now.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenExpiresAt"/> is earlier than now, or further ahead than the machine's clock can count.</exception>
    /// <exception cref="InvalidOperationException">The state is Idle or Failed: there is no session to renew the token of (not thrown from a handler).</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public void RenewToken(DateTimeOffset tokenExpiresAt)
    {
        _runtime.ThrowIfDisposed();
        TokenLifetime.ThrowIfInvalid(tokenExpiresAt, _time, allowPast: false, nameof(tokenExpiresAt));
        _runtime.Command(Trigger.RenewToken, new(default, tokenExpiresAt), nameof(RenewToken), static _ => "To log in with a new token, call LoginAsync(tokenExpiresAt).");
    }

    /// <summary>
    /// Reports that the server accepted the login or a reconnect attempt: Connected / Login / LoginSuccess on the session's first
    /// connection, Connected / AutoReconnect / ReconnectSuccess after a loss (<c>agora-rtm.js</c>: <c>A?"RELOGIN":"RECONNECT_SUCCESS"</c>).
    /// It counts as data from the server. Ignored unless Connecting.
    /// </summary>
    public void ReportLoginSuccess()
        => _runtime.Dispatcher.Run(this, static m =>
            m._runtime.ReportAccepted_NeedsLock(ref m._lastServerData, Trigger.Accepted, m.AcceptedCause, nameof(ReportLoginSuccess)));

    /// <summary>
    /// Reports that the server refused the login attempt in progress: Failed / Login / <paramref name="reason"/> before the session's first
    /// connection (<c>agora-rtm.js</c>, <c>_handleLoginFailedState</c>). On a reconnect the refusal goes to the SDK's user-drop handler
    /// (<c>this.handleFailed("user resp error",g)</c>): Failed / ServerReject / TokenExpired or LoginTooFrequent, the two drop codes among
    /// these reasons, and Failed / ServerReject / Unknown for any other ("User kicked off for unknown code: "). Ignored unless Connecting.
    /// </summary>
    /// <param name="reason">
    /// LoginRejected, InvalidToken, TokenExpired, LoginNotAuthorized, InconsistentAppId, InvalidUserId, ServiceNotSupported,
    /// OperationRateExceedLimitation or LoginTooFrequent: the codes <c>_handleLoginFailedState</c> reports.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not one of those; the message lists them.</exception>
    public void ReportLoginFailure(RtmLinkStateChangeReason reason)
    {
        ThrowUnlessOneOf(reason, LoginFailures, "a login fails with", "_handleLoginFailedState");
        _runtime.Dispatcher.Run((Machine: this, Reason: reason), static s =>
        {
            var cause = s.Machine._session.EverConnected ? RefusedReconnect(s.Reason) : new LinkCause(RtmLinkOperation.Login, s.Reason);
            s.Machine._runtime.Report_NeedsLock(Trigger.Refused, cause, nameof(ReportLoginFailure));
        });
    }

    /// <summary>
    /// Reports that the server dropped the client (<c>agora-rtm.js</c>, <c>_userDropHandler</c>): Failed / ServerReject /
    /// <paramref name="reason"/> from Connecting, Connected, Disconnected or Suspended. Ignored in Idle and Failed.
    /// </summary>
    /// <param name="reason">TokenExpired, SameUidLogin (another device logged in with the user ID), LoginTooFrequent, KickedOutByServer or Unknown.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not one of those; the message lists them.</exception>
    public void ReportServerRejection(RtmLinkStateChangeReason reason)
    {
        ThrowUnlessOneOf(reason, ServerRejections, "the server drops a client for", "_userDropHandler");
        _runtime.Dispatcher.Run((Runtime: _runtime, Reason: reason), static s =>
            s.Runtime.Report_NeedsLock(Trigger.Rejected, new LinkCause(RtmLinkOperation.ServerReject, s.Reason), nameof(ReportServerRejection)));
    }

    /// <summary>
    /// Reports that the network came back (the browser's <c>online</c>, a new interface): an attempt in progress is abandoned —
    /// Disconnected / NetworkChange / NetworkChange — and the next one starts 2 s later with the waits reset ("Network recovery terminates
    /// this reconnection, and the SDK will reconnect again after 2s", <c>agora-rtm.d.ts</c>); while Disconnected or Suspended the next
    /// attempt starts now (<c>agora-rtm.js</c>: "network is online, will retry connect now"). Ignored in Idle, Connected and Failed.
    /// </summary>
    public void ReportNetworkChange()
        => _runtime.Dispatcher.Run(_runtime, static r =>
            r.Report_NeedsLock(Trigger.NetworkChange, r.State_NeedsLock == RtmLinkState.Connecting ? NetworkChangeCause : RetryCause, nameof(ReportNetworkChange)));

    /// <summary>
    /// Reports data from the RTM system. Called for every packet: it only stamps the time, which the presence window counts from. It
    /// keeps the link alive only when <see cref="RtmLinkOptions.KeepAlive"/> is <see cref="RtmLinkKeepAlive.AnyPacket"/>; by default
    /// only <see cref="ReportHeartbeatAnswer"/> does, as in the SDK.
    /// </summary>
    public void ReportServerActivity() => TimeMath.Stamp(ref _lastServerData, _time.GetTimestamp());

    /// <summary>
    /// Reports the answer to the link's ping (the SDK's <c>Pong3</c>): a packet, and while a ping is pending it is answered and the next
    /// goes out <see cref="RtmLinkOptions.HeartbeatInterval"/> later (<c>agora-rtm.js</c>, <c>sendPing</c>: the pong that answers the
    /// pending ping's sequence calls <c>this.startPingTimer(A)</c>). The first ping goes out when the link connects; the link is lost
    /// when a ping has had no answer for <see cref="RtmLinkOptions.HeartbeatInterval"/> + <see cref="RtmLinkOptions.KeepAliveMargin"/>.
    /// An answer while no ping is pending (a duplicate, or one before the next ping is due) is only a packet. It only stamps the time.
    /// </summary>
    public void ReportHeartbeatAnswer()
    {
        var now = _time.GetTimestamp();
        TimeMath.Stamp(ref _lastServerData, now);
        var pingAt = Volatile.Read(ref _nextPingAt);
        if (now >= pingAt)
        {
            // One exchange, no retry: if it fails, another answer took the pending ping (this one is then a duplicate) or the link
            // connected again and pinged anew (this one answered the old socket's ping).
            Interlocked.CompareExchange(ref _nextPingAt, TimeMath.DueAt(_time, now, _options.HeartbeatInterval), pingAt);
        }
    }

    /// <summary>Waits until the machine is in <paramref name="state"/>; completes at once when it already is.</summary>
    /// <param name="state">The state to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the state is reached, is canceled with the token, or faults with <see cref="ObjectDisposedException"/> when the machine is disposed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined value.</exception>
    public Task WaitForStateAsync(RtmLinkState state, CancellationToken cancellationToken = default)
    {
        Guard.Defined(state);
        return _runtime.WaitForStateAsync(state, cancellationToken);
    }

    /// <summary>Gets a value indicating whether the link follows an SDK's reports (<see cref="RtmLinkOptions.FollowSdk"/>) rather than running the documented timers.</summary>
    public bool FollowsSdk => _runtime.Following;

    /// <summary>
    /// Follows the SDK's link-state event (a followed link): the report's trigger in the table is chosen from the state it reports and its
    /// operation and reason; a report of SUSPENDED marks the outage suspended, as the SDK says it is. A report of the current state raises nothing.
    /// </summary>
    internal void Follow(RtmLinkState previous, RtmLinkState state, RtmLinkOperation operation, RtmLinkStateChangeReason reason, Sdk.SdkCall report)
        => _runtime.Dispatcher.Run((Machine: this, Previous: previous, State: state, Cause: new LinkCause(operation, reason), Report: report), static s =>
        {
            var m = s.Machine;
            var current = m._runtime.State_NeedsLock;
            if (s.Previous != current && s.State != current)
            {
                // The event names the state it left: one that is not the link's means a callback the link never saw.
                m._runtime.Deviation_NeedsLock("Transition", $"previousState {current}", $"{s.Report}: a change the link did not see (a dropped callback)", TimeMath.Now(m._time));
            }

            var trigger = s.State switch
            {
                RtmLinkState.Idle => Trigger.Logout,
                RtmLinkState.Connecting => s.Cause.Operation switch
                {
                    RtmLinkOperation.Login => Trigger.Login,
                    RtmLinkOperation.NetworkChange => Trigger.NetworkChange,
                    // The SDK retries at once when the network comes back, with the same AUTO_RECONNECT as its timer's retry.
                    _ when m.RetriesEarly_NeedsLock() => Trigger.NetworkChange,
                    _ => Trigger.Retry,
                },
                RtmLinkState.Connected => Trigger.Accepted,
                RtmLinkState.Disconnected => s.Cause.Operation switch
                {
                    RtmLinkOperation.HeartbeatLost => Trigger.KeepAliveLost,
                    RtmLinkOperation.NetworkChange => Trigger.NetworkChange,
                    _ => Trigger.AttemptTimeout,
                },
                RtmLinkState.Suspended => Trigger.AttemptTimeout,
                _ => s.Cause switch
                {
                    { Reason: RtmLinkStateChangeReason.TokenExpired } => Trigger.TokenExpiry,
                    { Operation: RtmLinkOperation.Login } => Trigger.Refused,
                    { Operation: RtmLinkOperation.AutoReconnect, Reason: RtmLinkStateChangeReason.ReconnectTimeout } => Trigger.GiveUp,
                    _ => Trigger.Rejected,
                },
            };
            if (s.State == RtmLinkState.Suspended && m._runtime.State_NeedsLock != RtmLinkState.Suspended)
            {
                m._session.Suspended = true;
            }

            // isResumed, as the SDK sets it: a reconnect or relogin that ends an outage before the link was suspended.
            var resumed = s.State == RtmLinkState.Connected && s.Cause.Reason is RtmLinkStateChangeReason.ReconnectSuccess or RtmLinkStateChangeReason.Relogin && !m._session.Suspended;
            m._runtime.Follow_NeedsLock(trigger, s.State, new FireArgs<LinkCause>(s.Cause with { Resumed = resumed }), s.Report);
        });

    // A retry reported before the wait's end (by more than the tolerance) is the one a network change starts at once.
    private bool RetriesEarly_NeedsLock()
        => _runtime.State_NeedsLock is RtmLinkState.Disconnected or RtmLinkState.Suspended
            && TimeMath.Elapsed(_time, _time.GetTimestamp(), TimeMath.DueAt(_time, _session.WaitStartedAt, _session.RetryDelay)) > _runtime.FollowTolerance;

    /// <summary>Stops the machine: its timer is disposed, a pending login and pending waits fault, and no event is raised after this returns.</summary>
    public void Dispose() => _runtime.Dispose();

    private static void ThrowUnlessOneOf(RtmLinkStateChangeReason reason, RtmLinkStateChangeReason[] allowed, string what, string source)
    {
        if (Array.IndexOf(allowed, reason) < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(reason),
                reason,
                $"{reason} is not a reason {what}. Use one of: {string.Join(", ", allowed)} (as agora-rtm-sdk 2.3.0's {source} reports them).");
        }
    }

    private Task Login(DateTimeOffset? tokenExpiresAt, CancellationToken cancellationToken)
        => _runtime.Login(
            Trigger.Login,
            new LinkCause(RtmLinkOperation.Login, RtmLinkStateChangeReason.Login),
            tokenExpiresAt,
            cancellationToken,
            nameof(LoginAsync),
            static _ => "A login is in progress and its attempts are retried on their own: await it, or call Logout first to start over.",
            Trigger.Logout,
            LogoutCause);
}
