using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reconnect;

/// <summary>
/// The driver's promises at their edges, on fake time, with its log read through Microsoft's <see cref="FakeLogger{T}"/>:
/// attempt timeouts (finite, infinite, under the 1 ms floor), clamped delays, one episode at a time, what dispose
/// closes and unhooks, and a transport whose close throws.
/// </summary>
public class DriverContractTests
{
    private FakeTimeProvider _time = null!;
    private RtcConnectionStateMachine _machine = null!;
    private FakeTransport _transport = null!;
    private FakeLogger<RtcConnectionDriver> _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _machine = new RtcConnectionStateMachine(timeProvider: _time);
        _transport = new FakeTransport(_time);
        _logger = new FakeLogger<RtcConnectionDriver>();
    }

    [TearDown]
    public void TearDown() => _machine.Dispose();

    [Test]
    public async Task AttemptTimeout_CancelsAHangingAttemptAtItsInstant_AndLogsATimeout()
    {
        _transport.Otherwise = FakeTransport.Hang;
        await using var driver = Driver(new Policy(retry: Sec(10), timeout: Sec(2)));

        _machine.JoinChannel();
        _time.Advance(Sec(2) - Tick);
        Assert.That(_transport.AttemptTokens.Single().IsCancellationRequested, Is.False);
        _time.Advance(Tick);

        Assert.That(_transport.AttemptTokens.Single().IsCancellationRequested, Is.True);
        var failed = _logger.Collector.GetSnapshot().Single(r => r.Id.Id == 8);
        Assert.That(failed.Exception, Is.TypeOf<TimeoutException>());
        Assert.That(failed.Exception!.Message, Is.EqualTo("Connection attempt 1 timed out after 00:00:02."));
    }

    [Test]
    public async Task AttemptTimeout_Infinite_NeverCancels()
    {
        _transport.Otherwise = FakeTransport.Hang;
        await using var driver = Driver(new Policy(retry: Sec(10), timeout: Timeout.InfiniteTimeSpan));

        _machine.JoinChannel();
        _time.Advance(Min(19));

        Assert.That(_transport.AttemptTokens.Single().IsCancellationRequested, Is.False);
    }

    [Test]
    public async Task AttemptTimeout_UnderTheFloor_WaitsTheFloor()
    {
        _transport.Otherwise = FakeTransport.Hang;
        await using var driver = Driver(new Policy(retry: Sec(10), timeout: Tick));

        _machine.JoinChannel();
        _time.Advance(Ms(1) - Tick);
        Assert.That(_transport.AttemptTokens.Single().IsCancellationRequested, Is.False);
        _time.Advance(Tick);

        Assert.That(_transport.AttemptTokens.Single().IsCancellationRequested, Is.True);
    }

    [Test]
    public async Task RetryDelay_AtTheTimersLimit_IsUsedAsIs_OneTickMore_IsClampedAndLogged()
    {
        var limit = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);
        await using (Driver(new Policy(retry: limit, timeout: Sec(1))))
        {
            _machine.JoinChannel();
            _time.Advance(TimeSpan.Zero);
        }

        Assert.That(_logger.Collector.GetSnapshot().Where(r => r.Id.Id == 13), Is.Empty);

        _machine.LeaveChannel();
        await using (Driver(new Policy(retry: limit + Tick, timeout: Sec(1))))
        {
            _machine.JoinChannel();
            _time.Advance(TimeSpan.Zero);
        }

        Assert.That(_logger.Collector.GetSnapshot().Single(r => r.Id.Id == 13).Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Test]
    public async Task Closed_WhileAnEpisodeRuns_DoesNotStartASecond()
    {
        _transport.Then(FakeTransport.Succeed);
        await using var driver = Driver(new Policy(retry: Sec(5), timeout: Sec(1)));
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);
        Assert.That(_machine.State, Is.EqualTo(ConnectionState.Connected));

        _transport.Sink!.Closed(new IOException("reset")); // starts an episode: its first attempt fails, the next is due at 5 s
        _time.Advance(TimeSpan.Zero);
        _time.Advance(Sec(1));
        _transport.Sink.Closed(new IOException("reset again"));
        _time.Advance(Sec(5));

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(0), Sec(5) }));
    }

    [Test]
    public async Task JoinAcceptedByTheApp_StopsTheRetries()
    {
        await using var driver = Driver(new Policy(retry: Sec(2), timeout: Sec(1)));
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);

        _time.Advance(Sec(1));
        _machine.ReportJoinSuccess(); // the next attempt was due at 2 s; the connection is interrupted at 5 s
        _time.Advance(Sec(3.5));

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0) }));
        Assert.That(driver.IsConnecting, Is.False);
    }

    [Test]
    public async Task Episode_EndsWhenAccepted_Refused_OrThePolicyStops()
    {
        await using var accepted = Driver(new Policy(retry: Sec(5), timeout: Sec(1)));
        _transport.Then(FakeTransport.Succeed);
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);
        Assert.That(accepted.IsConnecting, Is.False);
        await accepted.DisposeAsync();
        _machine.LeaveChannel();

        await using var refused = Driver(new Policy(retry: Sec(5), timeout: Sec(1)));
        _transport.Then(_ => Task.FromException(new ConnectionRejectedException(ConnectionChangedReason.InvalidToken)));
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);
        Assert.That(refused.IsConnecting, Is.False);
        Assert.That(_machine.State, Is.EqualTo(ConnectionState.Failed));
        await refused.DisposeAsync();
        _machine.LeaveChannel();

        await using var stopped = Driver(new Policy(retry: null, timeout: Sec(1)));
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);
        Assert.That(stopped.IsConnecting, Is.False);
        Assert.That(_logger.Collector.GetSnapshot().Count(r => r.Id.Id == 9), Is.EqualTo(1));
    }

    [Test]
    public async Task Dispose_ClosesOnce_AndUnhooks_FromTheMachinesEventsAndItsDispose()
    {
        var driver = Driver(new Policy(retry: Sec(5), timeout: Sec(1)));

        await driver.DisposeAsync();
        await driver.DisposeAsync();
        _machine.JoinChannel();
        _time.Advance(Sec(30));
        _machine.Dispose();

        Assert.That(_transport.Closes, Is.EqualTo(1));
        Assert.That(_transport.AttemptTimes, Is.Empty);
        Assert.That(_logger.Collector.GetSnapshot().Where(r => r.Id.Id == 14), Is.Empty, "a disposed driver no longer hears the machine's dispose");
    }

    [Test]
    public async Task MachineDisposed_StopsTheDriver_LogsIt_AndClosesTheTransport()
    {
        await using var driver = Driver(new Policy(retry: Sec(5), timeout: Sec(1)));
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);

        _machine.Dispose();
        _time.Advance(Sec(30));

        Assert.That(_logger.Collector.GetSnapshot().Single(r => r.Id.Id == 14).Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Information));
        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0) }));
        Assert.That(_transport.Closes, Is.EqualTo(1));
    }

    [Test]
    public async Task AcceptedJustAsTheAppLeft_TheUnwantedConnectionIsClosed()
    {
        var pending = new TaskCompletionSource<bool>();
        _transport.Then(_ => pending.Task);
        await using var driver = Driver(new Policy(retry: Sec(5), timeout: Sec(10)));
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);

        _machine.LeaveChannel(); // cancels the episode; this transport ignores the token and connects anyway
        Assert.That(_transport.Closes, Is.Zero, "the leave's close waits for the attempt in flight");
        pending.SetResult(true);

        Assert.That(_machine.State, Is.EqualTo(ConnectionState.Disconnected));
        Assert.That(_transport.Closes, Is.EqualTo(2), "the unwanted connection, then the leave's close");
    }

    [Test]
    public async Task TransportCloseThatThrows_IsLogged_AndTheDriverGoesOn()
    {
        var transport = new ThrowingCloseTransport(_transport);
        await using var driver = new RtcConnectionDriver(_machine, transport, new Policy(retry: Sec(5), timeout: Sec(1)), logger: _logger);
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);

        _machine.LeaveChannel();

        var logged = _logger.Collector.GetSnapshot().Single(r => r.Id.Id == 11);
        Assert.That(logged.Exception, Is.TypeOf<IOException>());
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);
        Assert.That(_transport.AttemptTimes, Has.Count.EqualTo(2));
    }

    private RtcConnectionDriver Driver(IReconnectPolicy policy) => new(_machine, _transport, policy, logger: _logger);

    private sealed class Policy(TimeSpan? retry, TimeSpan timeout) : IReconnectPolicy
    {
        public TimeSpan? NextRetryDelay(ReconnectContext context) => retry;

        public TimeSpan AttemptTimeout(ReconnectContext context) => timeout;
    }

    private sealed class ThrowingCloseTransport(FakeTransport inner) : IConnectionTransport
    {
        public Task ConnectAsync(IConnectionSink sink, CancellationToken cancellationToken) => inner.ConnectAsync(sink, cancellationToken);

        public Task CloseAsync() => Task.FromException(new IOException("already gone"));
    }
}

/// <summary>The constructors that take a plain <see cref="Microsoft.Extensions.Logging.ILogger"/>: it is used as it is, or wrapped under the machine's category.</summary>
public class PlainLoggerTests
{
    [Test]
    public void Machines_TakeAPlainLogger_AndNone()
    {
        var time = new FakeTimeProvider();
        var plain = new FakeLogger();
        using (var rtc = new RtcConnectionStateMachine(null, (TimeProvider)time, plain))
        {
            rtc.JoinChannel();
        }

        using (var rtm = new Agora.Connectivity.Rtm.RtmConnectionStateMachine(null, (TimeProvider)time, (Microsoft.Extensions.Logging.ILogger?)null))
        {
            _ = rtm.LoginAsync();
        }

        Assert.That(plain.Collector.GetSnapshot().Select(r => r.Message), Does.Contain("RtcConnectionStateMachine: Disconnected -> Connecting (Connecting)."));
    }
}
