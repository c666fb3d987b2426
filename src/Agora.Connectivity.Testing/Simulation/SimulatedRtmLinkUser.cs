using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtm2;

namespace Agora.Connectivity.Testing;

/// <summary>One user of an <see cref="RtmLinkSimulation"/>: an app with an RTM 2.x link on one platform, and its network.</summary>
public sealed class SimulatedRtmLinkUser
{
    private readonly RtmLinkSimulation _simulation;
    private readonly List<RtmTimelineEntry> _callbacks = [];
    private readonly IDisposable _subscription;
    private int _attempt;

    internal SimulatedRtmLinkUser(RtmLinkSimulation simulation, string userId, string name, ICallbackStrategy strategy, RtmLinkStateMachine link)
    {
        _simulation = simulation;
        UserId = userId;
        Name = name;
        Platform = strategy.Platform;
        Link = link;
        _subscription = link.Subscribe(strategy, callback => simulation.Record(this, callback));
        link.EventRaised += OnLinkEvent;
    }

    /// <summary>Gets the user ID the user logs in with.</summary>
    public string UserId { get; }

    /// <summary>Gets the user's name in the timeline: its user ID, with <c>#2</c>… for a further instance of the same user ID.</summary>
    public string Name { get; }

    /// <summary>Gets the user's platform.</summary>
    public Platform Platform { get; }

    /// <summary>Gets the user's link machine, to attach an app's own handlers to.</summary>
    public RtmLinkStateMachine Link { get; }

    /// <summary>Gets the callbacks this user received, in order.</summary>
    public IReadOnlyList<RtmTimelineEntry> Callbacks => _callbacks.ToArray();

    /// <summary>Gets a value indicating whether the user's network is up.</summary>
    public bool NetworkUp { get; private set; } = true;

    /// <summary>Logs in; the server answers 200 ms after each attempt starts while the network is up.</summary>
    /// <returns>The login task of the user's link.</returns>
    public Task LoginAsync() => Link.LoginAsync();

    /// <summary>Logs in with a token that expires at <paramref name="tokenExpiresAt"/> (the server rejects the link then).</summary>
    /// <param name="tokenExpiresAt">When the token expires, by the simulation's clock.</param>
    /// <returns>The login task of the user's link.</returns>
    public Task LoginAsync(DateTimeOffset tokenExpiresAt) => Link.LoginAsync(tokenExpiresAt);

    /// <summary>Logs out.</summary>
    public void Logout() => Link.Logout();

    /// <summary>Cuts the user's network: no packet either way from this instant; attempts time out.</summary>
    public void DropNetwork() => NetworkUp = false;

    /// <summary>Restores the network; the SDK hears of it (a network change) and retries: at once while waiting, 2 s later during an attempt.</summary>
    public void RestoreNetwork()
    {
        if (NetworkUp)
        {
            return;
        }

        NetworkUp = true;
        Link.ReportNetworkChange();
    }

    /// <summary>The server drops the user (<c>KICKED_OUT_BY_SERVER</c>, or another reason <see cref="RtmLinkStateMachine.ReportServerRejection"/> takes).</summary>
    /// <param name="reason">Why; <see cref="RtmLinkStateChangeReason.KickedOutByServer"/> by default.</param>
    public void KickOut(RtmLinkStateChangeReason reason = RtmLinkStateChangeReason.KickedOutByServer) => Link.ReportServerRejection(reason);

    /// <summary>
    /// From now on, sends this user's RTM 2.x SDK calls to <paramref name="sink"/> too (<c>OnLinkStateEvent</c> with its fields as values),
    /// at their instants on the simulation's clock: the scenario drives an app's own forwarding code, and the
    /// <see cref="Sdk.RtmLinkSdkFollower"/> behind it, on fake time.
    /// </summary>
    /// <param name="sink">The app's forwarding target, for example its <see cref="Sdk.RtmLinkSdkFollower"/>.</param>
    /// <returns>A subscription; dispose it to stop forwarding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is <see langword="null"/>.</exception>
    public IDisposable ForwardTo(Sdk.IRtmLinkEvents sink)
        => SdkCalls.Link(sink ?? throw new ArgumentNullException(nameof(sink))).Listen(Link);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Platform})";

    internal void Received(RtmTimelineEntry entry) => _callbacks.Add(entry);

    internal void ReceiveServerData()
    {
        if (NetworkUp && Link.State == RtmLinkState.Connected)
        {
            // The server's packets, among them the answer to a ping the link has pending (the link ignores one while none is).
            Link.ReportServerActivity();
            Link.ReportHeartbeatAnswer();
        }
    }

    internal void Stop()
    {
        _subscription.Dispose();
        Link.EventRaised -= OnLinkEvent;
        Link.Dispose();
    }

    private void OnLinkEvent(object? sender, ConnectivityEvent e)
    {
        switch (e)
        {
            case RtmLinkStateChanged { State: RtmLinkState.Connecting }:
                var attempt = ++_attempt;
                _simulation.Scheduler.After(ChannelSimulation.JoinLatency, () =>
                {
                    if (attempt == _attempt && NetworkUp && Link.State == RtmLinkState.Connecting)
                    {
                        Link.ReportLoginSuccess();
                    }
                });
                break;
            case RtmLinkStateChanged { State: RtmLinkState.Connected }:
                _simulation.Connected(this);
                break;
            case RtmLinkPresenceTimedOut:
                _simulation.TimedOut(this);
                break;
        }
    }
}
