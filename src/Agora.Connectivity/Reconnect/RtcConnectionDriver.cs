using Agora.Connectivity.Internal;
using Agora.Connectivity.Reconnect.Internal;
using Agora.Connectivity.Rtc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Connectivity.Reconnect;

/// <summary>
/// Does the trying that an <see cref="RtcConnectionStateMachine"/> only times: when the app joins, when
/// the connection is interrupted, or when the transport says its connection closed, it opens the
/// transport, again and again per the <see cref="IReconnectPolicy"/>, until an attempt is accepted
/// (reported as <see cref="RtcConnectionStateMachine.ReportJoinSuccess"/>), an error is final (reported
/// as a refusal or a ban), or the machine is left or has failed. Every frame the transport receives is
/// reported as server activity.
/// </summary>
/// <remarks>
/// The app keeps calling <see cref="RtcConnectionStateMachine.JoinChannel()"/> and <see cref="RtcConnectionStateMachine.LeaveChannel"/>
/// on the machine; the driver follows its state changes. Waits and attempt timeouts run on the
/// machine's <see cref="ITimeProvider"/>, one attempt at a time. Leaving, a failure or disposing the
/// driver stops a wait or an attempt at once and closes the transport.
/// </remarks>
public sealed class RtcConnectionDriver : IDisposable, IAsyncDisposable, IDriverTarget<ConnectionChangedReason>
{
    private readonly RtcConnectionStateMachine _machine;
    private readonly ConnectionDriverCore<ConnectionChangedReason> _core;

    /// <summary>Initializes a new instance of the <see cref="RtcConnectionDriver"/> class, following <paramref name="machine"/> from now on.</summary>
    /// <param name="machine">The machine to drive; the driver does not own it.</param>
    /// <param name="transport">The consumer's connection.</param>
    /// <param name="policy">When to retry; gRPC's backoff (<see cref="ExponentialBackoffPolicy"/>) when <see langword="null"/>.</param>
    /// <param name="classifyError">
    /// Tells a final error from a transient one: the refusal's reason, or <see langword="null"/> to retry.
    /// By default a <see cref="ConnectionRejectedException"/> is final and anything else is retried.
    /// </param>
    /// <param name="logger">Where failed attempts and refusals are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="machine"/> or <paramref name="transport"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="machine"/> follows an SDK (<c>FollowSdk</c>), whose own reconnection runs: a driver drives a modelled connection.</exception>
    public RtcConnectionDriver(
        RtcConnectionStateMachine machine,
        IConnectionTransport transport,
        IReconnectPolicy? policy = null,
        Func<Exception, ConnectionChangedReason?>? classifyError = null,
        ILogger<RtcConnectionDriver>? logger = null)
    {
        _machine = Guard.NotNull(machine);
        Guard.NotFollowing(machine.FollowsSdk, nameof(machine));
        _core = new ConnectionDriverCore<ConnectionChangedReason>(machine, Follow, this, transport, machine.TimeProvider, policy ?? new ExponentialBackoffPolicy(), classifyError ?? Rejected, nameof(RtcConnectionDriver), (ILogger?)logger ?? TraceFallbackLogger.Instance);
    }

    /// <summary>Gets the policy the driver retries with.</summary>
    public IReconnectPolicy Policy => _core.Policy;

    /// <summary>Gets how many connection attempts the driver has made so far.</summary>
    public int AttemptCount => _core.AttemptCount;

    /// <summary>Gets a value indicating whether the driver is trying to connect right now (waiting or in an attempt).</summary>
    public bool IsConnecting => _core.IsRunning;

    bool IDriverTarget<ConnectionChangedReason>.WantsConnection => _machine.State is ConnectionState.Connected or ConnectionState.Reconnecting;

    void IDriverTarget<ConnectionChangedReason>.OnDisposed(Action stop) => _machine.Runtime.OnDisposed(stop);

    void IDriverTarget<ConnectionChangedReason>.RemoveOnDisposed(Action stop) => _machine.Runtime.RemoveOnDisposed(stop);

    /// <summary>Stops following the machine, stops any wait or attempt, and closes the transport without waiting for it.</summary>
    public void Dispose() => _ = _core.DisposeAsync();

    /// <summary>Stops following the machine, stops any wait or attempt, and closes the transport.</summary>
    /// <returns>
    /// A task that completes when the transport is closed. The close waits for the attempt in flight, which is canceled, to return
    /// (the transport does one thing at a time): a transport whose <c>ConnectAsync</c> ignores its token delays it.
    /// </returns>
    public ValueTask DisposeAsync() => new(_core.DisposeAsync());

    void IDriverTarget<ConnectionChangedReason>.ReportAccepted() => _machine.ReportJoinSuccess();

    string IDriverTarget<ConnectionChangedReason>.TraceKind => "rtc";

    string? IDriverTarget<ConnectionChangedReason>.ConnectionName => _machine.Runtime.ConnectionName;

    void IDriverTarget<ConnectionChangedReason>.ReportFrame() => _machine.ReportServerActivity();

    ConnectionChangedReason IDriverTarget<ConnectionChangedReason>.PolicyFailure => ConnectionChangedReason.JoinFailed;

    void IDriverTarget<ConnectionChangedReason>.ReportRejected(ConnectionChangedReason reason)
    {
        if (reason == ConnectionChangedReason.BannedByServer)
        {
            _machine.ReportBanned();
        }
        else
        {
            _machine.ReportJoinFailure(reason);
        }
    }

    // A transport's refusal for good is final; anything else is worth another attempt.
    private static ConnectionChangedReason? Rejected(Exception error) => error is ConnectionRejectedException rejected ? rejected.Reason : null;

    private static DriverCommand? Follow(ConnectivityEvent e) => e switch
    {
        ConnectionStateChanged { State: ConnectionState.Connecting or ConnectionState.Reconnecting } => DriverCommand.Connect,
        ConnectionStateChanged { State: ConnectionState.Connected } => DriverCommand.Connected,
        ConnectionStateChanged => DriverCommand.Disconnect,
        _ => null,
    };
}
