using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Testing;

/// <summary>One user of a <see cref="ChannelSimulation"/>: an app on one platform, its network and its process.</summary>
public sealed class SimulatedUser
{
    private readonly ChannelSimulation _simulation;
    private readonly ICallbackStrategy _strategy;
    private readonly RtcSdkBehavior _behavior;
    private readonly List<TimelineEntry> _callbacks = [];
    private readonly HashSet<uint> _known = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<SdkCalls> _forwarders = [];
    private readonly RemoteUserTrackerOptions _observer;
    private int _acceptGeneration;
    private int _silenceGeneration;

    internal SimulatedUser(ChannelSimulation simulation, uint uid, ICallbackStrategy strategy, RtcSdkBehavior behavior, RemoteUserTrackerOptions observer)
    {
        _simulation = simulation;
        _observer = observer;
        _strategy = strategy;
        _behavior = behavior;
        Uid = uid;
        Connection = null!;
        RemoteUsers = null!;
        StartProcess();
    }

    /// <summary>Gets the user's ID.</summary>
    public uint Uid { get; }

    /// <summary>Gets the user's platform.</summary>
    public Platform Platform => _strategy.Platform;

    /// <summary>Gets the state of the user's connection; <see cref="ConnectionState.Disconnected"/> while its process is dead.</summary>
    public ConnectionState State => IsAlive ? Connection.State : ConnectionState.Disconnected;

    /// <summary>Gets the callbacks this user received, in order.</summary>
    public IReadOnlyList<TimelineEntry> Callbacks => _callbacks.ToArray();

    /// <summary>Gets the connection machine of the user's current process, to attach an app's own handlers to. A restart replaces it.</summary>
    public RtcConnectionStateMachine Connection { get; private set; }

    /// <summary>Gets the user's view of the others in the channel. A leave or a restart replaces it.</summary>
    public RemoteUserTracker RemoteUsers { get; private set; }

    /// <summary>Gets a value indicating whether the user's network is up.</summary>
    public bool NetworkUp { get; private set; } = true;

    /// <summary>Gets a value indicating whether the user's app process is running.</summary>
    public bool IsAlive { get; private set; }

    internal bool IsServerMember { get; set; }

    internal bool IsSending { get; set; }

    /// <summary>Joins the channel; the server accepts 200 ms later if the network is up, else once it is restored.</summary>
    /// <exception cref="InvalidOperationException">The process is dead, or the connection is not Disconnected.</exception>
    public void JoinChannel()
    {
        EnsureAlive();
        Connection.JoinChannel();
        ScheduleAccept();
    }

    /// <summary>
    /// Joins the channel with a token that expires at <paramref name="tokenExpiresAt"/> (by the simulation's clock); the server
    /// accepts 200 ms later if the network is up. When the token expires the connection fails
    /// (<see cref="RtcConnectionStateMachine.JoinChannel(DateTimeOffset)"/>), and the server takes no more of the user's data:
    /// the others see it go offline as after a drop, once its silence reaches their timeout.
    /// </summary>
    /// <param name="tokenExpiresAt">When the token expires.</param>
    /// <exception cref="InvalidOperationException">The process is dead, or the connection is not Disconnected.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenExpiresAt"/> is further ahead than the clock can count.</exception>
    public void JoinChannel(DateTimeOffset tokenExpiresAt)
    {
        EnsureAlive();
        Connection.JoinChannel(tokenExpiresAt);
        ScheduleAccept();
    }

    /// <summary>
    /// Gives the connection a new token (<see cref="RtcConnectionStateMachine.RenewToken"/>). After the connection failed, it
    /// joins again, and the server accepts 200 ms later if the network is up.
    /// </summary>
    /// <param name="tokenExpiresAt">When the new token expires; not earlier than now.</param>
    /// <exception cref="InvalidOperationException">The process is dead, or the connection is Disconnected.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenExpiresAt"/> is earlier than now, or further ahead than the clock can count.</exception>
    public void RenewToken(DateTimeOffset tokenExpiresAt)
    {
        EnsureAlive();
        Connection.RenewToken(tokenExpiresAt);
        if (Connection.State == ConnectionState.Connecting)
        {
            ScheduleAccept();
        }
    }

