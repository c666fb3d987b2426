using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Testing;

/// <summary>One client of an <see cref="RtmChannelSimulation"/>: an app logged in (or not) with a user ID on one platform.</summary>
public sealed class SimulatedRtmClient
{
    private readonly RtmChannelSimulation _simulation;
    private readonly ICallbackStrategy _strategy;
    private readonly List<RtmTimelineEntry> _callbacks = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<SdkCalls> _forwarders = [];
    private int _acceptGeneration;

    internal SimulatedRtmClient(RtmChannelSimulation simulation, string userId, string name, ICallbackStrategy strategy)
    {
        _simulation = simulation;
        _strategy = strategy;
        UserId = userId;
        Name = name;
        Connection = new RtmConnectionStateMachine(timeProvider: simulation.Time);
        _subscriptions.Add(Connection.Subscribe(strategy, callback => simulation.Record(this, callback)));
        Members = CreateMemberTracker();
    }

    /// <summary>Gets the user ID the client logs in with.</summary>
    public string UserId { get; }

    /// <summary>Gets the client's name in the timeline: its user ID, with <c>#2</c>… for a further instance of the same user ID.</summary>
    public string Name { get; }

    /// <summary>Gets the client's platform.</summary>
    public Platform Platform => _strategy.Platform;

    /// <summary>Gets the state of the client's connection.</summary>
    public RtmConnectionState State => Connection.State;

    /// <summary>Gets the client's connection machine, to attach an app's own handlers to.</summary>
    public RtmConnectionStateMachine Connection { get; }

    /// <summary>Gets the client's view of the channel's other members. A logout or a kick-out replaces it.</summary>
    public RtmMemberTracker Members { get; private set; }

    /// <summary>Gets the callbacks this client received, in order.</summary>
    public IReadOnlyList<RtmTimelineEntry> Callbacks => _callbacks.ToArray();

    /// <summary>Gets a value indicating whether the client's network is up.</summary>
    public bool NetworkUp { get; private set; } = true;

    internal bool IsServerMember { get; set; }

    internal bool IsSending { get; set; }

    /// <summary>Logs in; the RTM system accepts 200 ms later if the network is up (the 6 s login timeout runs meanwhile).</summary>
    /// <returns>The login task of the client's <see cref="RtmConnectionStateMachine"/>.</returns>
    public Task LoginAsync()
    {
        var login = Connection.LoginAsync();
        ScheduleAccept();
        return login;
    }

    /// <summary>Logs out; the other members see <c>MemberLeft</c> 100 ms later.</summary>
    public void Logout()
    {
        _ = Connection.LogoutAsync();
        _acceptGeneration++;
        LeaveServer();
    }

    /// <summary>Cuts the client's network: no data either way from this instant (T3).</summary>
    public void DropNetwork()
    {
        if (!NetworkUp)
        {
            return;
        }

        ReceiveServerData();
        if (IsSending)
        {
            foreach (var observer in _simulation.OthersThan(this))
            {
                observer.ReceiveDataFrom(this);
            }
        }

        IsSending = false;
        NetworkUp = false;
        _acceptGeneration++;
    }

    /// <summary>Restores the client's network; the SDK reconnects at once, accepted 200 ms later.</summary>
    public void RestoreNetwork()
    {
        if (NetworkUp)
        {
            return;
        }

        NetworkUp = true;
        ScheduleAccept();
    }

    /// <summary>
    /// From now on, sends this client's RTM SDK calls to <paramref name="sink"/> too (<c>OnConnectionStateChanged</c> with its values, the
    /// token callbacks, <c>OnMemberJoined</c> and <c>OnMemberLeft</c>), at their instants on the simulation's clock: the scenario drives an
    /// app's own forwarding code, and the <see cref="Sdk.RtmSdkFollower"/> behind it, on fake time.
    /// </summary>
    /// <param name="sink">The app's forwarding target, for example its <see cref="Sdk.RtmSdkFollower"/>.</param>
    /// <returns>A subscription; dispose it to stop forwarding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is <see langword="null"/>.</exception>
    public IDisposable ForwardTo(Sdk.IRtmClientEvents sink)
    {
        if (sink is null)
        {
            throw new ArgumentNullException(nameof(sink));
        }

        var calls = SdkCalls.Rtm(sink).Listen(Connection).Listen(Members);
        calls.Detached = forwarder => _forwarders.Remove(forwarder);
        _forwarders.Add(calls);
        return calls;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Platform})";

    internal void Received(RtmTimelineEntry entry) => _callbacks.Add(entry);

    internal void ReceiveServerData()
    {
        if (NetworkUp && Connection.State == RtmConnectionState.Connected)
        {
            Connection.ReportServerActivity();
        }
    }

    internal void ReceiveDataFrom(SimulatedRtmClient sender)
    {
        if (_known.Contains(sender.UserId))
        {
            Members.ReportMemberActivity(sender.UserId);
        }
    }

    internal void Hear(SimulatedRtmClient other)
    {
        if (IsServerMember && _known.Add(other.UserId))
        {
            Members.ReportMemberJoined(other.UserId);
        }
        else if (IsServerMember)
        {
            Members.ReportMemberActivity(other.UserId);
        }
    }

    internal void HearLeft(SimulatedRtmClient other)
    {
        if (_known.Remove(other.UserId))
        {
            Members.ReportMemberLeft(other.UserId);
        }
    }

    /// <summary>Another client logged in with this user ID: the server kicks this one out (ABORTED).</summary>
    internal void KickedOut()
    {
        IsServerMember = false;
        IsSending = false;
        _known.Clear();
        ResetMembers();
        Connection.ReportRemoteLogin();
    }

    internal void Stop()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        foreach (var forwarder in _forwarders.ToArray())
        {
            forwarder.Dispose();
        }

        Connection.Dispose();
        Members.Dispose();
    }

    private void LeaveServer()
    {
        var wasMember = IsServerMember;
        IsServerMember = false;
        IsSending = false;
        _known.Clear();
        ResetMembers();
        if (!wasMember)
        {
            return;
        }

        _simulation.Scheduler.After(ChannelSimulation.NoticeLatency, () =>
        {
            if (_simulation.OthersThan(this).Any(c => c.UserId == UserId && c.IsServerMember))
            {
                return;
            }

            foreach (var other in _simulation.OthersThan(this))
            {
                other.HearLeft(this);
            }
        });
    }

    /// <summary>Out of the channel, the client's view of its members starts over.</summary>
    private void ResetMembers()
    {
        Members.Dispose();
        Members = CreateMemberTracker();
    }

    private RtmMemberTracker CreateMemberTracker()
    {
        var tracker = new RtmMemberTracker(timeProvider: _simulation.Time);
        _subscriptions.Add(tracker.Subscribe(_strategy, callback => _simulation.Record(this, callback)));
        foreach (var forwarder in _forwarders)
        {
            forwarder.Listen(tracker);
        }

        return tracker;
    }

    private void ScheduleAccept()
    {
        if (!NetworkUp || Connection.State is not (RtmConnectionState.Connecting or RtmConnectionState.Reconnecting or RtmConnectionState.Connected))
        {
            return;
        }

        var generation = ++_acceptGeneration;
        _simulation.Scheduler.After(ChannelSimulation.JoinLatency, () =>
        {
            if (generation != _acceptGeneration || !NetworkUp
                || Connection.State is not (RtmConnectionState.Connecting or RtmConnectionState.Reconnecting or RtmConnectionState.Connected))
            {
                return;
            }

            Connection.ReportLoginSuccess();
            _simulation.Accepted(this);
        });
    }
}
