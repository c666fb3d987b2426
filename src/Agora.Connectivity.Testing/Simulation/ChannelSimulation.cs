using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing.Internal;

namespace Agora.Connectivity.Testing;

/// <summary>
/// An RTC channel on fake time, in which users can drop off the network, be killed, restart and
/// rejoin, and every user's callbacks come out as the documents describe them. Built only from the
/// library's own machines, trackers and strategies: each user has its own
/// <see cref="RtcConnectionStateMachine"/>, its own <see cref="Presence.RemoteUserTracker"/> with its
/// platform's observer timeouts, and its platform's <see cref="ICallbackStrategy"/>.
/// </summary>
/// <remarks>
/// <para>The simulated server accepts a join or rejoin 200 ms after it is attempted while the user's
/// network is up, and tells the other users of a join or an explicit leave 100 ms after it happens
/// (a newcomer likewise hears of the users already there). While a user's network is up, data flows
/// both ways continuously (a heartbeat every second); the last data before a
/// <see cref="SimulatedUser.DropNetwork"/> or a silent kill is at that call's instant, T3 of the documents.</para>
/// <para>The server lets go of a silent user after 3 minutes (the Web's <c>peer-leave</c> limit) and
/// destroys the channel 10 s after its last user left. A user's view of the others is the server's:
/// its own outage does not make the others look offline to it (the documents describe no callback for that).</para>
/// <para>A simulation is driven from one thread, through <see cref="Advance"/> and the users' methods.</para>
/// </remarks>
public sealed class ChannelSimulation : IDisposable
{
    internal static readonly TimeSpan JoinLatency = TimeSpan.FromMilliseconds(200);
    internal static readonly TimeSpan NoticeLatency = TimeSpan.FromMilliseconds(100);
    internal static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan ServerSilenceLimit = TimeSpan.FromMinutes(3);
    internal static readonly TimeSpan ChannelLingers = TimeSpan.FromSeconds(10);

    private readonly SimulationRoster<SimulatedUser> _users = new(nameof(ChannelSimulation), static user => user.Stop());
    private readonly List<TimelineEntry> _timeline = [];
    private int _destroyGeneration;

    /// <summary>Initializes a new instance of the <see cref="ChannelSimulation"/> class. Time is measured from now.</summary>
    /// <param name="time">The fake clock to run on; a new one starting at 2000-01-01 when <see langword="null"/>.</param>
    public ChannelSimulation(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider();
        Scheduler = new SimulationScheduler(Time);
        Scheduler.Every(Heartbeat, Pump);
    }

    /// <summary>Gets the fake clock the simulation runs on.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Gets every user's callbacks, in the order they were received.</summary>
    public IReadOnlyList<TimelineEntry> Timeline => _timeline.ToArray();

    /// <summary>Gets the users, in the order they were added.</summary>
    public IReadOnlyList<SimulatedUser> Users => _users.ToArray();

    /// <summary>Gets when the server destroyed the channel (10 s after its last user left), measured from the start; <see langword="null"/> while it exists.</summary>
    public TimeSpan? ChannelDestroyedAt { get; private set; }

    internal SimulationScheduler Scheduler { get; }

    /// <summary>Adds a user, not yet in the channel, with its network up.</summary>
    /// <param name="uid">The user's ID, unique in the simulation.</param>
    /// <param name="platform">The user's platform: its callbacks' names and its observer timeouts.</param>
    /// <param name="behavior">The SDK generation of the user's app.</param>
    /// <returns>The user, to drive.</returns>
    /// <exception cref="ArgumentException">A user with <paramref name="uid"/> was already added.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> or <paramref name="behavior"/> is not defined.</exception>
    /// <exception cref="ObjectDisposedException">The simulation has been disposed.</exception>
    public SimulatedUser AddUser(uint uid, Platform platform, RtcSdkBehavior behavior = RtcSdkBehavior.Current)
        => AddUser(uid, CallbackStrategies.For(platform, behavior), behavior, ObserverOf(platform, WebSdk.V2));

    /// <summary>Adds a user, not yet in the channel, with its network up, whose app uses <paramref name="generation"/>'s SDK.</summary>
    /// <param name="uid">The user's ID, unique in the simulation.</param>
    /// <param name="platform">The user's platform: its callbacks' names and its observer timeouts.</param>
    /// <param name="generation">
    /// The SDK generation of the user's app: the names its callbacks have (for example Web 4.x <c>user-left</c>), and
    /// its machine's behavior (<see cref="CallbackStrategies.BehaviorOf(SdkGeneration)"/>).
    /// </param>
    /// <returns>The user, to drive.</returns>
    /// <exception cref="ArgumentException">A user with <paramref name="uid"/> was already added.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> or <paramref name="generation"/> is not defined.</exception>
    /// <exception cref="ObjectDisposedException">The simulation has been disposed.</exception>
    public SimulatedUser AddUser(uint uid, Platform platform, SdkGeneration generation)
        => AddUser(uid, CallbackStrategies.For(platform, generation), CallbackStrategies.BehaviorOf(generation), ObserverOf(platform, generation == SdkGeneration.V4 ? WebSdk.V4 : WebSdk.V2));

