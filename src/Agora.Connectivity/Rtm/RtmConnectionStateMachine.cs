using System.Diagnostics.Metrics;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Internal.Machines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Connectivity.Rtm;

/// <summary>
/// An RTM client's connection to the RTM system, as doc 003 describes it: login with a 6 s timeout,
/// RECONNECTING after 4 s of server silence (and never giving up on its own), the 30 s presence
/// window, ABORTED when another login of the same user ID (or a ban) kicks the client out.
/// </summary>
/// <remarks>
/// <para><see cref="LoginAsync(CancellationToken)"/> behaves like the document's promise: it completes when the state
/// reaches Connected / LoginSuccess and faults with <see cref="RtmLoginException"/> on LoginFailure or
/// LoginTimeout. Task continuations never run inside the machine's lock or event dispatch.</para>
/// <para>The machine is thread-safe, holds at most one timer, and <see cref="ReportServerActivity"/>
/// only stamps the time. The transitions are declared in <c>RtmConnectionStateMachine.Table.cs</c>.</para>
/// </remarks>
public sealed partial class RtmConnectionStateMachine : IConnectivityEventSource, IDisposable, IDispatchingSource, INamedConnection
{
    private const string SourceName = nameof(RtmConnectionStateMachine);

    private readonly RtmConnectionOptions _options;
    private readonly ITimeProvider _time;
    private readonly MachineRuntime<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason> _runtime;
    private long _lastServerData;
    private long _loginStartedAt;
    private long _interruptedAt;
    private bool _presenceExpired;
    // Set when the server dropped the session for an expired token: the SDK's own onTokenExpired that follows is a repeat to a follower.
    private bool _abortedForToken;
    private TokenLifetime _token;

