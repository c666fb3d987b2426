using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing.Internal;

namespace Agora.Connectivity.Testing;

/// <summary>
/// RTM 2.x (Signaling) users on one fake clock, each with its <see cref="RtmLinkStateMachine"/>, and the callbacks each receives: its
/// link's events on its platform (<c>onLinkStateEvent</c>, Web <c>linkState</c>) and the server's presence notice when another user's
/// link has been down for its presence timeout (<c>REMOTE_TIMEOUT</c>). The server answers an attempt 200 ms after it starts while
/// the user's network is up, and sends every connected user a packet every second.
/// </summary>
/// <remarks>Not thread-safe: drive it from one thread, as a test does.</remarks>
public sealed class RtmLinkSimulation : IDisposable
{
    private readonly SimulationRoster<SimulatedRtmLinkUser> _users = new(nameof(RtmLinkSimulation), static user => user.Stop());
    private readonly List<RtmTimelineEntry> _timeline = [];
    private readonly RtmLinkOptions? _options;

    /// <summary>Initializes a new instance of the <see cref="RtmLinkSimulation"/> class.</summary>
    /// <param name="time">The clock; a new <see cref="FakeTimeProvider"/> when <see langword="null"/>.</param>
    /// <param name="options">Every user's link timings; the shipped defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public RtmLinkSimulation(FakeTimeProvider? time = null, RtmLinkOptions? options = null)
    {
        Time = time ?? new FakeTimeProvider();
        _options = options;
        using (new RtmLinkStateMachine(options, Time))
        {
            // Validates the options now, not at the first AddUser.
        }

        Scheduler = new SimulationScheduler(Time);
        Scheduler.Every(ChannelSimulation.Heartbeat, Pump);
    }

    /// <summary>Gets the simulation's clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Gets every callback any user received, in order.</summary>
    public IReadOnlyList<RtmTimelineEntry> Timeline => _timeline.ToArray();

    /// <summary>Gets the users, in the order they were added.</summary>
    public IReadOnlyList<SimulatedRtmLinkUser> Users => _users.ToArray();

    internal SimulationScheduler Scheduler { get; }

    /// <summary>Adds a user, not logged in. The same user ID may be added again: a second device, whose connection kicks the first out (SAME_UID_LOGIN).</summary>
    /// <param name="userId">The user ID.</param>
    /// <param name="platform">The platform whose callbacks the user receives.</param>
    /// <returns>The user.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="userId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> is not a defined value.</exception>
    /// <exception cref="ObjectDisposedException">The simulation has been disposed.</exception>
    public SimulatedRtmLinkUser AddUser(string userId, Platform platform)
    {
        _users.ThrowIfDisposed();
        if (userId is null)
        {
            throw new ArgumentNullException(nameof(userId));
        }

        var strategy = CallbackStrategies.ForRtmLink(platform);
        var user = new SimulatedRtmLinkUser(this, userId, _users.NextInstanceName(userId, static u => u.UserId), strategy, new RtmLinkStateMachine(_options, Time));
        _users.Add(user);
        return user;
    }

    /// <summary>Moves the clock forward; everything due meanwhile happens at its instant.</summary>
    /// <param name="delta">How far.</param>
    public void Advance(TimeSpan delta) => Time.Advance(delta);

    /// <summary>Stops every user's link and the simulation's timers.</summary>
    public void Dispose() => _users.Dispose(Scheduler);

    internal void Record(SimulatedRtmLinkUser user, PlatformCallback callback)
    {
        var entry = new RtmTimelineEntry(Scheduler.Now, user.Name, callback);
        _timeline.Add(entry);
        user.Received(entry);
    }

    // A connection of a user ID kicks out its other instance (agora-rtm.js, _userDropHandler: kRejoined is SAME_UID_LOGIN).
    internal void Connected(SimulatedRtmLinkUser user)
    {
        foreach (var twin in _users.Where(u => u != user && u.UserId == user.UserId && u.Link.State is not (RtmLinkState.Idle or RtmLinkState.Failed)).ToList())
        {
            twin.Link.ReportServerRejection(RtmLinkStateChangeReason.SameUidLogin);
        }
    }

    // The server tells the others that the user timed out (their presence event REMOTE_TIMEOUT, agora-rtm.d.ts PresenceEvent).
    internal void TimedOut(SimulatedRtmLinkUser user)
    {
        foreach (var other in _users.Where(u => u.UserId != user.UserId && u.Link.State == RtmLinkState.Connected))
        {
            Record(other, other.Platform == Platform.Web
                ? new PlatformCallback("presence", "eventType: \"REMOTE_TIMEOUT\"", "channelType: \"MESSAGE\"", $"publisher: \"{user.UserId}\"")
                : new PlatformCallback("onPresenceEvent", "type: RtmPresenceEventType.remoteTimeout", "channelType: RtmChannelType.message", $"publisher: {user.UserId}"));
        }
    }

    private void Pump()
    {
        foreach (var user in _users)
        {
            user.ReceiveServerData();
        }
    }
}