    /// <summary>
    /// Adds a Web user, not yet in the channel, with its network up, whose app uses the Web SDK line <paramref name="sdk"/>: the
    /// callbacks that line shipped (<see cref="CallbackStrategies.ForWeb(WebSdk)"/>) and its observer's offline timeout (10 s for
    /// <see cref="WebSdk.V2"/>, 20 s for <see cref="WebSdk.V3"/> and <see cref="WebSdk.V4"/>; <see cref="RemoteUserTrackerOptions.ForWebObserver"/>).
    /// </summary>
    /// <param name="uid">The user's ID, unique in the simulation.</param>
    /// <param name="sdk">The Web SDK line of the user's app.</param>
    /// <returns>The user, to drive.</returns>
    /// <exception cref="ArgumentException">A user with <paramref name="uid"/> was already added.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sdk"/> is not defined.</exception>
    /// <exception cref="ObjectDisposedException">The simulation has been disposed.</exception>
    public SimulatedUser AddUser(uint uid, WebSdk sdk)
        => AddUser(uid, CallbackStrategies.ForWeb(sdk), RtcSdkBehavior.Current, RemoteUserTrackerOptions.ForWebObserver(sdk));

    // A Web observer waits as its line does; every other platform as the documents say.
    private static RemoteUserTrackerOptions ObserverOf(Platform platform, WebSdk web)
        => platform == Platform.Web ? RemoteUserTrackerOptions.ForWebObserver(web) : RemoteUserTrackerOptions.ForObserver(platform);

    private SimulatedUser AddUser(uint uid, ICallbackStrategy strategy, RtcSdkBehavior behavior, RemoteUserTrackerOptions observer)
    {
        ThrowIfDisposed();
        if (_users.Any(u => u.Uid == uid))
        {
            throw new ArgumentException($"A user with uid {uid} is already in the simulation.", nameof(uid));
        }

        var user = new SimulatedUser(this, uid, strategy, behavior, observer);
        _users.Add(user);
        return user;
    }

    /// <summary>Moves time forward, running everything that falls due.</summary>
    /// <param name="delta">How far; not negative.</param>
    public void Advance(TimeSpan delta)
    {
        ThrowIfDisposed();
        Time.Advance(delta);
    }

    /// <summary>Stops every user's machine and the simulated server.</summary>
    public void Dispose() => _users.Dispose(Scheduler);

    internal void ThrowIfDisposed() => _users.ThrowIfDisposed();

    internal void Record(SimulatedUser user, PlatformCallback callback)
    {
        var entry = new TimelineEntry(Scheduler.Now, user.Uid, callback);
        _timeline.Add(entry);
        user.Received(entry);
    }

    internal IEnumerable<SimulatedUser> OthersThan(SimulatedUser user) => _users.Where(u => u != user && u.IsAlive);

    /// <summary>The server accepted <paramref name="user"/>'s join or rejoin: it is a member, and 100 ms later the others hear of it (and it of them).</summary>
    internal void Accepted(SimulatedUser user)
    {
        user.IsServerMember = true;
        _destroyGeneration++;
        ChannelDestroyedAt = null;
        Scheduler.After(NoticeLatency, () =>
        {
            if (!user.IsAlive || !user.IsServerMember)
            {
                return;
            }

            user.IsSending = user.NetworkUp;
            foreach (var other in OthersThan(user).Where(o => o.IsServerMember).ToList())
            {
                other.Hear(user);
                user.Hear(other);
            }
        });
    }

    /// <summary>A member is gone from the server's list; 10 s after the last one, the channel is destroyed.</summary>
    internal void MemberGone()
    {
        if (_users.Any(u => u.IsServerMember))
        {
            return;
        }

        var generation = ++_destroyGeneration;
        Scheduler.After(ChannelLingers, () =>
        {
            if (generation == _destroyGeneration && !_users.Any(u => u.IsServerMember))
            {
                ChannelDestroyedAt = Scheduler.Now;
            }
        });
    }

    /// <summary>One heartbeat: the server's data to every connected user, and every sending user's data to those who know of it.</summary>
    private void Pump()
    {
        foreach (var user in _users)
        {
            user.ReceiveServerData();
        }

        foreach (var sender in _users.Where(u => u.IsSending))
        {
            foreach (var observer in OthersThan(sender))
            {
                observer.ReceiveDataFrom(sender);
            }
        }
    }
}
