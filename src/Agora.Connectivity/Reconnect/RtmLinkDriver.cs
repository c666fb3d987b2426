using Agora.Connectivity.Internal;
using Agora.Connectivity.Reconnect.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm2;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Reconnect;

/// <summary>
/// Does the trying for an <see cref="RtmLinkStateMachine"/> (RTM 2.x): while the link is Connecting (the login, a relogin, or one of
/// the link's own reconnect attempts after a loss) it opens the transport per the <see cref="IReconnectPolicy"/> until an attempt is
/// accepted (reported as <see cref="RtmLinkStateMachine.ReportLoginSuccess"/>) or an error is final; it stops and closes the transport
/// when the link is Connected no more (Disconnected, Suspended, Idle or Failed). Every received frame is a packet
/// (<see cref="RtmLinkStateMachine.ReportServerActivity"/>).
/// </summary>
/// <remarks>
/// <para>The link paces its own reconnection, as the SDK does (3 s after a loss, each attempt bounded by
/// <see cref="RtmLinkOptions.LoginAttemptTimeout"/>, suspension, the give-up): the driver only makes the attempts while the link says
/// Connecting. A socket that closes while Connected starts nothing: the link hears the loss from its pings, as the SDK does. Report the
/// pings' answers yourself (<see cref="RtmLinkStateMachine.ReportHeartbeatAnswer"/>), or set <see cref="RtmLinkOptions.KeepAlive"/>
/// to <see cref="RtmLinkKeepAlive.AnyPacket"/> to let every frame keep the link alive.</para>
/// <para>Final errors are RTM 2.x reasons: one a login fails with (<c>LoginRejected</c>, <c>InvalidToken</c>, <c>TokenExpired</c>, …)
/// is reported with <see cref="RtmLinkStateMachine.ReportLoginFailure"/>, one the server drops a client for (<c>SameUidLogin</c>,
/// <c>KickedOutByServer</c>, <c>Unknown</c>) with <see cref="RtmLinkStateMachine.ReportServerRejection"/>. A transport's
/// <see cref="ConnectionRejectedException"/> is final by default: <see cref="ConnectionChangedReason.InvalidToken"/> and
/// <see cref="ConnectionChangedReason.TokenExpired"/> as themselves, <see cref="ConnectionChangedReason.SameUidLogin"/> as a drop for
/// <c>SameUidLogin</c>, <see cref="ConnectionChangedReason.BannedByServer"/> as a drop for <c>KickedOutByServer</c>,
/// <see cref="ConnectionChangedReason.InvalidAppId"/> as <c>InconsistentAppId</c>, any other as <c>LoginRejected</c>.</para>
/// </remarks>
public sealed class RtmLinkDriver : IDisposable, IAsyncDisposable, IDriverTarget<RtmLinkStateChangeReason>
{
    private readonly RtmLinkStateMachine _link;
    private readonly ConnectionDriverCore<RtmLinkStateChangeReason> _core;

    /// <summary>Initializes a new instance of the <see cref="RtmLinkDriver"/> class, following <paramref name="link"/> from now on.</summary>
    /// <param name="link">The link to drive; the driver does not own it.</param>
    /// <param name="transport">The consumer's connection.</param>
    /// <param name="policy">When to retry within one Connecting; gRPC's backoff when <see langword="null"/>.</param>
    /// <param name="classifyError">
    /// Tells a final error from a transient one: the RTM 2.x reason it is (one of the login failures or server drops in the remarks), or
    /// <see langword="null"/> to try again. Any other reason is a faulty classifier: logged (<c>ReconnectPolicyFailed</c>), and the
    /// attempt fails as <c>LoginRejected</c>. By default a <see cref="ConnectionRejectedException"/> is final.
    /// </param>
    /// <param name="logger">Where failed attempts and refusals are logged; <see cref="System.Diagnostics.Trace"/> for errors when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="link"/> or <paramref name="transport"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="link"/> follows an SDK (<c>FollowSdk</c>), whose own reconnection runs: a driver drives a modelled link.</exception>
    public RtmLinkDriver(
        RtmLinkStateMachine link,
        IConnectionTransport transport,
        IReconnectPolicy? policy = null,
        Func<Exception, RtmLinkStateChangeReason?>? classifyError = null,
        ILogger<RtmLinkDriver>? logger = null)
    {
        _link = Guard.NotNull(link);
        Guard.NotFollowing(link.FollowsSdk, nameof(link));
        _core = new ConnectionDriverCore<RtmLinkStateChangeReason>(link, Follow, this, transport, link.TimeProvider, policy ?? new ExponentialBackoffPolicy(), classifyError ?? DefaultClassification, nameof(RtmLinkDriver), (ILogger?)logger ?? TraceFallbackLogger.Instance);
    }

