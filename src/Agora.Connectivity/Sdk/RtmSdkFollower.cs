using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Rtm;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Sdk;

/// <summary>
/// Follows the RTM 1.x SDK an app runs: the app's client and channel handlers forward the SDK's callbacks
/// (<see cref="IRtmClientEvents"/>), and <see cref="Connection"/> and <see cref="Members"/>, both following, tell the events, health,
/// metrics and traces of the modelled machine, with a <see cref="SdkDeviation"/> wherever the SDK departs from the documents.
/// </summary>
/// <remarks>
/// Every method returns at once and never throws into the SDK's thread (the Unity RTM SDK drains its callback queue on the main thread
/// each frame, keeping 250 entries): a value the SDK does not define is a deviation, a repeat raises nothing, a gap is followed. The
/// server's 30-second presence window has no SDK callback: a follower raises no <see cref="PresenceExpired"/>. See <c>docs/following.md</c>.
/// </remarks>
public sealed class RtmSdkFollower : IRtmClientEvents, IConnectivityEventSource, IDisposable, IDispatchingSource
{
    private readonly ILogger _logger;
    private readonly bool _owns;

    /// <summary>Initializes a new instance of the <see cref="RtmSdkFollower"/> class, with a following machine and member tracker of its own.</summary>
    /// <param name="options">The machine's options; the defaults when <see langword="null"/>. <see cref="RtmConnectionOptions.FollowSdk"/> is set on the follower's copy.</param>
    /// <param name="members">The member tracker's options (its event context); the defaults when <see langword="null"/>. The tracker has no presence timeout.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where the machine, the tracker and the follower log; nowhere but errors to <c>System.Diagnostics.Trace</c> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmSdkFollower(RtmConnectionOptions? options, RtmMemberTrackerOptions? members, TimeProvider? timeProvider, ILogger? logger)
    {
        var connection = (options ?? new RtmConnectionOptions()).Clone();
        connection.FollowSdk = true;
        var clock = Clocks.From(timeProvider);
        Connection = new RtmConnectionStateMachine(connection, clock, TypedLogger<RtmConnectionStateMachine>.From(logger));
        Members = new RtmMemberTracker(members, clock, TypedLogger<RtmMemberTracker>.From(logger), following: true);
        (_logger, _owns) = (logger ?? TraceFallbackLogger.Instance, true);
    }

    /// <summary>Initializes a new instance of the <see cref="RtmSdkFollower"/> class over a machine that follows already (a host's named connection).</summary>
    internal RtmSdkFollower(RtmConnectionStateMachine connection, ILogger? logger)
    {
        if (!connection.FollowsSdk)
        {
            throw new ArgumentException("The machine must follow the SDK (FollowSdk = true).", nameof(connection));
        }

        Connection = connection;
        Members = new RtmMemberTracker(null, connection.TimeProvider, TypedLogger<RtmMemberTracker>.From(logger), following: true);
        _logger = logger ?? TraceFallbackLogger.Instance;
    }

    /// <inheritdoc/>
    /// <remarks>The follower's event stream (<c>ReadEventsAsync</c>) ends when its connection is disposed.</remarks>
    EventDispatcher IDispatchingSource.Dispatcher => ((IDispatchingSource)Connection).Dispatcher;

    /// <inheritdoc/>
    /// <remarks>The events of <see cref="Connection"/> and of <see cref="Members"/>, each source's in order; the sender is the source.</remarks>
    public event EventHandler<ConnectivityEvent>? EventRaised
    {
        add
        {
            Connection.EventRaised += value;
            Members.EventRaised += value;
        }

        remove
        {
            Connection.EventRaised -= value;
            Members.EventRaised -= value;
        }
    }

    /// <summary>Gets the RTM connection, following the SDK.</summary>
    public RtmConnectionStateMachine Connection { get; }

    /// <summary>Gets the channel's members, following the SDK's <c>OnMemberJoined</c> and <c>OnMemberLeft</c>.</summary>
    public RtmMemberTracker Members { get; }

    /// <inheritdoc/>
    public void OnConnectionStateChanged(int state, int reason) => Safely((Follower: this, State: state, Reason: reason), static s =>
    {
        var call = new SdkCall(nameof(OnConnectionStateChanged), SdkCallKind.RtmState, s.State, s.Reason);
        if (s.State is < (int)RtmConnectionState.Disconnected or > (int)RtmConnectionState.Aborted)
        {
            s.Follower.Connection.Runtime.Deviation("Value", "a CONNECTION_STATE value (1-5)", call.ToString());
            return;
        }

        if (s.Reason is < (int)RtmConnectionChangeReason.Login or > (int)RtmConnectionChangeReason.TokenExpired)
        {
            s.Follower.Connection.Runtime.Deviation("Value", "a CONNECTION_CHANGE_REASON value (1-9)", call.ToString());
            return;
        }

        s.Follower.Connection.Follow((RtmConnectionState)s.State, (RtmConnectionChangeReason)s.Reason, call);
    });

    /// <inheritdoc/>
    public void OnTokenExpired() => Safely(this, static f => f.Connection.FollowTokenExpired(new SdkCall(nameof(OnTokenExpired))));

    /// <inheritdoc/>
    public void OnTokenPrivilegeWillExpire() => Safely(this, static f => f.Connection.FollowTokenWarning(new SdkCall(nameof(OnTokenPrivilegeWillExpire))));

    /// <inheritdoc/>
    public void OnMemberJoined(string userId) => Safely((Follower: this, UserId: userId), static s =>
    {
        if (s.UserId is null)
        {
            s.Follower.Connection.Runtime.Deviation("Value", "a user ID", "OnMemberJoined(null)");
            return;
        }

        s.Follower.Members.ReportMemberJoined(s.UserId);
    });

    /// <inheritdoc/>
    public void OnMemberLeft(string userId) => Safely((Follower: this, UserId: userId), static s =>
    {
        if (s.UserId is null)
        {
            s.Follower.Connection.Runtime.Deviation("Value", "a user ID", "OnMemberLeft(null)");
            return;
        }

        s.Follower.Members.ReportMemberLeft(s.UserId);
    });

    /// <summary>Stops following: the machine the follower made and its member tracker are disposed; later calls do nothing.</summary>
    /// <remarks>A follower over a host's named connection leaves the machine to the host, and disposes only its member tracker.</remarks>
    public void Dispose()
    {
        if (_owns)
        {
            Connection.Dispose();
        }

        Members.Dispose();
    }

    private void Safely<T>(T state, Action<T> forward) => Forwarding.Safely(_logger, nameof(RtmSdkFollower), state, forward);
}
