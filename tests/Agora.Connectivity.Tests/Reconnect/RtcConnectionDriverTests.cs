using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reconnect;

public class RtcConnectionDriverTests
{
    private FakeTimeProvider _time = null!;
    private RtcConnectionStateMachine _machine = null!;
    private FakeTransport _transport = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _machine = new RtcConnectionStateMachine(timeProvider: _time);
        _transport = new FakeTransport(_time);
    }

    [TearDown]
    public void TearDown() => _machine.Dispose();

    [Test]
    public void DefaultPolicy_FirstConnectRetried_AtGrpcBackoffTimes()
    {
        // Jitter draws 0.75 each time: +10 % on every gap after the first.
        using var driver = new RtcConnectionDriver(_machine, _transport, new ExponentialBackoffPolicy(new FixedRandom(0.75)));

        _machine.JoinChannel();
        _time.Advance(Sec(11));

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(1), TimeSpan.FromTicks(27_600_000), TimeSpan.FromTicks(55_760_000), TimeSpan.FromTicks(100_816_000) }));
        Assert.That(_machine.State, Is.EqualTo(ConnectionState.Connecting));
    }

    [Test]
    public void DefaultPolicy_JitterBelowAndAbove()
    {
        var low = new ExponentialBackoffPolicy(new FixedRandom(0));
        var high = new ExponentialBackoffPolicy(new FixedRandom(0.999999999));
        var third = new ReconnectContext(2, Sec(1), TimeSpan.Zero, null);

        Assert.That(low.NextRetryDelay(third), Is.EqualTo(Sec(1.6 * 0.8)));
        Assert.That(high.NextRetryDelay(third)!.Value.TotalSeconds, Is.EqualTo(1.6 * 1.2).Within(1e-6));
    }

    [Test]
    public void DefaultPolicy_GapCountsFromTheAttemptsStart_AndCapsAt120s()
    {
        var policy = new ExponentialBackoffPolicy(new FixedRandom(0.5));

        Assert.Multiple(() =>
        {
            Assert.That(policy.NextRetryDelay(new ReconnectContext(1, Sec(0.3), Sec(0.3), null)), Is.EqualTo(Sec(0.7)));
            Assert.That(policy.NextRetryDelay(new ReconnectContext(1, Sec(5), Sec(5), null)), Is.EqualTo(TimeSpan.Zero));
            Assert.That(policy.NextRetryDelay(new ReconnectContext(40, Min(30), TimeSpan.Zero, null)), Is.EqualTo(Sec(120)));
            Assert.That(policy.AttemptTimeout(new ReconnectContext(0, TimeSpan.Zero, TimeSpan.Zero, null)), Is.EqualTo(Sec(20)));
            Assert.That(policy.AttemptTimeout(new ReconnectContext(40, Min(30), TimeSpan.Zero, null)), Is.EqualTo(Sec(120)));
            Assert.That((policy.InitialBackoff, policy.Multiplier, policy.Jitter, policy.MaxBackoff, policy.MinConnectTimeout), Is.EqualTo((Sec(1), 1.6, 0.2, Sec(120), Sec(20))));
        });
    }

    [Test]
    public void FixedPolicy_SignalRDelays_ThenStops()
    {
        var logger = new FakeLogger<RtcConnectionDriver>();
        using var driver = new RtcConnectionDriver(_machine, _transport, new FixedDelaysPolicy(), logger: logger);

        _machine.JoinChannel();
        _time.Advance(Min(5));

        // SignalR's 0, 2, 10, 30 s; a zero delay waits ConnectionDriverCore.MinimumRetryDelay (1 ms), so a transport that fails at once cannot spin.
        var ms = Ms(1);
        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), ms, Sec(2) + ms, Sec(12) + ms, Sec(42) + ms }));
        Assert.That(driver.IsConnecting, Is.False);
        Assert.That(logger.Entries.Last(), Is.EqualTo(new LogEntry(LogLevel.Warning, 9, "RetriesStopped", "RtcConnectionDriver: the reconnect policy stopped retrying after 5 attempts and 00:00:42.0010000.", null)));
    }

    [Test]
    public void FixedPolicy_RepeatLast_KeepsTrying()
    {
        using var driver = new RtcConnectionDriver(_machine, _transport, new FixedDelaysPolicy([Sec(1), Sec(5)], repeatLast: true));

        _machine.JoinChannel();
        _time.Advance(Sec(17));

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(1), Sec(6), Sec(11), Sec(16) }));
    }

    [Test]
    public void Success_ReportsJoinSuccess_FramesKeepItConnected_AnInterruptionStartsANewEpisode()
    {
        _transport.Then(FakeTransport.Fail).Then(FakeTransport.Fail).Then(FakeTransport.Succeed);
        using var driver = new RtcConnectionDriver(_machine, _transport, new FixedDelaysPolicy([Sec(1)], repeatLast: true));
        var events = new EventRecorder(_machine, _time);

        _machine.JoinChannel();
        _time.Advance(Sec(2));
        for (var i = 0; i < 10; i++)
        {
            _transport.Sink!.FrameReceived();
            _time.Advance(Sec(1));
        }

        Assert.That(_machine.State, Is.EqualTo(ConnectionState.Connected));
        _time.Advance(Sec(4));

        Assert.That(events.Events.OfType<ConnectionStateChanged>().Select(e => (e.Timestamp - _time.Start, e.State)), Is.EqualTo(new[]
        {
            (Sec(0), ConnectionState.Connecting),
            (Sec(2), ConnectionState.Connected),
            (Sec(15), ConnectionState.Reconnecting),
        }));
        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(1), Sec(2), Sec(15), Sec(16) }));
    }

    [Test]
    public void RejoinAfterInterruption_ReportsRejoin()
    {
        _transport.Then(FakeTransport.Succeed).Then(FakeTransport.Fail).Then(FakeTransport.Succeed);
        using var driver = new RtcConnectionDriver(_machine, _transport, new FixedDelaysPolicy([Sec(3)]));
        var events = new EventRecorder(_machine, _time);
        _machine.JoinChannel();

        _time.Advance(Sec(10));

        Assert.That(events.Events.Select(e => e.GetType().Name), Is.EqualTo(new[]
        {
            "ConnectionStateChanged", "ConnectionStateChanged", "JoinChannelSucceeded",
            "ConnectionStateChanged", "ConnectionInterrupted", "ConnectionStateChanged", "RejoinChannelSucceeded",
        }));
        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(4), Sec(7) }));
    }

    [Test]
    public void AttemptTimeout_CancelsAHangingAttempt_AndRetries()
    {
        _transport.Otherwise = FakeTransport.Hang;
        using var driver = new RtcConnectionDriver(_machine, _transport, new FixedDelaysPolicy([Sec(1)], repeatLast: true, attemptTimeout: Sec(5)));

        _machine.JoinChannel();
        _time.Advance(Sec(13));

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(6), Sec(12) }));
        Assert.That(_transport.AttemptTokens[0].IsCancellationRequested, Is.True);
    }

    [TestCase(ConnectionChangedReason.InvalidToken)]
    [TestCase(ConnectionChangedReason.InvalidAppId)]
    public void FinalError_GoesStraightToJoinFailure_NoMoreAttempts(ConnectionChangedReason reason)
    {
        _transport.Then(FakeTransport.Fail).Then(_ => Task.FromException(new ConnectionRejectedException(reason)));
        using var driver = new RtcConnectionDriver(_machine, _transport, new FixedDelaysPolicy([Sec(1)], repeatLast: true));
        var events = new EventRecorder(_machine, _time);

        _machine.JoinChannel();
        _time.Advance(Min(1));

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(1) }));
        Assert.That(events.Events.Last(), Is.EqualTo(events.At(Sec(1), new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, reason))));
        Assert.That(_transport.Closes, Is.EqualTo(1));
    }

    [Test]
    public void FinalError_Banned_IsReportedAsABan()
    {
        _transport.Then(_ => Task.FromException(new ConnectionRejectedException(ConnectionChangedReason.BannedByServer)));
        using var driver = new RtcConnectionDriver(_machine, _transport);
        var events = new EventRecorder(_machine, _time);

        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);

        Assert.That(events.Events.Last(), Is.TypeOf<ConnectionBanned>());
    }

    [Test]
    public void CustomClassifier_DecidesWhatIsFinal()
    {
        _transport.Then(_ => Task.FromException(new UnauthorizedAccessException("401")));
        using var driver = new RtcConnectionDriver(_machine, _transport, classifyError: e => e is UnauthorizedAccessException ? ConnectionChangedReason.InvalidToken : null);

        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);

        Assert.That(_machine.State, Is.EqualTo(ConnectionState.Failed));
    }

    [Test]
    public void LeaveDuringAWait_StopsAtOnce_AndClosesTheTransport()
    {
        using var driver = new RtcConnectionDriver(_machine, _transport, new FixedDelaysPolicy([Sec(10)], repeatLast: true));
        _machine.JoinChannel();
        _time.Advance(Sec(3));

        _machine.LeaveChannel();
        _time.Advance(Min(5));

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0) }));
        Assert.That(_transport.Closes, Is.EqualTo(1));
        Assert.That(driver.IsConnecting, Is.False);
        Assert.That(_time.ScheduledTimerCount, Is.Zero);
    }

    [Test]
    public async Task DisposeDuringAnAttempt_CancelsIt_NoAttemptAfter()
    {
        _transport.Otherwise = FakeTransport.Hang;
        var driver = new RtcConnectionDriver(_machine, _transport, new FixedDelaysPolicy([Sec(1)], repeatLast: true));
        _machine.JoinChannel();
        _time.Advance(Sec(1));

        await driver.DisposeAsync();
        _time.Advance(Min(5));

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0) }));
        Assert.That(_transport.AttemptTokens[0].IsCancellationRequested, Is.True);
        Assert.That(_transport.Closes, Is.EqualTo(1));
        Assert.That(_machine.State, Is.EqualTo(ConnectionState.Connecting));
    }

    [Test]
    public void TransportClosed_WhileConnected_ReconnectsAtOnce()
    {
        _transport.Then(FakeTransport.Succeed).Then(FakeTransport.Succeed);
        using var driver = new RtcConnectionDriver(_machine, _transport);
        _machine.JoinChannel();
        _time.Advance(Sec(1));

        _transport.Sink!.Closed(new IOException("reset"));
        Assert.That(_transport.AttemptTimes, Has.Count.EqualTo(1), "the next attempt starts from a timer, not inside Closed");
        _time.Advance(TimeSpan.Zero);

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(1) }));
        Assert.That(_machine.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public void NoAttemptsOverlap_WhileOneIsRunning()
    {
        _transport.Otherwise = FakeTransport.Hang;
        using var driver = new RtcConnectionDriver(_machine, _transport);
        _machine.JoinChannel();
        _time.Advance(TimeSpan.Zero);

        _transport.Sink!.Closed(null);
        _time.Advance(Sec(10));

        Assert.That(_transport.AttemptTimes, Is.EqualTo(new[] { Sec(0) }));
    }

    [Test]
    public void Policies_RejectBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExponentialBackoffPolicy(TimeSpan.Zero, 1.6, 0.2, Sec(120), Sec(20)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExponentialBackoffPolicy(Sec(1), 0.5, 0.2, Sec(120), Sec(20)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExponentialBackoffPolicy(Sec(1), 1.6, 1.5, Sec(120), Sec(20)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExponentialBackoffPolicy(Sec(10), 1.6, 0.2, Sec(1), Sec(20)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExponentialBackoffPolicy(Sec(1), 1.6, 0.2, Sec(120), TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => _ = new FixedDelaysPolicy([]));
        Assert.Throws<ArgumentException>(() => _ = new FixedDelaysPolicy([Sec(-1)]));
        Assert.Throws<ArgumentException>(() => _ = new FixedDelaysPolicy([Sec(1)], attemptTimeout: TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => _ = new RtcConnectionDriver(_machine, null!));
        Assert.That(new FixedDelaysPolicy().Delays, Is.EqualTo(new[] { Sec(0), Sec(2), Sec(10), Sec(30) }));
    }
}
