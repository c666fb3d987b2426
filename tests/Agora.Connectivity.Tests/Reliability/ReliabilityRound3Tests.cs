using Agora.Connectivity.Internal;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// The defects of the third outside review (issue 27), each reproduced as it was reported: every test here failed on the
/// code before its fix. docs/reliability.md, "Third outside review", lists them.
/// </summary>
public class ReliabilityRound3Tests
{
    private const int Iterations = 3_000;

    // Item 1: JoinChannel checked the state, released the lock, and took it again to fire: a racing thread's join was fired in
    // Connecting, dropped, and logged as a call "made from an event handler".
    [Test]
    public void ThreeThreads_JoinAndLeave_EveryJoinEitherJoinsOrThrows_NoneIsDroppedSilently()
    {
        var logger = new FakeLogger<RtcConnectionStateMachine>();
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time, logger: logger);
        var connecting = 0;
        machine.EventRaised += (_, e) =>
        {
            if (e is ConnectionStateChanged { State: ConnectionState.Connecting })
            {
                Interlocked.Increment(ref connecting);
            }
        };
        var joined = 0;
        var refused = 0;

        RunOnThreads(3, thread =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                try
                {
                    if (thread == 0)
                    {
                        machine.JoinChannel();
                    }
                    else
                    {
                        machine.JoinChannel(time.GetUtcNow() + Min(60));
                    }

                    Interlocked.Increment(ref joined);
                }
                catch (InvalidOperationException error)
                {
                    Assert.That(error.Message, Does.StartWith("JoinChannel is not allowed in state "));
                    Interlocked.Increment(ref refused);
                }

                machine.LeaveChannel();
            }
        });

        Assert.That(logger.Entries.Where(e => e.EventName == "DeferredCallRejected"), Is.Empty, "no call was made from a handler");
        Assert.That(connecting, Is.EqualTo(joined), "every join that returned normally joined");
        Assert.That(joined + refused, Is.EqualTo(3 * Iterations));
    }

    [Test]
    public void RenewToken_RacingAJoinAndLeave_EitherRenewsOrThrows_NoneIsDroppedSilently()
    {
        var logger = new FakeLogger<RtcConnectionStateMachine>();
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time, logger: logger);
        var renewed = 0;
        var refused = 0;

        RunOnThreads(2, thread =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                if (thread == 0)
                {
                    machine.JoinChannel();
                    machine.LeaveChannel();
                    continue;
                }

                try
                {
                    machine.RenewToken(time.GetUtcNow() + Min(5));
                    Interlocked.Increment(ref renewed);
                }
                catch (InvalidOperationException error)
                {
                    Assert.That(error.Message, Does.StartWith("RenewToken is not allowed in state Disconnected"));
                    Interlocked.Increment(ref refused);
                }
            }
        });

        // How the two split depends on the interleaving; that each renewal was one or the other, and none was dropped, does not.
        TestContext.Out.WriteLine($"{renewed} renewed, {refused} refused");
        Assert.That(renewed + refused, Is.EqualTo(Iterations));
        Assert.That(logger.Entries.Where(e => e.EventName == "DeferredCallRejected"), Is.Empty);
    }

    [Test]
    public void ThreeThreads_LoginAndLogout_EveryLoginEitherRunsOrThrows_NoneFaultsAsIfFromAHandler()
    {
        var logger = new FakeLogger<RtmConnectionStateMachine>();
        using var machine = new RtmConnectionStateMachine(timeProvider: new FakeTimeProvider(), logger: logger);
        var started = new List<Task>();

        RunOnThreads(3, _ =>
        {
            for (var i = 0; i < Iterations / 3; i++)
            {
                try
                {
                    var login = machine.LoginAsync();
                    lock (started)
                    {
                        started.Add(login);
                    }
                }
                catch (InvalidOperationException error)
                {
                    Assert.That(error.Message, Does.StartWith("LoginAsync is not allowed in state "));
                }

                machine.ReportLoginSuccess();
                machine.LogoutAsync().Wait();
            }
        });

        Assert.That(logger.Entries.Where(e => e.EventName == "DeferredCallRejected"), Is.Empty);
        Assert.That(started, Is.Not.Empty);
        Assert.That(started.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException), Is.All.InstanceOf<RtmLoginException>(), "a login ends by success or by the logout, never as 'no longer allowed'");
    }

    [Test]
    public void Join_OnADisposedMachine_RacingItsDispose_ThrowsObjectDisposed_NeverReturnsWithoutJoining()
    {
        for (var i = 0; i < 200; i++)
        {
            var machine = new RtcConnectionStateMachine(timeProvider: new FakeTimeProvider());
            var dispose = Task.Run(machine.Dispose);
            try
            {
                machine.JoinChannel();
                Assert.That(machine.State, Is.EqualTo(ConnectionState.Connecting).Or.EqualTo(ConnectionState.Disconnected), "joined before the dispose");
            }
            catch (ObjectDisposedException)
            {
            }

            dispose.Wait();
        }
    }

    // Item 2: on a clock near the end of its range, a token's times saturated but the connection deadlines did not: once
    // "lost" had fired, join + 20 min wrapped negative, won "which is due first", and the token's deadlines never came.
    [Test]
    public void ClockTenMinutesFromItsEnd_FiveMinuteToken_LostThenWarnedThenExpired_AtTheirInstants()
    {
        var fake = new FakeTimeProvider();
        var clock = MovedClock.NearTheEnd(fake, Min(10));
        using var machine = new RtcConnectionStateMachine(timeProvider: clock);
        var recorder = new EventRecorder(machine, fake);
        var expiresAt = clock.GetUtcNow() + Min(5);

        machine.JoinChannel(expiresAt);
        fake.Advance(Sec(10));
        Assert.That(recorder.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(TimeSpan.Zero, new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting)),
            recorder.At(Sec(10), new ConnectionLost()),
        }));

        fake.Advance(Sec(260));
        Assert.That(recorder.Take(), Is.EqualTo(new ConnectivityEvent[] { recorder.At(Sec(270), new TokenPrivilegeWillExpire { TokenExpiresAt = expiresAt }) }));

        fake.Advance(Sec(30));
        Assert.That(recorder.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(Min(5), new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.TokenExpired)),
            recorder.At(Min(5), new TokenPrivilegeExpired { TokenExpiresAt = expiresAt }),
        }));
    }

    [Test]
    public void ClockTenMinutesFromItsEnd_Rtc_InterruptedAndLost_TheFailureBeyondTheEndNeverComes()
    {
        var fake = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: MovedClock.NearTheEnd(fake, Min(10)));
        var recorder = new EventRecorder(machine, fake);
        machine.JoinChannel();
        fake.Advance(Sec(1));
        machine.ReportJoinSuccess();

        fake.Advance(Min(9));

        Assert.That(recorder.Events.Skip(3), Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(Sec(5), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            recorder.At(Sec(5), new ConnectionInterrupted()),
            recorder.At(Sec(15), new ConnectionLost()),
        }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting), "T4 + 20 min lies past the clock's end");
    }

    [Test]
    public void ClockOneMinuteFromItsEnd_Rtm_LoginTimeout_ThenInterruptedAndPresenceExpired()
    {
        var fake = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: MovedClock.NearTheEnd(fake, Min(1)));
        var recorder = new EventRecorder(machine, fake);
        var first = machine.LoginAsync();
        fake.Advance(Sec(6));
        Assert.That(first.IsFaulted, Is.True);
        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();

        fake.Advance(Sec(40));

        Assert.That(recorder.Events.Select(e => (e.Timestamp - fake.Start, e.GetType().Name, (e as RtmConnectionStateChanged)?.Reason)), Is.EqualTo(new (TimeSpan, string, RtmConnectionChangeReason?)[]
        {
            (TimeSpan.Zero, nameof(RtmConnectionStateChanged), RtmConnectionChangeReason.Login),
            (Sec(6), nameof(RtmConnectionStateChanged), RtmConnectionChangeReason.LoginTimeout),
            (Sec(6), nameof(RtmConnectionStateChanged), RtmConnectionChangeReason.Login),
            (Sec(6), nameof(RtmConnectionStateChanged), RtmConnectionChangeReason.LoginSuccess),
            (Sec(10), nameof(RtmConnectionStateChanged), RtmConnectionChangeReason.Interrupted),
            (Sec(36), nameof(PresenceExpired), null),
        }));
    }

    [Test]
    public void ClockOneMinuteFromItsEnd_Tracker_OfflineAtTwentySeconds_TheServersLetGoBeyondTheEndNeverComes()
    {
        var fake = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: MovedClock.NearTheEnd(fake, Min(1)));
        var recorder = new EventRecorder(tracker, fake);
        tracker.ReportUserJoined(7);

        fake.Advance(Sec(50));

        Assert.That(recorder.Events, Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(TimeSpan.Zero, new RemoteUserJoined(7)),
            recorder.At(Sec(20), new RemoteUserOffline(7, UserOfflineReason.Dropped)),
        }));
    }

    [Test]
    public void DueAt_PastTheClocksEnd_Saturates_BeforeItIsExact()
    {
        var time = new FakeTimeProvider();

        Assert.That(TimeMath.DueAt(time, long.MaxValue - 10, TimeSpan.FromTicks(11)), Is.EqualTo(long.MaxValue));
        Assert.That(TimeMath.DueAt(time, long.MaxValue - 10, TimeSpan.FromTicks(10)), Is.EqualTo(long.MaxValue));
        Assert.That(TimeMath.DueAt(time, long.MaxValue - 10, TimeSpan.FromTicks(9)), Is.EqualTo(long.MaxValue - 1));
        Assert.That(TimeMath.ToTimestampUnits(new ScaledClock(time, 1_000_000_000), TimeSpan.MaxValue), Is.EqualTo(long.MaxValue), "a nanosecond clock saturates too");
    }

    // Item 3: a deadline's instant was computed from two reads (now, and the timestamp); a clock moved between them stamped
    // Reconnecting/Interrupted late, while the following ConnectionLost was anchored to the true due instant.
    [Test]
    public void ClockMovedWhileADeadlineIsStamped_ItsEventsCarryTheDueInstant()
    {
        var (fake, clock, machine, recorder) = JoiningOnAMovableClock();
        using var disposable = machine;
        machine.ReportJoinSuccess();
        recorder.Take();

        clock.MoveAtNextWallClockRead(Sec(2));
        fake.Advance(Sec(4));
        fake.Advance(Sec(8));

        Assert.That(clock.Moved, Is.EqualTo(Sec(2)));
        Assert.That(recorder.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(Sec(5), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            recorder.At(Sec(5), new ConnectionInterrupted()),
            recorder.At(Sec(15), new ConnectionLost()),
        }));
    }

    [Test]
    public void ClockMovedWhileATrackedUserGoesOffline_ItIsStampedAtItsDueInstant()
    {
        var fake = new FakeTimeProvider();
        var clock = new MovedClock(fake);
        using var tracker = new RemoteUserTracker(timeProvider: clock);
        var recorder = new EventRecorder(tracker, fake);
        tracker.ReportUserJoined(7);

        clock.MoveAtNextWallClockRead(Sec(3));
        fake.Advance(Sec(20));

        Assert.That(recorder.Events.Last(), Is.EqualTo(recorder.At(Sec(20), new RemoteUserOffline(7, UserOfflineReason.Dropped))));
    }

    // Item 4: ReportJoinSuccess stamped the server data before taking the lock and the transition when it ran: a clock moved
    // in between gave Connected@7s, JoinChannelSucceeded@7s, Reconnecting/Interrupted@5s.
    [Test]
    public void ClockMovedWhileAJoinIsAccepted_TheSilenceCountsFromTheConnectedInstant_NothingGoesBackwards()
    {
        var (fake, clock, machine, recorder) = JoiningOnAMovableClock();
        using var disposable = machine;

        clock.MoveAtNextWallClockRead(Sec(6));
        machine.ReportJoinSuccess();
        Assert.That(recorder.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(Sec(7), new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            recorder.At(Sec(7), new JoinChannelSucceeded()),
        }));

        fake.Advance(Sec(4));
        Assert.That(recorder.Take().First(), Is.EqualTo(recorder.At(Sec(11), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted))));
    }

    [Test]
    public void ClockMovedWhileALoginIsAccepted_TheSilenceCountsFromTheConnectedInstant()
    {
        var fake = new FakeTimeProvider();
        var clock = new MovedClock(fake);
        using var machine = new RtmConnectionStateMachine(timeProvider: clock);
        var recorder = new EventRecorder(machine, fake);
        _ = machine.LoginAsync();
        fake.Advance(Sec(1));

        clock.MoveAtNextWallClockRead(Sec(6));
        machine.ReportLoginSuccess();
        fake.Advance(Sec(4));

        Assert.That(recorder.Events.Skip(1), Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(Sec(7), new RtmConnectionStateChanged(RtmConnectionState.Connecting, RtmConnectionState.Connected, RtmConnectionChangeReason.LoginSuccess)),
            recorder.At(Sec(11), new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Reconnecting, RtmConnectionChangeReason.Interrupted)),
        }));
    }

    [Test]
    public void WallClockSetBackAnHour_EventsNeverCarryAnInstantEarlierThanTheOneBefore()
    {
        var fake = new FakeTimeProvider();
        var clock = new WallClockSetBack(fake);
        using var machine = new RtcConnectionStateMachine(timeProvider: clock);
        var recorder = new EventRecorder(machine, fake);
        machine.JoinChannel();
        fake.Advance(Sec(1));

        clock.Back = TimeSpan.FromHours(1);
        machine.ReportJoinSuccess();

        var stamps = recorder.Events.Select(e => e.Timestamp).ToList();
        Assert.That(stamps, Is.Ordered);
        Assert.That(stamps.Last(), Is.EqualTo(fake.Start), "held at the last instant raised until the wall clock passes it again");
    }

    // What made the earlier review's concurrency test fail about half the time: one fake clock advanced from another thread
    // while threads report and command. Every source raises its events in order, each at or after the one before.
    [Test]
    public void OneFakeClockAdvancedFromAnotherThread_WhileThreadsReportAndCommand_NoTimestampGoesBackwards()
    {
        var time = new FakeTimeProvider();
        using var rtc = new RtcConnectionStateMachine(timeProvider: time);
        using var rtm = new RtmConnectionStateMachine(timeProvider: time);
        var backwards = new List<string>();
        foreach (var source in new IConnectivityEventSource[] { rtc, rtm })
        {
            var last = DateTimeOffset.MinValue;
            source.EventRaised += (_, e) =>
            {
                if (e.Timestamp < last)
                {
                    lock (backwards)
                    {
                        backwards.Add($"{e} after {last:O}");
                    }
                }

                last = e.Timestamp;
            };
        }

        using var stop = new CancellationTokenSource();
        var advancing = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                time.Advance(Ms(700));
            }
        });
        RunOnThreads(2, thread =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                if (thread == 0)
                {
                    try
                    {
                        rtc.JoinChannel();
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    rtc.ReportJoinSuccess();
                    rtc.ReportServerActivity();
                    if (i % 7 == 0)
                    {
                        rtc.LeaveChannel();
                    }
                }
                else
                {
                    try
                    {
                        _ = rtm.LoginAsync();
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    rtm.ReportLoginSuccess();
                    if (i % 5 == 0)
                    {
                        rtm.LogoutAsync().Wait();
                    }
                }
            }
        });
        stop.Cancel();
        advancing.Wait();

        Assert.That(backwards, Is.Empty);
    }

    // A machine on a clock "another thread" can move, that joined at 0 and is still connecting at 1 s; its events so far taken.
    private static (FakeTimeProvider Fake, MovedClock Clock, RtcConnectionStateMachine Machine, EventRecorder Recorder) JoiningOnAMovableClock()
    {
        var fake = new FakeTimeProvider();
        var clock = new MovedClock(fake);
        var machine = new RtcConnectionStateMachine(timeProvider: clock);
        var recorder = new EventRecorder(machine, fake);
        machine.JoinChannel();
        fake.Advance(Sec(1));
        recorder.Take();
        return (fake, clock, machine, recorder);
    }

    private static void RunOnThreads(int count, Action<int> body)
    {
        using var start = new Barrier(count);
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                body(i);
            }
            catch (Exception error)
            {
                lock (errors)
                {
                    errors.Add(error);
                }
            }
        })).ToList();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.That(errors, Is.Empty);
    }

    /// <summary>A clock whose wall clock is set back (an NTP correction) while its monotonic timestamp goes on.</summary>
    private sealed class WallClockSetBack(FakeTimeProvider time) : ITimeProvider
    {
        public TimeSpan Back { get; set; }

        public long TimestampFrequency => TimeSpan.TicksPerSecond;

        public DateTimeOffset GetUtcNow() => time.GetUtcNow() - Back;

        public long GetTimestamp() => time.GetTimestamp();

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => ((ITimeProvider)time).CreateTimer(callback, state, dueTime, period);
    }
}