    /// <summary>
    /// Leaves the channel; the others see it 100 ms later (<c>onUserOffline</c> with QUIT, the Web's <c>peer-leave</c>). With the
    /// network down the leave cannot reach the server: to the server and the others the user is silent since the drop (T3),
    /// so they see it go offline as after a drop (DROPPED at T3 + 20 s, the Web's <c>stream-removed</c> at T3 + 10 s), and the
    /// channel's destruction clock counts from there.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process is dead.</exception>
    public void LeaveChannel()
    {
        EnsureAlive();
        Connection.LeaveChannel();
        _acceptGeneration++;
        IsSending = false;
        _known.Clear();
        RemoteUsers.Dispose();
        RemoteUsers = CreateTracker();
        if (!NetworkUp)
        {
            return;
        }

        _silenceGeneration++;
        var wasMember = IsServerMember;
        IsServerMember = false;
        _simulation.Scheduler.After(ChannelSimulation.NoticeLatency, () =>
        {
            foreach (var other in _simulation.OthersThan(this))
            {
                other.HearLeft(this);
            }
        });
        if (wasMember)
        {
            _simulation.MemberGone();
        }
    }

    /// <summary>Cuts the user's network: no data either way from this instant (T3).</summary>
    /// <exception cref="InvalidOperationException">The process is dead.</exception>
    public void DropNetwork()
    {
        EnsureAlive();
        if (!NetworkUp)
        {
            return;
        }

        GoSilent();
        NetworkUp = false;
    }

    /// <summary>Restores the user's network; the SDK retries at once and its rejoin is accepted 200 ms later, unless it has failed.</summary>
    /// <exception cref="InvalidOperationException">The process is dead.</exception>
    public void RestoreNetwork()
    {
        EnsureAlive();
        if (NetworkUp)
        {
            return;
        }

        NetworkUp = true;
        ScheduleAccept();
    }

    /// <summary>
    /// Kills the app's process. On iOS and macOS the app leaves the channel first; on Android, Windows,
    /// Linux and the Web it goes silent, and the others find out only from the silence.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process is already dead.</exception>
    public void KillProcess()
    {
        EnsureAlive();
        if (Platform is Platform.Ios or Platform.MacOS)
        {
            LeaveChannel();
        }
        else
        {
            GoSilent();
        }

        Stop();
    }

    /// <summary>Starts a new process of a killed app, which joins the channel at once (accepted 200 ms later).</summary>
    /// <exception cref="InvalidOperationException">The process is still running: kill it first.</exception>
    public void RestartAndRejoin()
    {
        _simulation.ThrowIfDisposed();
        if (IsAlive)
        {
            throw new InvalidOperationException($"User {Uid}'s process is running; call KillProcess first, then RestartAndRejoin.");
        }

        NetworkUp = true;
        StartProcess();
        JoinChannel();
    }

    /// <summary>
    /// From now on, sends this user's SDK calls to <paramref name="sink"/> too, as its SDK's generation makes them (the state callback from
    /// v2.3.2, the interrupted, lost and rejoin callbacks before it; joins, leaves, tokens and remote users in every generation), at their
    /// instants on the simulation's clock, values as the SDK passes them: the scenario drives an app's own forwarding code, and the
    /// <see cref="Sdk.RtcSdkFollower"/> behind it, on fake time.
    /// </summary>
    /// <param name="sink">The app's forwarding target, for example its <see cref="Sdk.RtcSdkFollower"/>.</param>
    /// <returns>A subscription; dispose it to stop forwarding. The forwarding also ends when the process is killed (a new process would have a new handler: call this again after <see cref="RestartAndRejoin"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The user's process has been killed.</exception>
    /// <exception cref="ObjectDisposedException">The simulation has been disposed.</exception>
    public IDisposable ForwardTo(Sdk.IRtcEngineEvents sink)
    {
        if (sink is null)
        {
            throw new ArgumentNullException(nameof(sink));
        }

        EnsureAlive();
        var calls = SdkCalls.Rtc(sink, _behavior).Listen(Connection).Listen(RemoteUsers);
        calls.Detached = forwarder => _forwarders.Remove(forwarder);
        _forwarders.Add(calls);
        return calls;
    }

