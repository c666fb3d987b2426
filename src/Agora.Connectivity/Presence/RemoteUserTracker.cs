using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Internal.Presence;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Presence;

/// <summary>
/// One observer's view of the other users in its RTC channel: who joined, who went offline and why,
/// and when the server let go of a silent user, as the documents describe for "User B".
/// </summary>
/// <remarks>
/// <para>A user silent for <see cref="RemoteUserTrackerOptions.OfflineTimeout"/> is reported
/// <see cref="RemoteUserOffline"/> / <see cref="UserOfflineReason.Dropped"/>, and after
/// <see cref="RemoteUserTrackerOptions.PeerLeaveTimeout"/> <see cref="RemoteUserLeft"/>. One that comes
/// back before its offline timeout raises nothing; one that comes back after raises
/// <see cref="RemoteUserJoined"/> again. A user is reported joined once per presence.</para>
/// <para><see cref="ReportUserActivity"/>, called for every packet of every user, takes no lock,
/// allocates nothing and touches no timer for a user already present: it reads and stamps one slot of the users' table.
/// All users share one timer.</para>
/// </remarks>
public sealed class RemoteUserTracker : IConnectivityEventSource, IDisposable, IDispatchingSource, IPresenceObserver<uint>
{
    private const string SourceName = nameof(RemoteUserTracker);

    private readonly PresenceMonitor<uint> _monitor;
    private readonly bool _following;

    /// <summary>Gets the sizes behind the tracker (members, peak since the last trim, heap capacity, table slots), for the tests of its trimming.</summary>
    internal (int Members, int Peak, int HeapCapacity, int TableCapacity) Footprint => _monitor.Footprint;

    /// <summary>Initializes a new instance of the <see cref="RemoteUserTracker"/> class, with no users.</summary>
    /// <param name="options">The timeouts; a native observer's defaults when <see langword="null"/>. The tracker keeps a copy.</param>
    /// <param name="timeProvider">The clock and timer; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where presence changes are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RemoteUserTracker(RemoteUserTrackerOptions? options = null, ITimeProvider? timeProvider = null, ILogger<RemoteUserTracker>? logger = null)
    {
        var copy = (options ?? new RemoteUserTrackerOptions()).Clone();
        OptionsValidation.ThrowIfInvalid(copy.Validate(), nameof(RemoteUserTrackerOptions), nameof(options));
        OfflineTimeout = copy.OfflineTimeout;
        PeerLeaveTimeout = copy.PeerLeaveTimeout;
        _following = copy.FollowSdk;
        _monitor = new PresenceMonitor<uint>(this, timeProvider, _following ? [] : [copy.OfflineTimeout, copy.PeerLeaveTimeout], SourceName, logger, copy.EventContext);
    }

    /// <summary>Initializes a new instance of the <see cref="RemoteUserTracker"/> class on a <see cref="System.TimeProvider"/>, with the default options.</summary>
    /// <param name="timeProvider">
    /// The clock and timers: <see cref="System.TimeProvider.System"/>, Microsoft's <c>FakeTimeProvider</c>, the library's
    /// <c>Agora.Connectivity.Testing.FakeTimeProvider</c> or any other; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.
    /// </param>
    /// <remarks>
    /// The <see cref="System.TimeProvider"/> constructors are chosen over the <see cref="ITimeProvider"/> one only where that one does not apply
    /// or needs more default arguments, on every C# version; for a provider that is both (the library's fake) the two mean the same.
    /// </remarks>
    public RemoteUserTracker(TimeProvider? timeProvider)
        : this(null, Clocks.From(timeProvider))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RemoteUserTracker"/> class on a <see cref="System.TimeProvider"/>.</summary>
    /// <param name="options">The timeouts; a native observer's defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RemoteUserTracker(RemoteUserTrackerOptions? options, TimeProvider? timeProvider)
        : this(options, Clocks.From(timeProvider))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RemoteUserTracker"/> class on a <see cref="System.TimeProvider"/>, with a logger of any category.</summary>
    /// <param name="options">The timeouts; a native observer's defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where the changes are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RemoteUserTracker(RemoteUserTrackerOptions? options, TimeProvider? timeProvider, ILogger? logger)
        : this(options, Clocks.From(timeProvider), TypedLogger<RemoteUserTracker>.From(logger))
    {
    }

    /// <inheritdoc/>
    EventDispatcher IDispatchingSource.Dispatcher => _monitor.Dispatcher;

    /// <inheritdoc/>
    public event EventHandler<ConnectivityEvent>? EventRaised
    {
        add => _monitor.Dispatcher.Subscribe(value);
        remove => _monitor.Dispatcher.Unsubscribe(value);
    }

    /// <summary>Gets how long a user may be silent before it is reported offline.</summary>
    public TimeSpan OfflineTimeout { get; }

    /// <summary>Gets how long a user may be silent before the server lets go of it.</summary>
    public TimeSpan PeerLeaveTimeout { get; }

    /// <summary>Gets the users currently considered online (joined and not reported offline), in ascending order.</summary>
    public IReadOnlyList<uint> OnlineUsers => _monitor.Present().OrderBy(uid => uid).ToList();

    /// <summary>Tells whether <paramref name="uid"/> is currently considered online.</summary>
    /// <param name="uid">The remote user's ID.</param>
    /// <returns><see langword="true"/> when the user joined and has not been reported offline since.</returns>
    public bool IsOnline(uint uid) => _monitor.IsPresent(uid);

