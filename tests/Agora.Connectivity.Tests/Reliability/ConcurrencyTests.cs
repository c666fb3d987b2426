using System.Collections.Concurrent;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// Many threads calling reports and commands on one machine while time moves on another thread (fake
/// time), and the same on the system clock with short timeouts. The event stream must be a valid path
/// through the table, delivered once each and never concurrently, with no deadlock.
/// </summary>
[NonParallelizable]
public class ConcurrencyTests
{
    public const int Threads = 4;
    public const int OperationsPerThread = 20_000;

    [Test]
    public void Rtc_ThreadsRacingWithFakeTime_EventStreamIsAValidPath()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var check = new StreamCheck(ConnectionState.Disconnected);
        machine.EventRaised += (_, e) => check.Observe(e, (e as ConnectionStateChanged)?.PreviousState, (e as ConnectionStateChanged)?.State);

        Race(
            time,
            random =>
            {
                switch (random.Next(8))
                {
                    case 0: Try(machine.JoinChannel); break;
                    case 1: machine.LeaveChannel(); break;
                    case 2 or 3: machine.ReportJoinSuccess(); break;
                    case 4: machine.ReportJoinFailure(ConnectionChangedReason.InvalidToken); break;
                    case 5: machine.ReportBanned(); break;
                    default: machine.ReportServerActivity(); break;
                }
            },
            () => Assert.That(Enum.IsDefined(machine.State), Is.True));

        check.AssertValid();
        Assert.That(time.TimerCount, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void Rtm_ThreadsRacingWithFakeTime_EventStreamIsAValidPath_AndEveryLoginTaskEnds()
    {
        var time = new FakeTimeProvider();
        var machine = new RtmConnectionStateMachine(timeProvider: time);
        var check = new StreamCheck(RtmConnectionState.Disconnected);
        var logins = new ConcurrentBag<Task>();
        machine.EventRaised += (_, e) => check.Observe(e, (e as RtmConnectionStateChanged)?.PreviousState, (e as RtmConnectionStateChanged)?.State);

        Race(
            time,
            random =>
            {
                switch (random.Next(8))
                {
                    case 0: Try(() => logins.Add(machine.LoginAsync())); break;
                    case 1: _ = machine.LogoutAsync(); break;
                    case 2 or 3: machine.ReportLoginSuccess(); break;
                    case 4: machine.ReportLoginFailure(); break;
                    case 5: machine.ReportRemoteLogin(); break;
                    case 6: machine.ReportTokenExpired(); break;
                    default: machine.ReportServerActivity(); break;
                }
            },
            () => Assert.That(Enum.IsDefined(machine.State), Is.True));
        machine.Dispose();

        check.AssertValid();
        Assert.That(Task.WhenAll(logins).ContinueWith(_ => true).Wait(TimeSpan.FromSeconds(10)), Is.True, "a login task was left pending");
        Assert.That(time.TimerCount, Is.Zero);
    }

    /// <summary>Sixteen users keep the table small and full of removed slots (rebuilt often); six hundred grow and shrink it.</summary>
    [Test]
    public void Tracker_ThreadsRacingWithFakeTime_EachUsersEventsAlternate([Values(16, 600)] int users)
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        var online = new ConcurrentDictionary<uint, bool>();
        var violations = 0;
        var inside = 0;
        tracker.EventRaised += (_, e) =>
        {
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref violations);
            }

            var (uid, nowOnline) = e switch
            {
                RemoteUserJoined j => (j.Uid, true),
                RemoteUserOffline o => (o.Uid, false),
                RemoteUserLeft l => (l.Uid, false),
                _ => throw new InvalidOperationException(),
            };
            var wasOnline = online.TryGetValue(uid, out var value) && value;
            if (e is RemoteUserLeft ? wasOnline : wasOnline == nowOnline)
            {
                Interlocked.Increment(ref violations);
            }

