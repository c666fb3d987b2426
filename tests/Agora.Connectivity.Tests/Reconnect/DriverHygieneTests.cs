using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reconnect;

/// <summary>
/// What a driver leaves behind and what it reports: every timer it creates is disposed, a timer that calls back after
/// its dispose (as <see cref="System.Threading.Timer"/> may) starts nothing, a disposed driver is not kept alive by its
/// machine, failures are logged as what they were, and the RTM driver reconnects when the transport closes.
/// </summary>
public class DriverHygieneTests
{
    [Test]
    public async Task EveryTimerTheDriverCreates_IsDisposed_OnceTheEpisodeAndTheChannelAreOver()
    {
        var fake = new FakeTimeProvider();
        var ledger = new TimerLedger(fake);
        using var machine = new RtcConnectionStateMachine(timeProvider: ledger);
        var transport = new FakeTransport(fake).Then(FakeTransport.Fail).Then(FakeTransport.Fail).Then(FakeTransport.Succeed);
        await using (new RtcConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(1)], repeatLast: true)))
        {
            machine.JoinChannel();
            fake.Advance(Sec(2));
            Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
            machine.LeaveChannel();
        }

        machine.Dispose(); // the machine keeps its one timer for its life
        Assert.That(ledger.Created, Is.EqualTo(7), "the machine's, and for each of three attempts a start or retry timer and an attempt timeout");
        Assert.That(ledger.Undisposed, Is.Zero);
    }

    [Test]
    public async Task ATimerThatCallsBackAfterItsDispose_StartsNoAttempt()
    {
        var fake = new FakeTimeProvider();
        var late = new TimerLedger(fake) { KeepFiringAfterDispose = true };
        using var machine = new RtcConnectionStateMachine(timeProvider: late);
        var transport = new FakeTransport(fake);
        await using var driver = new RtcConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(5)], repeatLast: true));
        machine.JoinChannel();
        fake.Advance(TimeSpan.Zero); // the first attempt fails; the next is due at 5 s

        fake.Advance(Sec(1));
        machine.LeaveChannel(); // disposes the retry timer, which fires anyway at 5 s
        fake.Advance(Sec(10));

        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { Sec(0) }));
        Assert.That(driver.IsConnecting, Is.False);
    }

    [Test]
    public void ADisposedDriver_IsNotKeptAliveByItsMachine()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);

        var driver = DisposedDriver(machine, time);

        Assert.That(Collection.IsCollected(driver), Is.True, "the machine still references the driver through its events or its dispose notifications");
        machine.JoinChannel();
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connecting));
    }

    [Test]
    public async Task ATransportsOwnCancellation_IsLoggedAsItWas_NotAsTheAttemptTimeout()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var logger = new FakeLogger<RtcConnectionDriver>();
        // HttpClient, for one, throws TaskCanceledException on its own timeout; the attempt's token is not canceled.
        var transport = new FakeTransport(time)
            .Then(_ => Task.FromException(new TaskCanceledException("the transport's own timeout")))
            .Then(_ => Task.FromException(new IOException("connection refused")));
        await using var driver = new RtcConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(1)], repeatLast: true), logger: logger);

        machine.JoinChannel();
        time.Advance(Sec(1));

        var failures = logger.Collector.GetSnapshot().Where(r => r.Id.Id == 8).Select(r => (r.Exception!.GetType(), r.Exception.Message)).ToList();
        Assert.That(failures, Is.EqualTo(new[]
        {
            (typeof(TaskCanceledException), "the transport's own timeout"),
            (typeof(IOException), "connection refused"),
        }));
    }

    [Test]
    public async Task RetryAtOnce_IsRaisedToTheFloorSilently_OnlyADelayNoTimerCanHoldIsLogged()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var logger = new FakeLogger<RtcConnectionDriver>();
        var transport = new FakeTransport(time);
        await using var driver = new RtcConnectionDriver(machine, transport, new FixedDelaysPolicy([TimeSpan.Zero], repeatLast: true), logger: logger);

        machine.JoinChannel();
        time.Advance(Ms(3));

        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { Ms(0), Ms(1), Ms(2), Ms(3) }));
        Assert.That(logger.Collector.GetSnapshot().Where(r => r.Id.Id == 13), Is.Empty);
    }

    [Test]
    public async Task Rtm_TransportClosesWhileLoggedIn_TheDriverReconnects_AndLogsTheFailedAttempt()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var logger = new FakeLogger<RtmConnectionDriver>();
        var transport = new FakeTransport(time).Then(FakeTransport.Succeed).Then(FakeTransport.Fail).Then(FakeTransport.Succeed);
        await using var driver = new RtmConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(1)]), logger: logger);
        var login = machine.LoginAsync();
        time.Advance(TimeSpan.Zero);
        await login;

        time.Advance(Sec(1));
        transport.Sink!.Closed(new IOException("reset by peer"));
        time.Advance(Sec(1));

        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(1), Sec(2) }));
        Assert.That(logger.Collector.GetSnapshot().Single(r => r.Id.Id == 8).Exception!.Message, Is.EqualTo("connection refused"));
    }

    [Test]
    public async Task Rtm_TransportClosesWhileLoggedOut_NothingHappens()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(FakeTransport.Succeed);
        await using var driver = new RtmConnectionDriver(machine, transport);
        var login = machine.LoginAsync();
        time.Advance(TimeSpan.Zero);
        await login;
        await machine.LogoutAsync();

        transport.Sink!.Closed(null);
        time.Advance(Min(1));

        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { Sec(0) }));
        Assert.That(driver.IsConnecting, Is.False);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference DisposedDriver(RtcConnectionStateMachine machine, FakeTimeProvider time)
    {
        var driver = new RtcConnectionDriver(machine, new FakeTransport(time));
        driver.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new WeakReference(driver);
    }

    /// <summary>A clock that counts the timers created on it and not disposed; optionally its timers ignore their dispose.</summary>
    private sealed class TimerLedger(FakeTimeProvider inner) : ITimeProvider
    {
        private int _created;
        private int _undisposed;

        public bool KeepFiringAfterDispose { get; init; }

        public int Created => Volatile.Read(ref _created);

        public int Undisposed => Volatile.Read(ref _undisposed);

        public long TimestampFrequency => inner.TimestampFrequency;

        public DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public long GetTimestamp() => inner.GetTimestamp();

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _created);
            Interlocked.Increment(ref _undisposed);
            return new Timer(this, ((ITimeProvider)inner).CreateTimer(callback, state, dueTime, period));
        }

        private sealed class Timer(TimerLedger owner, ITimer inner) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref owner._undisposed);
                    if (!owner.KeepFiringAfterDispose)
                    {
                        inner.Dispose();
                    }
                }
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}
