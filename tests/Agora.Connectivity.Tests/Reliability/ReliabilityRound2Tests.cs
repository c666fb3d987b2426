using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.Reconnect;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// The defects of the second outside review (issue 20), each reproduced as it was reported: every test here
/// failed on the code before its fix. docs/reliability.md lists them.
/// </summary>
public class ReliabilityRound2Tests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Item 1: a transport that fails at once, a policy that retries at once.
    [Test]
    public void RetryAtOnce_AgainstAFailingTransport_JoinReturns_AttemptsOffTheCallersThread_ALeaveStopsThem()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: SystemTimeProvider.Instance);
        var transport = new CountingTransport(_ => Task.FromException(new IOException("refused")));
        using var driver = new RtcConnectionDriver(machine, transport, new FixedDelaysPolicy([TimeSpan.Zero], repeatLast: true));

        var join = Task.Run(machine.JoinChannel);
        Assert.That(join.Wait(Patience), Is.True, "JoinChannel returned");
        SpinWait.SpinUntil(() => transport.Attempts > 3, Patience);
        Assert.That(transport.Threads, Does.Not.Contain(transport.FirstCallerThread ?? -1));

        var leave = Task.Run(machine.LeaveChannel);
        Assert.That(leave.Wait(Patience), Is.True, "LeaveChannel returned");
        Assert.That(SpinWait.SpinUntil(() => !driver.IsConnecting, Patience), Is.True, "the episode ended");
        var afterLeave = transport.Attempts;
        Thread.Sleep(100);

        Assert.That(transport.Attempts, Is.LessThanOrEqualTo(afterLeave + 1), "at most the attempt already in flight");
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Disconnected));
    }

    [Test]
    public void RetryAtOnce_OnFakeTime_AdvanceReturns_AttemptsOneMillisecondApart()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(time);
        var transport = new FakeTransport(time);
        using var driver = new RtcConnectionDriver(machine, transport, new FixedDelaysPolicy([TimeSpan.Zero], repeatLast: true));

        machine.JoinChannel();
        Assert.That(transport.AttemptTimes, Is.Empty, "no attempt inside JoinChannel's event delivery");
        time.Advance(Ms(10));

        Assert.That(transport.AttemptTimes, Is.EqualTo(Enumerable.Range(0, 11).Select(i => Ms(i))));
    }

    // Item 2: LeaveChannel(); JoinChannel(); while the canceled attempt has not returned.
    [Test]
    public void LeaveThenJoin_TheNewAttemptWaitsForTheCanceledOneToReturn()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(time);
        var first = new TaskCompletionSource(); // ignores cancellation until released
        var calls = 0;
        var transport = new CountingTransport(token => calls++ == 0 ? first.Task : FakeTransport.Hang(token));
        using var driver = new RtcConnectionDriver(machine, transport);
        machine.JoinChannel();
        time.Advance(TimeSpan.Zero);

        machine.LeaveChannel();
        machine.JoinChannel();
        time.Advance(Sec(1));
        Assert.That(transport.Attempts, Is.EqualTo(1), "the second attempt waits");

        first.SetException(new OperationCanceledException());

        Assert.That(transport.Attempts, Is.EqualTo(2));
        Assert.That(transport.MostAtOnce, Is.EqualTo(1));
        Assert.That(transport.Closes, Is.EqualTo(1), "the leave's close ran after the first attempt returned, before the second began");
        Assert.That(transport.Log, Is.EqualTo(new[] { "connect", "return", "close", "connect" }));
    }

    // Item 3: a policy, a timeout or a classifier that throws; a delay no timer can hold.
    [TestCase("NextRetryDelay")]
    [TestCase("AttemptTimeout")]
    [TestCase("classifier")]
    [TestCase("classifier says JoinSuccess")]
    public void AFaultyPolicyOrClassifier_IsLogged_AndTheConnectionFails(string fault)
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<RtcConnectionDriver>();
        using var machine = new RtcConnectionStateMachine(time);
        var transport = new FakeTransport(time);
        var policy = new FaultyPolicy(throwOnDelay: fault == "NextRetryDelay", throwOnTimeout: fault == "AttemptTimeout");
        Func<Exception, ConnectionChangedReason?>? classifier = fault switch
        {
            "classifier" => _ => throw new InvalidOperationException("classifier bug"),
            "classifier says JoinSuccess" => _ => ConnectionChangedReason.JoinSuccess,
            _ => null,
        };
        using var driver = new RtcConnectionDriver(machine, transport, policy, classifier, logger);

        machine.JoinChannel();
        time.Advance(Sec(5));

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Failed));
        Assert.That(driver.IsConnecting, Is.False);
        var logged = logger.Entries.Single(e => e.EventName == "ReconnectPolicyFailed");
        Assert.That((logged.Level, logged.EventId), Is.EqualTo((LogLevel.Error, 12)));
        Assert.That(logged.Exception, Is.Not.Null);
    }

    [Test]
    public void ADelayNoTimerCanHold_IsClampedAndLogged_TheLoopGoesOn()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<RtcConnectionDriver>();
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy }, time);
        var transport = new FakeTransport(time);
        using var driver = new RtcConnectionDriver(machine, transport, new HugeDelayPolicy(), logger: logger);

        machine.JoinChannel();
        time.Advance(TimeSpan.FromDays(50));

        var longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);
        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { TimeSpan.Zero, longest }));
        Assert.That(logger.Entries.Count(e => e.EventName == "RetryDelayClamped" && e.EventId == 13), Is.EqualTo(2));
        Assert.That(driver.IsConnecting, Is.True);
    }

    // Item 4: the machine is disposed under a running driver.
    [Test]
    public void MachineDisposed_TheDriverStopsAndClosesTheTransport()
    {
        var time = new FakeTimeProvider();
        var machine = new RtcConnectionStateMachine(time);
        var transport = new FakeTransport(time);
        using var driver = new RtcConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(1)], repeatLast: true));
        machine.JoinChannel();
        time.Advance(Sec(3));
        Assert.That(transport.AttemptTimes, Has.Count.EqualTo(4));

        machine.Dispose();
        Assert.That((driver.IsConnecting, transport.Closes, time.TimerCount), Is.EqualTo((false, 1, 0)), "stopped with the machine, not at its next attempt");
        time.Advance(Min(10));

        Assert.That(transport.AttemptTimes, Has.Count.EqualTo(4));
        Assert.That(driver.IsConnecting, Is.False);
        Assert.That(transport.Closes, Is.EqualTo(1));
        Assert.That(time.TimerCount, Is.Zero, "no timer left behind");
    }

    // Item 6: the documented recovery from inside a handler, RTM.
    [Test]
    public async Task AbortedHandler_LogsOutAndLogsIn_TheLoginRunsAfterTheLogout()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        Task? relogin = null;
        machine.EventRaised += (_, e) =>
        {
            if (e is RtmConnectionStateChanged { State: RtmConnectionState.Aborted })
            {
                _ = machine.LogoutAsync();
                relogin = machine.LoginAsync();
            }
        };
        var login = machine.LoginAsync();
        machine.ReportLoginSuccess();
        await login;

        machine.ReportRemoteLogin();
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Connecting));
        machine.ReportLoginSuccess();

        await relogin!.WaitAsync(Patience);
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Connected));
    }

    [Test]
    public void AbortedHandler_LoginWithoutLogout_TheTaskFaultsWhenItRuns()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: new FakeTimeProvider());
        Task? relogin = null;
        machine.EventRaised += (_, e) =>
        {
            if (e is RtmConnectionStateChanged { State: RtmConnectionState.Aborted })
            {
                relogin = machine.LoginAsync();
            }
        };
        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();

        machine.ReportBanned();

        Assert.That(relogin!.IsFaulted, Is.True);
        Assert.That(relogin.Exception!.InnerException, Is.TypeOf<InvalidOperationException>().With.Message.Contains("state Aborted"));
    }

    // Item 8: reasons that are not refusals.
    [TestCase(ConnectionChangedReason.JoinSuccess)]
    [TestCase(ConnectionChangedReason.RejoinSuccess)]
    [TestCase(ConnectionChangedReason.Connecting)]
    [TestCase(ConnectionChangedReason.LeaveChannel)]
    [TestCase(ConnectionChangedReason.Interrupted)]
    [TestCase(ConnectionChangedReason.RenewToken)]
    public void NotARefusal_IsAnArgumentErrorNamingTheRefusals(ConnectionChangedReason reason)
    {
        using var machine = new RtcConnectionStateMachine(new FakeTimeProvider());
        machine.JoinChannel();

        var report = Assert.Throws<ArgumentOutOfRangeException>(() => machine.ReportJoinFailure(reason));
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ConnectionRejectedException(reason));

        Assert.That(report!.ParamName, Is.EqualTo("reason"));
        Assert.That(report.Message, Does.StartWith($"{reason} is not a refusal").And.Contain("InvalidToken, TokenExpired"));
        Assert.That(exception!.Message, Is.EqualTo(report.Message));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connecting));
    }

    [Test]
    public void BannedByServer_ReportedAsAJoinFailure_IsABan()
    {
        using var machine = new RtcConnectionStateMachine(new FakeTimeProvider());
        var events = new List<ConnectivityEvent>();
        machine.EventRaised += (_, e) => events.Add(e);
        machine.JoinChannel();

        machine.ReportJoinFailure(ConnectionChangedReason.BannedByServer);

        Assert.That(events.Last(), Is.TypeOf<ConnectionBanned>());
    }

    // Item 10: after a spike, an empty tracker kept its peak collections.
    [Test]
    public void TrackerAfterASpike_ShrinksBack_WhetherUsersLeaveOrFallSilent()
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        const uint Spike = 100_000;
        for (uint uid = 0; uid < Spike; uid++)
        {
            tracker.ReportUserJoined(uid);
        }

        Assert.That(tracker.Footprint.HeapCapacity, Is.GreaterThanOrEqualTo((int)Spike));
        Assert.That(tracker.Footprint.TableCapacity, Is.GreaterThanOrEqualTo(2 * (int)Spike));
        for (uint uid = 0; uid < Spike / 2; uid++)
        {
            tracker.ReportUserLeft(uid);
        }

        time.Advance(Min(10)); // the other half fall silent: offline at 20 s, gone at 3 min

        var (members, peak, heapCapacity, tableCapacity) = tracker.Footprint;
        Assert.That((members, peak), Is.EqualTo((0, 0)));
        Assert.That(heapCapacity, Is.LessThanOrEqualTo(64));
        Assert.That(tableCapacity, Is.LessThanOrEqualTo(64));
        Assert.That(tracker.OnlineUsers, Is.Empty);

        tracker.ReportUserJoined(7); // still works after the trim
        time.Advance(Sec(20));
        Assert.That(tracker.Footprint.Members, Is.EqualTo(1));
    }

    [Test]
    public void TrackerAfterASpike_RetainsLittleMemory()
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        tracker.ReportUserJoined(uint.MaxValue);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (uint uid = 0; uid < 200_000; uid++)
        {
            tracker.ReportUserJoined(uid);
        }

        for (uint uid = 0; uid < 200_000; uid++)
        {
            tracker.ReportUserLeft(uid);
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.That(retained, Is.LessThan(2_000_000), $"retained {retained:N0} bytes (19.3 MB without the trim)");
        Assert.That(tracker.OnlineUsers, Is.EqualTo(new[] { uint.MaxValue }));
    }

    // Item 11: a leave that cannot reach the server.
    [TestCase(Platform.Android, 25, "onUserOffline(1, USER_OFFLINE_DROPPED)")]
    [TestCase(Platform.Web, 15, "stream-removed(1)")]
    public void LeaveWithTheNetworkDown_OthersSeeADropAtT3Plus20s(Platform watcherPlatform, double offlineAt, string heard)
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Android);
        var watcher = simulation.AddUser(2, watcherPlatform);
        user.JoinChannel();
        watcher.JoinChannel();
        simulation.Advance(Sec(5));
        user.DropNetwork();
        simulation.Advance(Sec(1));

        user.LeaveChannel();
        simulation.Advance(Sec(40));

        var offline = watcher.Callbacks.Where(c => c.Callback.Arguments.FirstOrDefault() == "1").Last();
        Assert.That((offline.At, offline.Callback.ToString()), Is.EqualTo((Sec(offlineAt), heard)));
    }

    [Test]
    public void LeaveWithTheNetworkDown_TheChannelIsDestroyedFromTheSilence()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Android);
        user.JoinChannel();
        simulation.Advance(Sec(5));
        user.DropNetwork();

        user.LeaveChannel();
        simulation.Advance(Sec(20));
        Assert.That(simulation.ChannelDestroyedAt, Is.Null, "a leave that cannot reach the server does not start the channel's 10 s");
        simulation.Advance(Min(4));

        Assert.That(simulation.ChannelDestroyedAt, Is.EqualTo(Sec(5) + Min(3) + Sec(10)), "the server lets go of the silent user 3 min after T3 = 5 s; the channel lingers 10 s more");
    }

    /// <summary>A transport that counts its calls, the threads they came on, and how many ran at once.</summary>
    private sealed class CountingTransport(Func<CancellationToken, Task> connect) : IConnectionTransport
    {
        private int _running;
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public int MostAtOnce { get; private set; }

        public int Closes { get; private set; }

        public int? FirstCallerThread { get; } = Environment.CurrentManagedThreadId;

        public System.Collections.Concurrent.ConcurrentBag<int> Threads { get; } = [];

        public List<string> Log { get; } = [];

        public async Task ConnectAsync(IConnectionSink sink, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            Threads.Add(Environment.CurrentManagedThreadId);
            lock (Log)
            {
                Log.Add("connect");
                MostAtOnce = Math.Max(MostAtOnce, ++_running);
            }

            try
            {
                await connect(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (Log)
                {
                    _running--;
                    Log.Add("return");
                }
            }
        }

        public Task CloseAsync()
        {
            lock (Log)
            {
                Closes++;
                Log.Add("close");
            }

            return Task.CompletedTask;
        }
    }

    private sealed class HugeDelayPolicy : IReconnectPolicy
    {
        public TimeSpan? NextRetryDelay(ReconnectContext context) => TimeSpan.MaxValue;

        public TimeSpan AttemptTimeout(ReconnectContext context) => Timeout.InfiniteTimeSpan;
    }

    private sealed class FaultyPolicy(bool throwOnDelay, bool throwOnTimeout) : IReconnectPolicy
    {
        public TimeSpan? NextRetryDelay(ReconnectContext context)
            => throwOnDelay ? throw new InvalidOperationException("policy bug") : Sec(1);

        public TimeSpan AttemptTimeout(ReconnectContext context)
            => throwOnTimeout ? throw new InvalidOperationException("timeout bug") : Sec(20);
    }
}
