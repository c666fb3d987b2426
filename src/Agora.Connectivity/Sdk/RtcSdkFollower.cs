using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Sdk;

/// <summary>
/// Follows the RTC SDK an app runs: the app's SDK event handler forwards the SDK's callbacks (<see cref="IRtcEngineEvents"/>), and
/// <see cref="Connection"/> and <see cref="RemoteUsers"/>, both following, tell the same events, callbacks, health, metrics and traces
/// as the modelled machine would, with a <see cref="SdkDeviation"/> wherever the SDK departs from the documents.
/// </summary>
/// <remarks>
/// <para>Values convert by the release in <see cref="SdkVersion"/>. A release before 2.3.2 has no state callback: its joins, interruptions,
/// losses, rejoins and bans are followed into the same five states, as doc 001 draws that timeline (a join the app did not tell
/// <see cref="Connection"/> of with <see cref="RtcConnectionStateMachine.JoinChannel()"/> is Connecting and Connected at its success).</para>
/// <para>Every method returns at once and never throws into the SDK's thread: a value the release does not define is a deviation,
/// a failure inside is logged as an error, and after <see cref="Dispose"/> the calls do nothing. Events are delivered on the calling
/// thread after the machine's lock, or on the options' <c>EventContext</c>. Unity's callback queues (3.x) drop their oldest entries
/// past 250: the follower jumps to what is reported, a gap is a deviation, a repeat raises nothing.</para>
/// <para>Agora 4.x passes an <c>RtcConnection</c> to one handler for every channel: route each channel's callbacks to a follower of its
/// own (README, "Using it with Agora's C# SDK").</para>
/// </remarks>
public sealed class RtcSdkFollower : IRtcEngineEvents, IConnectivityEventSource, IDisposable, IDispatchingSource
{
    private readonly ILogger _logger;
    private readonly bool _owns;
    private readonly bool _legacy;