    /// <inheritdoc/>
    public override string ToString() => $"uid {Uid} ({Platform})";

    internal void Received(TimelineEntry entry) => _callbacks.Add(entry);

    /// <summary>The server's data reaches the user's connection, while its network is up and it is connected.</summary>
    internal void ReceiveServerData()
    {
        if (IsAlive && NetworkUp && Connection.State == ConnectionState.Connected)
        {
            Connection.ReportServerActivity();
        }
    }

    internal void ReceiveDataFrom(SimulatedUser sender)
    {
        if (_known.Contains(sender.Uid))
        {
            RemoteUsers.ReportUserActivity(sender.Uid);
        }
    }

    /// <summary>The server tells this user of <paramref name="other"/>'s join or rejoin.</summary>
    internal void Hear(SimulatedUser other)
    {
        if (IsAlive && IsServerMember)
        {
            _known.Add(other.Uid);
            RemoteUsers.ReportUserJoined(other.Uid);
        }
    }

    internal void HearLeft(SimulatedUser other)
    {
        if (_known.Remove(other.Uid))
        {
            RemoteUsers.ReportUserLeft(other.Uid);
        }
    }

    internal void Stop()
    {
        IsAlive = false;
        IsSending = false;
        _acceptGeneration++;
        _known.Clear();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
        foreach (var forwarder in _forwarders.ToArray())
        {
            forwarder.Dispose();
        }

        Connection.Dispose();
        RemoteUsers.Dispose();
    }

    private void StartProcess()
    {
        IsAlive = true;
        Connection = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = _behavior }, _simulation.Time);
        _subscriptions.Add(Connection.Subscribe(_strategy, callback => _simulation.Record(this, callback)));
        Connection.EventRaised += OnConnectionEvent;
        RemoteUsers = CreateTracker();
    }

    // A failed connection (the token expired, the server refused it) sends nothing more: to the server it is a silent
    // user from this instant. With the network down it has been silent since the drop, and that instant stays.
    private void OnConnectionEvent(object? sender, ConnectivityEvent e)
    {
        if (e is ConnectionStateChanged { State: ConnectionState.Failed } && NetworkUp && ReferenceEquals(sender, Connection))
        {
            GoSilent();
        }
    }

    private RemoteUserTracker CreateTracker()
    {
        var tracker = new RemoteUserTracker(_observer, _simulation.Time);
        _subscriptions.Add(tracker.Subscribe(_strategy, callback => _simulation.Record(this, callback)));
        foreach (var forwarder in _forwarders)
        {
            forwarder.Listen(tracker);
        }

        return tracker;
    }

    private void ScheduleAccept()
    {
        if (!NetworkUp || Connection.State is ConnectionState.Disconnected or ConnectionState.Failed)
        {
            return;
        }

        var generation = ++_acceptGeneration;
        _simulation.Scheduler.After(ChannelSimulation.JoinLatency, () =>
        {
            if (generation != _acceptGeneration || !IsAlive || !NetworkUp
                || Connection.State is ConnectionState.Disconnected or ConnectionState.Failed)
            {
                return;
            }

            _silenceGeneration++;
            Connection.ReportJoinSuccess();
            _simulation.Accepted(this);
        });
    }

    /// <summary>The last data either way is now (T3); from here on the server counts this user's silence.</summary>
    private void GoSilent()
    {
        ReceiveServerData();
        if (IsSending)
        {
            foreach (var observer in _simulation.OthersThan(this))
            {
                observer.ReceiveDataFrom(this);
            }
        }

        IsSending = false;
        _acceptGeneration++;
        if (!IsServerMember)
        {
            return;
        }

        var generation = ++_silenceGeneration;
        _simulation.Scheduler.After(ChannelSimulation.ServerSilenceLimit, () =>
        {
            if (generation == _silenceGeneration && IsServerMember)
            {
                IsServerMember = false;
                _simulation.MemberGone();
            }
        });
    }

    private void EnsureAlive()
    {
        _simulation.ThrowIfDisposed();
        if (!IsAlive)
        {
            throw new InvalidOperationException($"User {Uid}'s process has been killed; call RestartAndRejoin to start it again.");
        }
    }
}