    /// <summary>Initializes a new instance of the <see cref="RtmConnectionStateMachine"/> class, in state <see cref="RtmConnectionState.Disconnected"/>.</summary>
    /// <param name="options">The timeouts; the documented defaults when <see langword="null"/>. The machine keeps a copy.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where transitions, deadlines and ignored reports are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmConnectionStateMachine(
        RtmConnectionOptions? options = null,
        ITimeProvider? timeProvider = null,
        ILogger<RtmConnectionStateMachine>? logger = null)
        : this(options, timeProvider, logger, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmConnectionStateMachine"/> class that records its metrics on a meter of <paramref name="meterFactory"/>.</summary>
    /// <param name="options">The timeouts; the documented defaults when <see langword="null"/>. The machine keeps a copy.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.
    /// Wrap a <see cref="System.TimeProvider"/> in a <see cref="TimeProviderAdapter"/>.</param>
    /// <param name="logger">Where transitions, deadlines and ignored reports are logged; nowhere when <see langword="null"/>.</param>
    /// <param name="meterFactory">
    /// Creates the <c>Agora.Connectivity</c> meter the machine records on (the .NET 8 convention: a host's own factory, so parallel
    /// hosts and tests each see only their machines); the process-wide meter of that name when <see langword="null"/>.
    /// The DI registrations pass the container's <see cref="IMeterFactory"/> when it has one. See <c>docs/metrics.md</c>.
    /// </param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmConnectionStateMachine(
        RtmConnectionOptions? options,
        ITimeProvider? timeProvider,
        ILogger<RtmConnectionStateMachine>? logger,
        IMeterFactory? meterFactory)
    {
        _options = (options ?? new RtmConnectionOptions()).Clone();
        OptionsValidation.ThrowIfInvalid(_options.Validate(), nameof(RtmConnectionOptions), nameof(options));
        _time = timeProvider ?? SystemTimeProvider.Instance;
        _runtime = new(this, Table, _time, (ILogger?)logger ?? TraceFallbackLogger.Instance, ConnectivityMetrics.For(meterFactory), SourceName, _options.EventContext, _options.FollowSdk ? _options.FollowTolerance : null);
    }

    /// <summary>Initializes a new instance of the <see cref="RtmConnectionStateMachine"/> class on a <see cref="System.TimeProvider"/>, with the default options.</summary>
    /// <param name="timeProvider">
    /// The clock and timers: <see cref="System.TimeProvider.System"/>, Microsoft's <c>FakeTimeProvider</c>, the library's
    /// <c>Agora.Connectivity.Testing.FakeTimeProvider</c> or any other; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.
    /// </param>
    /// <remarks>
    /// The <see cref="System.TimeProvider"/> constructors are chosen over the <see cref="ITimeProvider"/> one only where that one does not apply
    /// or needs more default arguments, on every C# version; for a provider that is both (the library's fake) the two mean the same.
    /// </remarks>
    public RtmConnectionStateMachine(TimeProvider? timeProvider)
        : this(null, Clocks.From(timeProvider))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmConnectionStateMachine"/> class on a <see cref="System.TimeProvider"/>.</summary>
    /// <param name="options">The timeouts; the documented defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmConnectionStateMachine(RtmConnectionOptions? options, TimeProvider? timeProvider)
        : this(options, Clocks.From(timeProvider))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmConnectionStateMachine"/> class on a <see cref="System.TimeProvider"/>, with a logger of any category.</summary>
    /// <param name="options">The timeouts; the documented defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where the changes are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmConnectionStateMachine(RtmConnectionOptions? options, TimeProvider? timeProvider, ILogger? logger)
        : this(options, Clocks.From(timeProvider), TypedLogger<RtmConnectionStateMachine>.From(logger))
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
    internal MachineRuntime<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason> Runtime => _runtime;

    /// <summary>Gets the state, why and since when, for a health check: Connected is healthy, Aborted unhealthy, the others degraded.</summary>
    internal ConnectionStatus Status => _runtime.Status;

    /// <summary>Gets the clock the machine runs on; a driver waits on the same one.</summary>
    internal ITimeProvider TimeProvider => _time;

    /// <summary>Gets the current state. It may already be ahead of the events delivered so far.</summary>
    public RtmConnectionState State => _runtime.State;

    /// <summary>Logs in: Connecting / Login, then Connected / LoginSuccess when <see cref="ReportLoginSuccess"/> comes.</summary>
    /// <param name="cancellationToken">Cancels the login: the machine logs out and the task is canceled.</param>
    /// <returns>
    /// A task that completes when the login succeeds, faults with <see cref="RtmLoginException"/> (carrying the reason)
    /// on LoginFailure, LoginTimeout, a logout, a remote login or a ban before it succeeds, and with
    /// <see cref="ObjectDisposedException"/> when the machine is disposed first.
    /// </returns>
    /// <remarks>
    /// Called from an <see cref="EventRaised"/> handler, the login is queued behind the handler's earlier calls and judged in the
    /// state it runs in, so the documented recovery <c>LogoutAsync(); LoginAsync();</c> works from an Aborted handler; if it is not
    /// allowed when it runs, the returned task faults with <see cref="InvalidOperationException"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The state is not Disconnected (unless called from a handler), or a login is already pending.</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public Task LoginAsync(CancellationToken cancellationToken = default) => Login(null, cancellationToken);

    /// <summary>
    /// Logs in with a token that expires at <paramref name="tokenExpiresAt"/>: as <see cref="LoginAsync(CancellationToken)"/>, and
    /// while Connecting, Connected or Reconnecting <see cref="RtmTokenPrivilegeWillExpire"/> is raised
    /// <see cref="RtmConnectionOptions.TokenExpiryWarning"/> before the expiry (at once when less is left; never for a token given
    /// already expired). The expiry itself ends nothing: an RTM session outlives its token until the server drops it
    /// (<see cref="ReportAbortedByServer"/> with <see cref="RtmConnectionChangeReason.TokenExpired"/>) or a reconnect is refused.
    /// </summary>
    /// <param name="tokenExpiresAt">When the token expires, by the machine's clock.</param>
    /// <param name="cancellationToken">Cancels the login: the machine logs out and the task is canceled.</param>
    /// <returns>As <see cref="LoginAsync(CancellationToken)"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenExpiresAt"/> is further ahead than the machine's clock can count.</exception>
    /// <exception cref="InvalidOperationException">The state is not Disconnected (unless called from a handler), or a login is already pending.</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public Task LoginAsync(DateTimeOffset tokenExpiresAt, CancellationToken cancellationToken = default)
    {
        _runtime.ThrowIfDisposed();
        TokenLifetime.ThrowIfInvalid(tokenExpiresAt, _time, allowPast: true, nameof(tokenExpiresAt));
        return Login(tokenExpiresAt, cancellationToken);
    }

    /// <summary>
    /// Gives the machine a new token that expires at <paramref name="tokenExpiresAt"/> (RTM's <c>renewToken</c>): while Connecting,
    /// Connected or Reconnecting it replaces the token, with a new warning; the state does not change.
    /// </summary>
    /// <param name="tokenExpiresAt">When the new token expires, by the machine's clock; not earlier than now.</param>
    /// <remarks>Called from an <see cref="EventRaised"/> handler, it is judged in the state it runs in; one not allowed then is logged.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenExpiresAt"/> is earlier than now, or further ahead than the machine's clock can count.</exception>
    /// <exception cref="InvalidOperationException">The state is Disconnected or Aborted: there is no session to renew the token of (not thrown from a handler).</exception>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public void RenewToken(DateTimeOffset tokenExpiresAt)
    {
        _runtime.ThrowIfDisposed();
        TokenLifetime.ThrowIfInvalid(tokenExpiresAt, _time, allowPast: false, nameof(tokenExpiresAt));
        _runtime.Command(
            Trigger.RenewToken,
            new(RtmConnectionChangeReason.Login, tokenExpiresAt),
            nameof(RenewToken),
            static state => $"To log in with a new token, call LoginAsync(tokenExpiresAt){(state == RtmConnectionState.Aborted ? " after LogoutAsync" : string.Empty)}.");
    }

    private Task Login(DateTimeOffset? tokenExpiresAt, CancellationToken cancellationToken)
        => _runtime.Login(
            Trigger.Login,
            RtmConnectionChangeReason.Login,
            tokenExpiresAt,
            cancellationToken,
            nameof(LoginAsync),
            static _ => "Call LogoutAsync first, then LoginAsync.",
            Trigger.Logout,
            RtmConnectionChangeReason.Logout);

    /// <summary>Logs out from any state: Disconnected / Logout. A pending <see cref="LoginAsync(CancellationToken)"/> faults. Does nothing when already disconnected.</summary>
    /// <returns>
    /// A task that completes when the logout has been applied (at once, unless called from an event handler);
    /// it faults with <see cref="ObjectDisposedException"/> when the machine is disposed before a logout queued from a handler runs.
    /// </returns>
    /// <exception cref="ObjectDisposedException">The machine has been disposed.</exception>
    public Task LogoutAsync() => _runtime.CommandAsync(Trigger.Logout, new(RtmConnectionChangeReason.Logout), nameof(LogoutAsync));

    /// <summary>Reports that the RTM system accepted the login or a reconnect: Connected / LoginSuccess. It counts as data from the server.</summary>
    public void ReportLoginSuccess()
        => _runtime.Dispatcher.Run(this, static m =>
        {
            // Stamped under the lock from the transition's own reading of the clock (see RtcConnectionStateMachine.ReportJoinSuccess).
            m._runtime.ReportAccepted_NeedsLock(ref m._lastServerData, Trigger.LoginAccepted, RtmConnectionChangeReason.LoginSuccess, nameof(ReportLoginSuccess));
        });

    /// <summary>Reports that the login failed: Disconnected / LoginFailure, and the pending <see cref="LoginAsync(CancellationToken)"/> faults. Ignored unless connecting.</summary>
    public void ReportLoginFailure()
        => _runtime.Dispatcher.Run(_runtime, static r => r.Report_NeedsLock(Trigger.LoginRefused, RtmConnectionChangeReason.LoginFailure, nameof(ReportLoginFailure)));

    /// <summary>Reports data from the RTM system. Called for every packet: it only stamps the time.</summary>
    public void ReportServerActivity() => TimeMath.Stamp(ref _lastServerData, _time.GetTimestamp());

    /// <summary>Reports that another instance logged in with the same user ID: Aborted / RemoteLogin (<see cref="ReportAbortedByServer"/>'s shorthand).</summary>
    public void ReportRemoteLogin() => ReportAbortedByServer(RtmConnectionChangeReason.RemoteLogin);

    /// <summary>Reports that the server banned the client: Aborted / BannedByServer (<see cref="ReportAbortedByServer"/>'s shorthand).</summary>
    public void ReportBanned() => ReportAbortedByServer(RtmConnectionChangeReason.BannedByServer);

    /// <summary>
    /// Reports that the server dropped the client, as the shipped RTM 1.5.1 SDK's user-drop handler does (<c>agora-rtm-sdk</c> 1.5.1
    /// <c>index.js</c>, <c>userDropHandler</c>): from Connecting, Connected or Reconnecting to Aborted with <paramref name="reason"/>;
    /// for <see cref="RtmConnectionChangeReason.TokenExpired"/> (drop code 2) <see cref="TokenExpired"/> follows. A pending login
    /// faults with <see cref="RtmLoginException"/> carrying the reason. Ignored, and logged at Debug, in Disconnected and Aborted.
    /// </summary>
    /// <param name="reason">
    /// <see cref="RtmConnectionChangeReason.RemoteLogin"/> (drop code 11), <see cref="RtmConnectionChangeReason.BannedByServer"/>
    /// (14–16: user ID, IP or channel banned), <see cref="RtmConnectionChangeReason.TokenExpired"/> (2), or
    /// <see cref="RtmConnectionChangeReason.Interrupted"/> (any other code).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not one of those four; the message lists them.</exception>
    public void ReportAbortedByServer(RtmConnectionChangeReason reason)
    {
        if (reason is not (RtmConnectionChangeReason.RemoteLogin or RtmConnectionChangeReason.BannedByServer or RtmConnectionChangeReason.TokenExpired or RtmConnectionChangeReason.Interrupted))
        {
            throw new ArgumentOutOfRangeException(
                nameof(reason),
                reason,
                $"{reason} is not a reason the server drops a client for. Use one of: RemoteLogin, BannedByServer, TokenExpired, Interrupted (as agora-rtm-sdk 1.5.1's user-drop handler reports them).");
        }

        _runtime.Dispatcher.Run((Runtime: _runtime, Reason: reason), static s => s.Runtime.Report_NeedsLock(Trigger.ServerDrop, s.Reason, nameof(ReportAbortedByServer)));
    }

    /// <summary>
    /// Reports that the token expired. While <see cref="RtmConnectionState.Reconnecting"/> it raises <see cref="TokenExpired"/>
    /// and the state does not change; in every other state the report is ignored and logged at Debug, since the RTM 1.x
    /// references raise <c>onTokenExpired</c> "only when the SDK is reconnecting" (doc 003 says the same; <c>docs/tokens.md</c>).
    /// </summary>
    public void ReportTokenExpired()
        => _runtime.Dispatcher.Run(_runtime, static r => r.Report_NeedsLock(Trigger.TokenExpired, RtmConnectionChangeReason.TokenExpired, nameof(ReportTokenExpired)));

    /// <summary>Waits until the machine is in <paramref name="state"/>; completes at once when it already is.</summary>
    /// <param name="state">The state to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the state is reached, is canceled with the token, or faults with <see cref="ObjectDisposedException"/> when the machine is disposed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined value.</exception>
    public Task WaitForStateAsync(RtmConnectionState state, CancellationToken cancellationToken = default)
    {
        Guard.Defined(state);
        return _runtime.WaitForStateAsync(state, cancellationToken);
    }

    /// <summary>Gets a value indicating whether the machine follows an SDK's reports (<see cref="RtmConnectionOptions.FollowSdk"/>) rather than running the documented timers.</summary>
    public bool FollowsSdk => _runtime.Following;

    /// <summary>
    /// Follows the SDK's report of <paramref name="state"/> with <paramref name="reason"/> (a followed machine): the report's trigger in the
    /// table is chosen from the state it reports and the reason. A report of the current state raises nothing.
    /// </summary>
    internal void Follow(RtmConnectionState state, RtmConnectionChangeReason reason, Sdk.SdkCall report)
        => _runtime.Dispatcher.Run((Runtime: _runtime, State: state, Reason: reason, Report: report), static s =>
        {
            var trigger = s.State switch
            {
                RtmConnectionState.Connecting => Trigger.Login,
                RtmConnectionState.Connected => Trigger.LoginAccepted,
                RtmConnectionState.Reconnecting => Trigger.ServerSilence,
                RtmConnectionState.Aborted => Trigger.ServerDrop,
                _ => s.Reason switch
                {
                    RtmConnectionChangeReason.Logout => Trigger.Logout,
                    RtmConnectionChangeReason.LoginTimeout => Trigger.LoginDeadline,
                    _ => Trigger.LoginRefused,
                },
            };
            s.Runtime.Follow_NeedsLock(trigger, s.State, new FireArgs<RtmConnectionChangeReason>(s.Reason), s.Report);
        });

    /// <summary>Follows the SDK's <c>onTokenExpired</c>: a fact while reconnecting; after the SDK's own abort for an expired token, a repeat.</summary>
    internal void FollowTokenExpired(Sdk.SdkCall report)
        => _runtime.Dispatcher.Run((Machine: this, Report: report), static s =>
        {
            if (!s.Machine._abortedForToken || s.Machine._runtime.State_NeedsLock != RtmConnectionState.Aborted)
            {
                s.Machine._runtime.Follow_NeedsLock(Trigger.TokenExpired, null, new FireArgs<RtmConnectionChangeReason>(RtmConnectionChangeReason.TokenExpired), s.Report);
            }
        });

    /// <summary>Follows the SDK's warning that the token expires soon, which carries no expiry.</summary>
    internal void FollowTokenWarning(Sdk.SdkCall report)
        => _runtime.Dispatcher.Run((Runtime: _runtime, Report: report), static s => s.Runtime.Follow_NeedsLock(Trigger.TokenWarning, null, new FireArgs<RtmConnectionChangeReason>(RtmConnectionChangeReason.Interrupted), s.Report));

    /// <summary>Stops the machine: its timer is disposed, a pending login and pending waits fault, and no event is raised after this returns.</summary>
    public void Dispose() => _runtime.Dispose();
}