    /// <summary>Initializes a new instance of the <see cref="RtcSdkFollower"/> class, with a following machine and tracker of its own.</summary>
    /// <param name="options">The machine's options (<see cref="RtcConnectionOptions.SdkVersion"/>, the tolerance, the event context); the
    /// defaults when <see langword="null"/>. <see cref="RtcConnectionOptions.FollowSdk"/> is set on the follower's copy.</param>
    /// <param name="users">The tracker's options; the defaults when <see langword="null"/>. <see cref="RemoteUserTrackerOptions.FollowSdk"/> is set on the copy.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where the machine, the tracker and the follower log; nowhere but errors to <c>System.Diagnostics.Trace</c> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtcSdkFollower(RtcConnectionOptions? options, RemoteUserTrackerOptions? users, TimeProvider? timeProvider, ILogger? logger)
    {
        var connection = (options ?? new RtcConnectionOptions()).Clone();
        connection.FollowSdk = true;
        var tracker = (users ?? new RemoteUserTrackerOptions()).Clone();
        tracker.FollowSdk = true;
        var clock = Clocks.From(timeProvider);
        Connection = new RtcConnectionStateMachine(connection, clock, TypedLogger<RtcConnectionStateMachine>.From(logger));
        RemoteUsers = new RemoteUserTracker(tracker, clock, TypedLogger<RemoteUserTracker>.From(logger));
        (_logger, _owns) = (logger ?? TraceFallbackLogger.Instance, true);
        SdkVersion = connection.SdkVersion ?? SdkValues.NewestRtcRelease;
        _legacy = SdkVersion < SdkValues.StateCallbackRelease;
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="RtcSdkFollower"/> class over a machine that follows already (a host's named
    /// connection), with a following tracker of its own.
    /// </summary>
    internal RtcSdkFollower(RtcConnectionStateMachine connection, ILogger? logger)
    {
        if (!connection.FollowsSdk)
        {
            throw new ArgumentException("The machine must follow the SDK (FollowSdk = true).", nameof(connection));
        }

        Connection = connection;
        RemoteUsers = new RemoteUserTracker(new RemoteUserTrackerOptions { FollowSdk = true, EventContext = connection.Options.EventContext }, connection.TimeProvider, TypedLogger<RemoteUserTracker>.From(logger));
        _logger = logger ?? TraceFallbackLogger.Instance;
        SdkVersion = connection.Options.SdkVersion ?? SdkValues.NewestRtcRelease;
        _legacy = SdkVersion < SdkValues.StateCallbackRelease;
    }

    /// <inheritdoc/>
    /// <remarks>The follower's event stream (<c>ReadEventsAsync</c>) ends when its connection is disposed.</remarks>
    EventDispatcher IDispatchingSource.Dispatcher => ((IDispatchingSource)Connection).Dispatcher;

    /// <inheritdoc/>
    /// <remarks>The events of <see cref="Connection"/> and of <see cref="RemoteUsers"/>, each source's in order; the sender is the source.</remarks>
    public event EventHandler<ConnectivityEvent>? EventRaised
    {
        add
        {
            Connection.EventRaised += value;
            RemoteUsers.EventRaised += value;
        }

        remove
        {
            Connection.EventRaised -= value;
            RemoteUsers.EventRaised -= value;
        }
    }

    /// <summary>Gets the local connection, following the SDK.</summary>
    public RtcConnectionStateMachine Connection { get; }

    /// <summary>Gets the remote users, following the SDK's <c>OnUserJoined</c> and <c>OnUserOffline</c>.</summary>
    public RemoteUserTracker RemoteUsers { get; }

    /// <summary>Gets the SDK release whose values the follower converts (<see cref="RtcConnectionOptions.SdkVersion"/>; the newest known when unset).</summary>
    public Version SdkVersion { get; }

    /// <inheritdoc/>
    public void OnJoinChannelSuccess() => Safely(this, static f => f.Connection.FollowJoined(f._legacy, new SdkCall(nameof(OnJoinChannelSuccess))));

    /// <inheritdoc/>
    public void OnRejoinChannelSuccess() => Safely(this, static f => f.Connection.FollowJoined(f._legacy, new SdkCall(nameof(OnRejoinChannelSuccess))));

    /// <inheritdoc/>
    public void OnLeaveChannel() => Safely(this, static f => f.Connection.Follow(ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel, new SdkCall(nameof(OnLeaveChannel))));

    /// <inheritdoc/>
    public void OnConnectionStateChanged(int state, int reason) => Safely((Follower: this, State: state, Reason: reason), static s =>
    {
        var f = s.Follower;
        var known = SdkValues.TryRtcReason(s.Reason, f._legacy ? SdkValues.NewestRtcRelease : f.SdkVersion, out var reason);
        var call = new SdkCall(nameof(OnConnectionStateChanged), SdkCallKind.RtcState, s.State, s.Reason, known ? (int)reason : -1);
        if (!SdkValues.TryRtcState(s.State, out var state))
        {
            f.Connection.Runtime.Deviation("Value", $"a CONNECTION_STATE_TYPE value (1-5) of SDK {f.SdkVersion}", call.ToString());
            return;
        }

        if (!known)
        {
            f.Connection.Runtime.Deviation("Value", $"a CONNECTION_CHANGED_REASON_TYPE value of SDK {f.SdkVersion} ({SdkValues.RtcReasonsOf(f.SdkVersion)})", call.ToString());
            return;
        }

        f.Connection.Follow(state, reason, call);
    });

    /// <inheritdoc/>
    public void OnConnectionInterrupted() => Safely(this, static f => f.Connection.Follow(ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted, new SdkCall(nameof(OnConnectionInterrupted))));

    /// <inheritdoc/>
    public void OnConnectionLost() => Safely(this, static f => f.Connection.FollowLost(new SdkCall(nameof(OnConnectionLost))));

    /// <inheritdoc/>
    public void OnConnectionBanned() => Safely(this, static f => f.Connection.Follow(ConnectionState.Failed, ConnectionChangedReason.BannedByServer, new SdkCall(nameof(OnConnectionBanned))));

    /// <inheritdoc/>
    public void OnUserJoined(uint uid) => Safely((Follower: this, Uid: uid), static s => s.Follower.RemoteUsers.ReportUserJoined(s.Uid));

    /// <inheritdoc/>
    public void OnUserOffline(uint uid, int reason) => Safely((Follower: this, Uid: uid, Reason: reason), static s =>
    {
        var call = new SdkCall(nameof(OnUserOffline), SdkCallKind.UserOffline, (int)s.Uid, s.Reason);
        if (s.Reason is < (int)UserOfflineReason.Quit or > (int)UserOfflineReason.BecomeAudience)
        {
            s.Follower.RemoteUsers.Deviation("Value", "a USER_OFFLINE_REASON_TYPE value (0-2)", call.ToString());
            return;
        }

        s.Follower.RemoteUsers.FollowUserOffline(s.Uid, (UserOfflineReason)s.Reason, call);
    });

    /// <inheritdoc/>
    public void OnTokenPrivilegeWillExpire() => Safely(this, static f => f.Connection.FollowTokenWarning(new SdkCall(nameof(OnTokenPrivilegeWillExpire))));

    /// <inheritdoc/>
    public void OnRequestToken() => Safely(this, static f => f.Connection.Follow(ConnectionState.Failed, ConnectionChangedReason.TokenExpired, new SdkCall(nameof(OnRequestToken))));

    /// <summary>Stops following: the machine and the tracker the follower made are disposed; later calls do nothing.</summary>
    /// <remarks>A follower over a host's named connection leaves the machine to the host, and disposes only its tracker.</remarks>
    public void Dispose()
    {
        if (_owns)
        {
            Connection.Dispose();
        }

        RemoteUsers.Dispose();
    }

    // The SDK's thread is never thrown into: a failure is logged (an error), and the SDK goes on.
    private void Safely<T>(T state, Action<T> forward) => Forwarding.Safely(_logger, nameof(RtcSdkFollower), state, forward);
}