            online[uid] = nowOnline;
            Interlocked.Decrement(ref inside);
        };

        Race(
            time,
            random =>
            {
                var uid = (uint)random.Next(users);
                switch (random.Next(6))
                {
                    case 0:
                        tracker.ReportUserJoined(uid);
                        break;
                    case 1:
                        tracker.ReportUserLeft(uid);
                        break;
                    default:
                        tracker.ReportUserActivity(uid);
                        break;
                }
            },
            () => { });

        Assert.That(violations, Is.Zero);
        Assert.That(time.TimerCount, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void Rtc_SystemClockWithShortTimeouts_EventStreamIsAValidPath()
    {
        var options = new RtcConnectionOptions { InterruptionTimeout = Ms(20), ConnectionLostTimeout = Ms(30), ReconnectFailureTimeout = Ms(200) };
        using var machine = new RtcConnectionStateMachine(options);
        var check = new StreamCheck(ConnectionState.Disconnected);
        machine.EventRaised += (_, e) => check.Observe(e, (e as ConnectionStateChanged)?.PreviousState, (e as ConnectionStateChanged)?.State);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var workers = Enumerable.Range(0, Threads).Select(seed => Task.Run(() =>
        {
            var random = new Random(seed);
            while (!stop.IsCancellationRequested)
            {
                switch (random.Next(10))
                {
                    case 0:
                        Try(machine.JoinChannel);
                        break;
                    case 1:
                        machine.LeaveChannel();
                        break;
                    case 2:
                        machine.ReportJoinSuccess();
                        break;
                    default:
                        Thread.Sleep(random.Next(3));
                        break;
                }
            }
        })).ToArray();

        Assert.That(Task.WaitAll(workers, TimeSpan.FromSeconds(30)), Is.True, "deadlock");
        check.AssertValid();
        Assert.That(check.Count, Is.GreaterThan(10));
    }

    [Test]
    public void Dispose_RacingWithTimersAndReports_NothingAfterDisposeReturns_NoTimerLeft()
    {
        for (var round = 0; round < 50; round++)
        {
            var time = new FakeTimeProvider();
            var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { InterruptionTimeout = Ms(1), ConnectionLostTimeout = Ms(2), ReconnectFailureTimeout = Ms(5) }, time);
            var disposed = 0;
            var late = 0;
            machine.EventRaised += (_, _) =>
            {
                if (Volatile.Read(ref disposed) == 1)
                {
                    Interlocked.Increment(ref late);
                }
            };
            var wait = machine.WaitForStateAsync(ConnectionState.Failed);
            machine.JoinChannel();
            using var stop = new CancellationTokenSource();
            var ticker = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    time.Advance(Ms(1));
                }
            });
            var reporter = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    machine.ReportJoinSuccess();
                    machine.ReportServerActivity();
                }
            });

            Thread.Sleep(2);
            machine.Dispose();
            Volatile.Write(ref disposed, 1);
            Thread.Sleep(2);
            stop.Cancel();

            Assert.That(Task.WaitAll([ticker, reporter], TimeSpan.FromSeconds(30)), Is.True, "deadlock");
            Assert.That(late, Is.Zero);
            Assert.That(time.TimerCount, Is.Zero);
            Assert.That(((IAsyncResult)wait).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), Is.True, "a wait was left pending");
        }
    }

    /// <summary>Runs <see cref="Threads"/> threads of random operations while another thread advances fake time in random steps.</summary>
    private static void Race(FakeTimeProvider time, Action<Random> operation, Action invariant)
    {
        using var start = new Barrier(Threads + 1);
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Threads).Select(seed => Task.Run(() =>
        {
            var random = new Random(seed);
            start.SignalAndWait();
            for (var i = 0; i < OperationsPerThread; i++)
            {
                operation(random);
                invariant();
            }
        })).ToArray();
        var clock = Task.Run(() =>
        {
            var random = new Random(99);
            start.SignalAndWait();
            while (!stop.IsCancellationRequested)
            {
                time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 6000)));
            }
        });

        Assert.That(Task.WaitAll(workers, TimeSpan.FromSeconds(60)), Is.True, "deadlock");
        stop.Cancel();
        Assert.That(clock.Wait(TimeSpan.FromSeconds(30)), Is.True, "deadlock");
    }

    private static void Try(Action command)
    {
        try
        {
            command();
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Checks an event stream: each state change starts where the last ended, each event is delivered once, never two at a time.</summary>
    private sealed class StreamCheck(Enum initial)
    {
        private readonly HashSet<ConnectivityEvent> _seen = new(ReferenceEqualityComparer.Instance);
        private Enum _state = initial;
        private int _inside;
        private int _violations;

        public int Count { get; private set; }

        public void Observe(ConnectivityEvent e, Enum? previous, Enum? state)
        {
            if (Interlocked.Increment(ref _inside) != 1)
            {
                Interlocked.Increment(ref _violations);
            }

            Count++;
            if (!_seen.Add(e))
            {
                _violations++;
            }

            if (state is not null)
            {
                if (!Equals(previous, _state) || Equals(previous, state))
                {
                    _violations++;
                }

                _state = state;
            }

            Interlocked.Decrement(ref _inside);
        }

        public void AssertValid() => Assert.That(_violations, Is.Zero, "the event stream was not a valid path, or an event was delivered twice or concurrently");
    }
}