    /// <summary>Gets the policy the driver retries with.</summary>
    public IReconnectPolicy Policy => _core.Policy;

    /// <summary>Gets how many connection attempts the driver has made so far.</summary>
    public int AttemptCount => _core.AttemptCount;

    /// <summary>Gets a value indicating whether the driver is trying to connect right now (waiting or in an attempt).</summary>
    public bool IsConnecting => _core.IsRunning;

    bool IDriverTarget<RtmLinkStateChangeReason>.WantsConnection => _link.State == RtmLinkState.Connecting;

    string IDriverTarget<RtmLinkStateChangeReason>.TraceKind => "rtm2";

    string? IDriverTarget<RtmLinkStateChangeReason>.ConnectionName => _link.Runtime.ConnectionName;

    void IDriverTarget<RtmLinkStateChangeReason>.OnDisposed(Action stop) => _link.Runtime.OnDisposed(stop);

    void IDriverTarget<RtmLinkStateChangeReason>.RemoveOnDisposed(Action stop) => _link.Runtime.RemoveOnDisposed(stop);

    /// <summary>Stops following the link, stops any wait or attempt, and closes the transport without waiting for it.</summary>
    public void Dispose() => _ = _core.DisposeAsync();

    /// <summary>Stops following the link, stops any wait or attempt, and closes the transport.</summary>
    /// <returns>A task that completes when the transport is closed (after the attempt in flight, which is canceled, returns).</returns>
    public ValueTask DisposeAsync() => new(_core.DisposeAsync());

    void IDriverTarget<RtmLinkStateChangeReason>.ReportAccepted() => _link.ReportLoginSuccess();

    void IDriverTarget<RtmLinkStateChangeReason>.ReportFrame() => _link.ReportServerActivity();

    RtmLinkStateChangeReason IDriverTarget<RtmLinkStateChangeReason>.PolicyFailure => RtmLinkStateChangeReason.LoginRejected;

    void IDriverTarget<RtmLinkStateChangeReason>.ReportRejected(RtmLinkStateChangeReason reason)
    {
        if (Array.IndexOf(RtmLinkStateMachine.LoginFailures, reason) >= 0)
        {
            _link.ReportLoginFailure(reason);
        }
        else if (Array.IndexOf(RtmLinkStateMachine.ServerRejections, reason) >= 0)
        {
            _link.ReportServerRejection(reason);
        }
        else
        {
            throw new ArgumentOutOfRangeException(
                nameof(reason),
                reason,
                $"{reason} is not a reason an RTM 2.x login fails with or the server drops a client for, so it cannot end the attempts. "
                + $"Use one of: {string.Join(", ", RtmLinkStateMachine.LoginFailures.Concat(RtmLinkStateMachine.ServerRejections).Distinct())}.");
        }
    }

    private static RtmLinkStateChangeReason? DefaultClassification(Exception error) => error is ConnectionRejectedException rejected
        ? rejected.Reason switch
        {
            ConnectionChangedReason.InvalidToken => RtmLinkStateChangeReason.InvalidToken,
            ConnectionChangedReason.TokenExpired => RtmLinkStateChangeReason.TokenExpired,
            ConnectionChangedReason.SameUidLogin => RtmLinkStateChangeReason.SameUidLogin,
            ConnectionChangedReason.BannedByServer => RtmLinkStateChangeReason.KickedOutByServer,
            ConnectionChangedReason.InvalidAppId => RtmLinkStateChangeReason.InconsistentAppId,
            _ => RtmLinkStateChangeReason.LoginRejected,
        }
        : null;

    private static DriverCommand? Follow(ConnectivityEvent e) => e switch
    {
        RtmLinkStateChanged { State: RtmLinkState.Connecting } => DriverCommand.Connect,
        RtmLinkStateChanged { State: RtmLinkState.Connected } => DriverCommand.Connected,
        RtmLinkStateChanged => DriverCommand.Disconnect,
        _ => null,
    };
}
