using Agora.Connectivity.Internal;
using Agora.Connectivity.Reconnect.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Connectivity.Reconnect;

/// <summary>
/// Does the trying for an <see cref="RtmConnectionStateMachine"/>: on <see cref="RtmConnectionStateMachine.LoginAsync(CancellationToken)"/>
/// and while RECONNECTING it opens the transport per the <see cref="IReconnectPolicy"/> until an attempt
/// is accepted (reported as <see cref="RtmConnectionStateMachine.ReportLoginSuccess"/>) or an error is
/// final, and stops when the client logs out or is aborted. Every received frame is server activity.
/// </summary>
/// <remarks>
/// Final errors are RTM's own refusals: <see cref="RtmConnectionChangeReason.BannedByServer"/> is reported as a ban,
/// <see cref="RtmConnectionChangeReason.RemoteLogin"/> as a remote login, <see cref="RtmConnectionChangeReason.LoginFailure"/> as a
/// login failure (while logging in; while reconnecting the driver only stops trying, since RTM reconnects have no failure state).
/// A transport's <see cref="ConnectionRejectedException"/> is final by default, its reason read in RTM's terms
/// (<see cref="ConnectionChangedReason.BannedByServer"/> a ban, <see cref="ConnectionChangedReason.SameUidLogin"/> a remote login,
/// any other a login failure). The policy's attempt timeout runs alongside the machine's 6 s login timeout.
/// </remarks>
public sealed class RtmConnectionDriver : IDisposable, IAsyncDisposable, IDriverTarget<RtmConnectionChangeReason>
{
    private readonly RtmConnectionStateMachine _machine;
    private readonly ConnectionDriverCore<RtmConnectionChangeReason> _core;

    /// <summary>Initializes a new instance of the <see cref="RtmConnectionDriver"/> class, following <paramref name="machine"/> from now on.</summary>
    /// <param name="machine">The machine to drive; the driver does not own it.</param>
    /// <param name="transport">The consumer's connection.</param>
    /// <param name="policy">When to retry; gRPC's backoff when <see langword="null"/>.</param>
    /// <param name="classifyError">
    /// Tells a final error from a transient one: the RTM refusal it is (<see cref="RtmConnectionChangeReason.LoginFailure"/>,
    /// <see cref="RtmConnectionChangeReason.BannedByServer"/> or <see cref="RtmConnectionChangeReason.RemoteLogin"/>), or
    /// <see langword="null"/> to try again. Any other reason is a faulty classifier: logged (<c>ReconnectPolicyFailed</c>), and the
    /// login fails. By default a <see cref="ConnectionRejectedException"/> is final.
    /// </param>
    /// <param name="logger">Where failed attempts and refusals are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="machine"/> or <paramref name="transport"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="machine"/> follows an SDK (<c>FollowSdk</c>), whose own reconnection runs: a driver drives a modelled connection.</exception>
    public RtmConnectionDriver(
        RtmConnectionStateMachine machine,
        IConnectionTransport transport,
        IReconnectPolicy? policy = null,
        Func<Exception, RtmConnectionChangeReason?>? classifyError = null,
        ILogger<RtmConnectionDriver>? logger = null)
    {
        _machine = Guard.NotNull(machine);
        Guard.NotFollowing(machine.FollowsSdk, nameof(machine));
        _core = new ConnectionDriverCore<RtmConnectionChangeReason>(machine, Follow, this, transport, machine.TimeProvider, policy ?? new ExponentialBackoffPolicy(), classifyError ?? Rejected, nameof(RtmConnectionDriver), (ILogger?)logger ?? TraceFallbackLogger.Instance);
    }

    /// <summary>Gets the policy the driver retries with.</summary>
    public IReconnectPolicy Policy => _core.Policy;

    /// <summary>Gets how many connection attempts the driver has made so far.</summary>
    public int AttemptCount => _core.AttemptCount;

    /// <summary>Gets a value indicating whether the driver is trying to connect right now (waiting or in an attempt).</summary>
    public bool IsConnecting => _core.IsRunning;

    bool IDriverTarget<RtmConnectionChangeReason>.WantsConnection => _machine.State is RtmConnectionState.Connected or RtmConnectionState.Reconnecting;

    void IDriverTarget<RtmConnectionChangeReason>.OnDisposed(Action stop) => _machine.Runtime.OnDisposed(stop);

    void IDriverTarget<RtmConnectionChangeReason>.RemoveOnDisposed(Action stop) => _machine.Runtime.RemoveOnDisposed(stop);

    /// <summary>Stops following the machine, stops any wait or attempt, and closes the transport without waiting for it.</summary>
    public void Dispose() => _ = _core.DisposeAsync();

    /// <summary>Stops following the machine, stops any wait or attempt, and closes the transport.</summary>
    /// <returns>
    /// A task that completes when the transport is closed. The close waits for the attempt in flight, which is canceled, to return
    /// (the transport does one thing at a time): a transport whose <c>ConnectAsync</c> ignores its token delays it.
    /// </returns>
    public ValueTask DisposeAsync() => new(_core.DisposeAsync());

    void IDriverTarget<RtmConnectionChangeReason>.ReportAccepted() => _machine.ReportLoginSuccess();

    string IDriverTarget<RtmConnectionChangeReason>.TraceKind => "rtm";

    string? IDriverTarget<RtmConnectionChangeReason>.ConnectionName => _machine.Runtime.ConnectionName;

    void IDriverTarget<RtmConnectionChangeReason>.ReportFrame() => _machine.ReportServerActivity();

    RtmConnectionChangeReason IDriverTarget<RtmConnectionChangeReason>.PolicyFailure => RtmConnectionChangeReason.LoginFailure;

    void IDriverTarget<RtmConnectionChangeReason>.ReportRejected(RtmConnectionChangeReason reason)
    {
        switch (reason)
        {
            case RtmConnectionChangeReason.BannedByServer:
                _machine.ReportBanned();
                break;
            case RtmConnectionChangeReason.RemoteLogin:
                _machine.ReportRemoteLogin();
                break;
            case RtmConnectionChangeReason.LoginFailure:
                _machine.ReportLoginFailure();
                break;
            default:
                throw new ArgumentOutOfRangeException(
                    nameof(reason),
                    reason,
                    $"{reason} is not a refusal of an RTM login, so it cannot end the attempts. Use one of: {RtmConnectionChangeReason.LoginFailure}, {RtmConnectionChangeReason.BannedByServer}, {RtmConnectionChangeReason.RemoteLogin}.");
        }
    }

    // A transport's refusal for good is final, read in RTM's terms: a ban, another login of the same user, else a login failure.
    private static RtmConnectionChangeReason? Rejected(Exception error) => error is ConnectionRejectedException rejected
        ? rejected.Reason switch
        {
            ConnectionChangedReason.BannedByServer => RtmConnectionChangeReason.BannedByServer,
            ConnectionChangedReason.SameUidLogin => RtmConnectionChangeReason.RemoteLogin,
            _ => RtmConnectionChangeReason.LoginFailure,
        }
        : null;

    private static DriverCommand? Follow(ConnectivityEvent e) => e switch
    {
        RtmConnectionStateChanged { State: RtmConnectionState.Connecting or RtmConnectionState.Reconnecting } => DriverCommand.Connect,
        RtmConnectionStateChanged { State: RtmConnectionState.Connected } => DriverCommand.Connected,
        RtmConnectionStateChanged => DriverCommand.Disconnect,
        _ => null,
    };
}