    /// <summary>Reports that <paramref name="uid"/> joined (or rejoined) the channel. It counts as data from the user.</summary>
    /// <param name="uid">The remote user's ID.</param>
    public void ReportUserJoined(uint uid) => _monitor.ReportJoined(uid);

    /// <summary>
    /// Reports data from <paramref name="uid"/>. Called for every packet: for a user already online it
    /// only stamps the time. An unknown user counts as joined; one reported offline comes back.
    /// </summary>
    /// <param name="uid">The remote user's ID.</param>
    /// <remarks>A tracker that follows an SDK (<see cref="RemoteUserTrackerOptions.FollowSdk"/>) ignores it: only the SDK's own reports move its users.</remarks>
    public void ReportUserActivity(uint uid)
    {
        if (!_following)
        {
            _monitor.ReportActivity(uid);
        }
    }

    /// <summary>Gets a value indicating whether the tracker follows an SDK's reports (<see cref="RemoteUserTrackerOptions.FollowSdk"/>): no offline timeout.</summary>
    public bool FollowsSdk => _following;

    /// <summary>
    /// Reports that <paramref name="uid"/> left the channel: <see cref="RemoteUserOffline"/> / <see cref="UserOfflineReason.Quit"/>
    /// at once, or, for a user already reported offline, <see cref="RemoteUserLeft"/> (the server lets go of it: the Web's <c>peer-leave</c>).
    /// </summary>
    /// <param name="uid">The remote user's ID.</param>
    public void ReportUserLeft(uint uid) => _monitor.ReportLeft(uid, (int)UserOfflineReason.Quit);

    /// <summary>
    /// Reports the SDK's own offline report for <paramref name="uid"/> (Agora's <c>onUserOffline(uid, reason)</c>), its reason kept:
    /// <see cref="RemoteUserOffline"/> / <paramref name="reason"/> at once, whatever the tracker's own timeout would have said (a drop
    /// the SDK reports before the offline timeout is a drop now). For a user the tracker already reported offline it is, as
    /// <see cref="ReportUserLeft"/>, <see cref="RemoteUserLeft"/>; for a user not online it is ignored (logged at Debug).
    /// </summary>
    /// <param name="uid">The remote user's ID.</param>
    /// <param name="reason">Why the SDK says the user went offline: <see cref="UserOfflineReason.Quit"/>,
    /// <see cref="UserOfflineReason.Dropped"/> or <see cref="UserOfflineReason.BecomeAudience"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a defined <see cref="UserOfflineReason"/>.</exception>
    public void ReportUserOffline(uint uid, UserOfflineReason reason)
    {
        Guard.Defined(reason);
        _monitor.ReportLeft(uid, (int)reason);
    }

    /// <summary>
    /// Follows the SDK's offline report: as <see cref="ReportUserOffline"/>, and, for a user not online (its join was never reported,
    /// or a queue dropped it), a <see cref="Sdk.SdkDeviation"/>, since the documents report offline only users that joined.
    /// </summary>
    internal void FollowUserOffline(uint uid, UserOfflineReason reason, Sdk.SdkCall report)
        => _monitor.Dispatcher.Run((Tracker: this, Uid: uid, Reason: reason, Report: report), static s =>
        {
            var monitor = s.Tracker._monitor;
            if (!monitor.IsPresent(s.Uid))
            {
                s.Tracker.Deviation_NeedsLock("Presence", $"{s.Report} for a user online", $"{s.Report} for user {s.Uid}, who is not online");
                return;
            }

            monitor.Left_NeedsLock(s.Uid, (int)s.Reason);
        });

    /// <summary>Raises a deviation of the followed SDK on the tracker (a value its release does not define, an offline user unknown).</summary>
    internal void Deviation(string kind, string expected, string reported)
        => _monitor.Dispatcher.Run((Tracker: this, Kind: kind, Expected: expected, Reported: reported), static s => s.Tracker.Deviation_NeedsLock(s.Kind, s.Expected, s.Reported));

    /// <summary>Stops the tracker: its timer is disposed and no event is raised after this returns.</summary>
    public void Dispose() => _monitor.Dispose();

    private void Deviation_NeedsLock(string kind, string expected, string reported)
        => SdkDeviations.Raise_NeedsLock(_monitor.Dispatcher, ConnectivityMetrics.Shared, _monitor.Logger, SourceName, "rtc-users", null, kind, expected, reported, _monitor.Time.GetUtcNow());

    void IPresenceObserver<uint>.Joined_NeedsLock(uint key, DateTimeOffset now)
        => _monitor.Raise_NeedsLock(new RemoteUserJoined(key) { Timestamp = now });

    void IPresenceObserver<uint>.SilenceStageReached_NeedsLock(uint key, int stage, DateTimeOffset now)
        => _monitor.Raise_NeedsLock(stage == 0
            ? new RemoteUserOffline(key, UserOfflineReason.Dropped) { Timestamp = now }
            : new RemoteUserLeft(key) { Timestamp = now });

    void IPresenceObserver<uint>.Left_NeedsLock(uint key, bool alreadySilent, int how, DateTimeOffset now)
        => _monitor.Raise_NeedsLock(alreadySilent
            ? new RemoteUserLeft(key) { Timestamp = now }
            : new RemoteUserOffline(key, (UserOfflineReason)how) { Timestamp = now });
}
