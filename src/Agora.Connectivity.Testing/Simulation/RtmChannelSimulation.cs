using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Testing.Internal;

namespace Agora.Connectivity.Testing;

/// <summary>
/// An RTM channel on fake time (doc 003): clients log in, drop off the network, reconnect, and are
/// kicked out (ABORTED) when another client logs in with the same user ID; each sees its own
/// connection callbacks and the other members' <c>MemberJoined</c>/<c>MemberLeft</c>.
/// </summary>
/// <remarks>
/// Latencies as in the RTC simulation: a login or reconnect is accepted 200 ms after it is attempted
/// while the network is up; the other members hear of a login or logout 100 ms after it happens; data
/// flows every second while the network is up, and a drop's instant is the last data (T3). Driven from one thread.
/// </remarks>
public sealed class RtmChannelSimulation : IDisposable
{
    private readonly SimulationRoster<SimulatedRtmClient> _clients = new(nameof(RtmChannelSimulation), static client => client.Stop());
    private readonly List<RtmTimelineEntry> _timeline = [];

    /// <summary>Initializes a new instance of the <see cref="RtmChannelSimulation"/> class. Time is measured from now.</summary>
    /// <param name="time">The fake clock to run on; a new one when <see langword="null"/>.</param>
    public RtmChannelSimulation(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider();
        Scheduler = new SimulationScheduler(Time);
        Scheduler.Every(ChannelSimulation.Heartbeat, Pump);
    }

    /// <summary>Gets the fake clock the simulation runs on.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Gets every client's callbacks, in the order they were received.</summary>
    public IReadOnlyList<RtmTimelineEntry> Timeline => _timeline.ToArray();

    /// <summary>Gets the clients, in the order they were added.</summary>
    public IReadOnlyList<SimulatedRtmClient> Clients => _clients.ToArray();

    internal SimulationScheduler Scheduler { get; }

    /// <summary>Adds a client, logged out, with its network up. Several clients may share a user ID (two devices).</summary>
    /// <param name="userId">The user ID the client logs in with.</param>
    /// <param name="platform">The client's platform: its callbacks' names.</param>
    /// <returns>The client, to drive.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="userId"/> is <see langword="null"/>.</exception>
    public SimulatedRtmClient AddClient(string userId, Platform platform)
    {
        _clients.ThrowIfDisposed();
        if (userId is null)
        {
            throw new ArgumentNullException(nameof(userId));
        }

        var client = new SimulatedRtmClient(this, userId, _clients.NextInstanceName(userId, static c => c.UserId), CallbackStrategies.For(platform));
        _clients.Add(client);
        return client;
    }

    /// <summary>Moves time forward, running everything that falls due.</summary>
    /// <param name="delta">How far; not negative.</param>
    public void Advance(TimeSpan delta) => Time.Advance(delta);

    /// <summary>Stops every client and the simulated server.</summary>
    public void Dispose() => _clients.Dispose(Scheduler);

    internal void Record(SimulatedRtmClient client, PlatformCallback callback)
    {
        var entry = new RtmTimelineEntry(Scheduler.Now, client.Name, callback);
        _timeline.Add(entry);
        client.Received(entry);
    }

    internal IEnumerable<SimulatedRtmClient> OthersThan(SimulatedRtmClient client) => _clients.Where(c => c != client);

    /// <summary>The server accepted a login or reconnect: an older session of the same user ID is kicked out, and 100 ms later the members hear of it.</summary>
    internal void Accepted(SimulatedRtmClient client)
    {
        foreach (var twin in OthersThan(client).Where(c => c.UserId == client.UserId && c.IsServerMember).ToList())
        {
            twin.KickedOut();
        }

        client.IsServerMember = true;
        Scheduler.After(ChannelSimulation.NoticeLatency, () =>
        {
            if (!client.IsServerMember)
            {
                return;
            }

            client.IsSending = client.NetworkUp;
            foreach (var other in OthersThan(client).Where(c => c.IsServerMember && c.UserId != client.UserId).ToList())
            {
                other.Hear(client);
                client.Hear(other);
            }
        });
    }

    private void Pump()
    {
        foreach (var client in _clients)
        {
            client.ReceiveServerData();
        }

        foreach (var sender in _clients.Where(c => c.IsSending))
        {
            foreach (var observer in OthersThan(sender))
            {
                observer.ReceiveDataFrom(sender);
            }
        }
    }
}
