using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtc;

public class RtcConnectionStateMachineTests
{
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    [Test]
    public void Flow_Current_Join_Connected_Interrupted_Lost_Failed()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);

        // T0: the app joins.
        machine.JoinChannel();
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Ms(0), new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting)),
        }));

        // T1 = T0 + 200 ms: the join is accepted (T3, the last server data, is this instant too).
        _time.Advance(Ms(200));
        machine.ReportJoinSuccess();
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Ms(200), new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            events.At(Ms(200), new JoinChannelSucceeded()),
        }));

        // T4 = T3 + 4 s: interrupted, not a tick earlier.
        _time.Advance(Sec(4) - Tick);
        Assert.That(events.Take(), Is.Empty);
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Ms(4200), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            events.At(Ms(4200), new ConnectionInterrupted()),
        }));

        // T5 = T4 + 10 s: lost; the state stays Reconnecting.
        _time.Advance(Sec(10) - Tick);
        Assert.That(events.Take(), Is.Empty);
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Ms(14_200), new ConnectionLost()) }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));

        // T7 = T4 + 20 min: failed, not a tick earlier.
        _time.Advance(Min(20) - Sec(10) - Tick);
        Assert.That(events.Take(), Is.Empty);
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Ms(4200) + Min(20), new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Failed, ConnectionChangedReason.JoinFailed)),
        }));

        // Nothing more happens on its own; the app must leave, then join.
        _time.Advance(TimeSpan.FromHours(5));
        Assert.That(events.Take(), Is.Empty);
        machine.LeaveChannel();
        machine.JoinChannel();
        var at = Ms(4200) + Min(20) + TimeSpan.FromHours(5);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(at, new ConnectionStateChanged(ConnectionState.Failed, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel)),
            events.At(at, new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting)),
        }));
        Assert.That(_time.TimerCount, Is.EqualTo(1), "at most one timer per machine");
    }

    [Test]
    public void Flow_Current_Interrupted_RejoinAt19Min59s_Connected_NoFailure()
    {
        using var machine = ConnectedMachine(out var events);

        _time.Advance(Sec(4));
        _time.Advance(Min(19) + Sec(59));
        machine.ReportJoinSuccess();
        _time.Advance(Sec(1));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(4), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            events.At(Sec(4), new ConnectionInterrupted()),
            events.At(Sec(14), new ConnectionLost()),
            events.At(Sec(4) + Min(19) + Sec(59), new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            events.At(Sec(4) + Min(19) + Sec(59), new RejoinChannelSucceeded()),
        }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public void Flow_Current_RejoinBeforeLost_NoLost_ThenASecondInterruptionCountsAfresh()
    {
        using var machine = ConnectedMachine(out var events);

        _time.Advance(Sec(6));
        machine.ReportJoinSuccess();
        _time.Advance(Sec(4) - Tick);
        machine.ReportServerActivity();
        _time.Advance(Sec(4));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(4), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            events.At(Sec(4), new ConnectionInterrupted()),
            events.At(Sec(6), new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            events.At(Sec(6), new RejoinChannelSucceeded()),
            events.At(Sec(14) - Tick, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            events.At(Sec(14) - Tick, new ConnectionInterrupted()),
        }));
    }

    [Test]
    public void ServerActivity_At3900ms_PushesTheInterruptionTo7900ms()
    {
        using var machine = ConnectedMachine(out var events);

        _time.Advance(Ms(3900));
        machine.ReportServerActivity();
        _time.Advance(Ms(3999));
        Assert.That(events.Take(), Is.Empty);
        _time.Advance(Ms(1));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Ms(7900), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            events.At(Ms(7900), new ConnectionInterrupted()),
        }));
    }

    [Test]
    public void LeaveChannel_DuringReconnecting_SilencesEveryPendingTimer()
    {
        using var machine = ConnectedMachine(out var events);
        _time.Advance(Sec(5));
        events.Take();

        machine.LeaveChannel();
        _time.Advance(TimeSpan.FromHours(1));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(5), new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel)),
        }));
        Assert.That(_time.ScheduledTimerCount, Is.Zero);
    }

    [Test]
    public void LeaveChannel_WhenDisconnected_DoesNothing()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);

        machine.LeaveChannel();

        Assert.That(events.Take(), Is.Empty);
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Disconnected));
    }

    [Test]
    public void Flow_Current_JoinNeverAccepted_LostAfter10Seconds_FailsAfter20Minutes()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        machine.JoinChannel();
        events.Take();

        // onConnectionLost: "cannot connect to the server 10 seconds after calling joinChannel"; still Connecting.
        _time.Advance(Sec(10) - Tick);
        Assert.That(events.Take(), Is.Empty);
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Sec(10), new ConnectionLost()) }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connecting));

        _time.Advance(Min(20) - Sec(10) - Tick);
        Assert.That(events.Take(), Is.Empty);
        _time.Advance(Tick);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Min(20), new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.JoinFailed)),
        }));
    }

    [Test]
    public void Flow_Legacy_Interrupted_LostAtT3Plus10s_NeverFails_Rejoins()
    {
        using var machine = ConnectedMachine(out var events, new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy });

        _time.Advance(Sec(10) - Tick);
        Assert.That(events.Take(), Has.Count.EqualTo(2));
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Sec(10), new ConnectionLost()) }));

        _time.Advance(TimeSpan.FromHours(2));
        Assert.That(events.Take(), Is.Empty);
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));

        machine.ReportJoinSuccess();
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(10) + TimeSpan.FromHours(2), new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            events.At(Sec(10) + TimeSpan.FromHours(2), new RejoinChannelSucceeded()),
        }));
    }

    [Test]
    public void Flow_Legacy_InterruptionRaisesTheStateChangeAndTheFact()
    {
        using var machine = ConnectedMachine(out var events, new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy });

        _time.Advance(Sec(4));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(4), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            events.At(Sec(4), new ConnectionInterrupted()),
        }));
    }

    [Test]
    public void Flow_Legacy_JoinNeverAccepted_NeverFails()
    {
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy }, _time);
        machine.JoinChannel();

        _time.Advance(TimeSpan.FromHours(3));

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connecting));
        Assert.That(_time.ScheduledTimerCount, Is.Zero);
    }

    [Test]
    public void Flow_CustomTimeouts_AreUsed()
    {
        var options = new RtcConnectionOptions { InterruptionTimeout = Ms(300), ConnectionLostTimeout = Ms(500), ReconnectFailureTimeout = Sec(2) };
        using var machine = ConnectedMachine(out var events, options);

        _time.Advance(Sec(10));

        Assert.That(events.Take().Select(e => e.Timestamp - _time.Start), Is.EqualTo(new[] { Ms(300), Ms(300), Ms(800), Ms(2300) }));
    }

    [TestCase(ConnectionChangedReason.InvalidToken)]
    [TestCase(ConnectionChangedReason.InvalidAppId)]
    [TestCase(ConnectionChangedReason.RejectedByServer)]
    public void ReportJoinFailure_WhileConnecting_FailsWithThatReason(ConnectionChangedReason reason)
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        machine.JoinChannel();
        events.Take();

        machine.ReportJoinFailure(reason);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, reason)),
        }));
    }

    [Test]
    public void ReportJoinFailure_UndefinedReason_Throws()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);

        Assert.Throws<ArgumentOutOfRangeException>(() => machine.ReportJoinFailure((ConnectionChangedReason)99));
    }

    [Test]
    public void ReportBanned_WhileConnected_FailsAndRaisesBanned()
    {
        using var machine = ConnectedMachine(out var events);
        _time.Advance(Sec(1));

        machine.ReportBanned();

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(1), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.BannedByServer)),
            events.At(Sec(1), new ConnectionBanned()),
        }));
    }

    [TestCase(ConnectionState.Connecting)]
    [TestCase(ConnectionState.Connected)]
    [TestCase(ConnectionState.Reconnecting)]
    [TestCase(ConnectionState.Failed)]
    public void JoinChannel_WhenNotDisconnected_ThrowsNamingTheStateAndTheWayOut(ConnectionState state)
    {
        using var machine = MachineIn(state);

        var error = Assert.Throws<InvalidOperationException>(machine.JoinChannel);

        Assert.That(error!.Message, Is.EqualTo(
            $"JoinChannel is not allowed in state {state}; it is allowed only in state Disconnected. Call LeaveChannel first, then JoinChannel."));
        Assert.That(machine.State, Is.EqualTo(state));
    }

    [TestCase(ConnectionState.Disconnected)]
    [TestCase(ConnectionState.Failed)]
    public void LateReports_AreIgnored_EachWarnedOfOnce_ThenLoggedAtDebug(ConnectionState state)
    {
        var logger = new FakeLogger<RtcConnectionStateMachine>();
        using var machine = MachineIn(state, logger);
        var events = new EventRecorder(machine, _time);
        var logged = logger.Entries.Count;

        machine.ReportJoinSuccess();
        machine.ReportJoinFailure(ConnectionChangedReason.InvalidToken);
        machine.ReportBanned();
        machine.ReportServerActivity();
        machine.ReportJoinSuccess();

        Assert.That(events.Take(), Is.Empty);
        Assert.That(machine.State, Is.EqualTo(state));
        var ignored = logger.Entries.Skip(logged).ToList();
        // The state has no rule for them: each report's first time is a warning (issue 38: a likely wiring mistake), then Debug.
        Assert.That(ignored.Select(e => (e.Level, e.EventId)), Is.EqualTo(new[] { (LogLevel.Warning, 17), (LogLevel.Warning, 17), (LogLevel.Warning, 17), (LogLevel.Debug, 3) }));
        Assert.That(ignored.Select(e => e.Message.Split(": ")[1] is { } said && e.Level == LogLevel.Warning ? $"RtcConnectionStateMachine: {said}" : e.Message), Is.EqualTo(new[]
        {
            $"RtcConnectionStateMachine: ReportJoinSuccess was reported in state {state}, which has no rule for it, and is ignored",
            $"RtcConnectionStateMachine: ReportJoinFailure was reported in state {state}, which has no rule for it, and is ignored",
            $"RtcConnectionStateMachine: ReportBanned was reported in state {state}, which has no rule for it, and is ignored",
            $"RtcConnectionStateMachine: ignored ReportJoinSuccess, which state {state} does not act on.",
        }));
    }

    [Test]
    public void Logging_FullTimeline_TransitionsAtInformation_DeadlinesAtDebug()
    {
        var logger = new FakeLogger<RtcConnectionStateMachine>();
        using var machine = new RtcConnectionStateMachine(timeProvider: _time, logger: logger);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        _time.Advance(Min(21));

        Assert.That(logger.Entries.Select(e => (e.Level, e.EventName, e.Message)), Is.EqualTo(new[]
        {
            (LogLevel.Information, "StateChanged", "RtcConnectionStateMachine: Disconnected -> Connecting (Connecting)."),
            (LogLevel.Information, "StateChanged", "RtcConnectionStateMachine: Connecting -> Connected (JoinSuccess)."),
            (LogLevel.Debug, "DeadlineReached", "RtcConnectionStateMachine: the ServerSilence deadline was reached in state Connected."),
            (LogLevel.Information, "StateChanged", "RtcConnectionStateMachine: Connected -> Reconnecting (Interrupted)."),
            (LogLevel.Debug, "DeadlineReached", "RtcConnectionStateMachine: the LostDeadline deadline was reached in state Reconnecting."),
            (LogLevel.Debug, "DeadlineReached", "RtcConnectionStateMachine: the FailureDeadline deadline was reached in state Reconnecting."),
            (LogLevel.Information, "StateChanged", "RtcConnectionStateMachine: Reconnecting -> Failed (JoinFailed)."),
        }));
    }

    [Test]
    public void ReportJoinSuccess_WhileConnected_CountsAsServerData()
    {
        using var machine = ConnectedMachine(out var events);
        _time.Advance(Sec(3));

        machine.ReportJoinSuccess();
        _time.Advance(Sec(4) - Tick);

        Assert.That(events.Take(), Is.Empty);
    }

    [Test]
    public void Handler_CallingLeaveChannel_RunsAfterTheTransitionsEvents()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        var stateInsideHandler = new List<ConnectionState>();
        machine.EventRaised += (_, e) =>
        {
            if (e is ConnectionStateChanged { State: ConnectionState.Connected })
            {
                machine.LeaveChannel();
                stateInsideHandler.Add(machine.State);
            }
        };
        machine.JoinChannel();

        machine.ReportJoinSuccess();

        Assert.That(events.Take().Skip(1), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess)),
            events.At(TimeSpan.Zero, new JoinChannelSucceeded()),
            events.At(TimeSpan.Zero, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel)),
        }));
        Assert.That(stateInsideHandler, Is.EqualTo(new[] { ConnectionState.Connected }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Disconnected));
    }

    [Test]
    public void Handler_CallingJoinChannelInTheWrongState_IsJudgedWhenItRuns_RejectedAndLogged()
    {
        var logger = new FakeLogger<RtcConnectionStateMachine>();
        using var machine = new RtcConnectionStateMachine(timeProvider: _time, logger: logger);
        Exception? caught = null;
        machine.EventRaised += (_, e) =>
        {
            if (e is JoinChannelSucceeded)
            {
                try
                {
                    machine.JoinChannel();
                }
                catch (InvalidOperationException error)
                {
                    caught = error;
                }
            }
        };
        machine.JoinChannel();

        machine.ReportJoinSuccess();

        Assert.That(caught, Is.Null, "a call from a handler is queued, not judged at once");
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(logger.Entries.Where(e => e.EventName == "DeferredCallRejected").Select(e => (e.Level, e.EventId)), Is.EqualTo(new[] { (LogLevel.Warning, 5) }));
    }

    [Test]
    public void Handler_OfFailed_LeavesAndJoinsAgain_TheDocumentedRecovery()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        machine.EventRaised += (_, e) =>
        {
            if (e is ConnectionStateChanged { State: ConnectionState.Failed })
            {
                machine.LeaveChannel();
                machine.JoinChannel();
            }
        };
        machine.JoinChannel();

        machine.ReportJoinFailure(ConnectionChangedReason.InvalidToken);

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connecting));
        Assert.That(events.Events.OfType<ConnectionStateChanged>().Select(e => $"{e.PreviousState}->{e.State}"), Is.EqualTo(new[]
        {
            "Disconnected->Connecting", "Connecting->Failed", "Failed->Disconnected", "Disconnected->Connecting",
        }));
    }

    [Test]
    public void Handler_OfTokenExpired_RenewsFromTheHandler_AfterALeave_IsRejectedAndLogged()
    {
        var logger = new FakeLogger<RtcConnectionStateMachine>();
        using var machine = new RtcConnectionStateMachine(timeProvider: _time, logger: logger);
        machine.EventRaised += (_, e) =>
        {
            if (e is TokenPrivilegeExpired)
            {
                machine.LeaveChannel();
                machine.RenewToken(_time.GetUtcNow() + Min(5)); // judged in Disconnected, where it is not allowed
            }
        };

        machine.JoinChannel(_time.GetUtcNow());

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Disconnected));
        Assert.That(logger.Entries.Count(e => e.EventName == "DeferredCallRejected"), Is.EqualTo(1));
    }

    [Test]
    public void Handler_Throwing_DoesNotStopOtherHandlersOrTheMachine()
    {
        var logger = new FakeLogger<RtcConnectionStateMachine>();
        using var machine = new RtcConnectionStateMachine(timeProvider: _time, logger: logger);
        machine.EventRaised += (_, _) => throw new InvalidOperationException("handler bug");
        var events = new EventRecorder(machine, _time);

        machine.JoinChannel();
        machine.ReportJoinSuccess();
        _time.Advance(Sec(4));

        Assert.That(events.Take(), Has.Count.EqualTo(5));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
        Assert.That(logger.Entries.Count(e => e.EventId == 4 && e.Level == LogLevel.Error), Is.EqualTo(5));
    }

    [Test]
    public void Dispose_StopsEverything_CommandsThrow_ReportsAreIgnored()
    {
        var machine = ConnectedMachine(out var events);

        machine.Dispose();
        machine.Dispose();
        machine.ReportServerActivity();
        machine.ReportJoinSuccess();
        machine.ReportBanned();
        machine.ReportJoinFailure(ConnectionChangedReason.InvalidToken);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.Throws<ObjectDisposedException>(machine.JoinChannel);
            Assert.Throws<ObjectDisposedException>(machine.LeaveChannel);
            Assert.That(events.Take(), Is.Empty);
            Assert.That(_time.TimerCount, Is.Zero);
            Assert.That(machine.WaitForStateAsync(ConnectionState.Failed).Exception?.InnerException, Is.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public void Dispose_FromHandler_NothingMoreIsRaised()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        var seen = new List<ConnectivityEvent>();
        machine.EventRaised += (_, e) =>
        {
            seen.Add(e);
            machine.Dispose();
        };
        machine.JoinChannel();

        Assert.That(() => machine.ReportJoinSuccess(), Throws.Nothing);
        Assert.That(seen, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task WaitForStateAsync_AlreadyThere_CompletesAtOnce()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);

        var wait = machine.WaitForStateAsync(ConnectionState.Disconnected);

        Assert.That(wait.IsCompletedSuccessfully, Is.True);
        await wait;
    }

    [Test]
    public async Task WaitForStateAsync_CompletesWhenReached()
    {
        using var machine = ConnectedMachine(out _);
        var wait = machine.WaitForStateAsync(ConnectionState.Reconnecting);
        Assert.That(wait.IsCompleted, Is.False);

        _time.Advance(Sec(4));

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
    }

    [Test]
    public void WaitForStateAsync_Cancelled_IsCanceled()
    {
        using var machine = ConnectedMachine(out _);
        using var cancellation = new CancellationTokenSource();
        var wait = machine.WaitForStateAsync(ConnectionState.Failed, cancellation.Token);

        cancellation.Cancel();

        Assert.That(() => wait.Wait(TimeSpan.FromSeconds(10)), Throws.InstanceOf<AggregateException>().With.InnerException.InstanceOf<TaskCanceledException>());
        Assert.That(machine.WaitForStateAsync(ConnectionState.Failed, cancellation.Token).IsCanceled, Is.True);
    }

    [Test]
    public void WaitForStateAsync_DisposedFirst_FaultsWithObjectDisposed()
    {
        var machine = ConnectedMachine(out _);
        var wait = machine.WaitForStateAsync(ConnectionState.Failed);

        machine.Dispose();

        Assert.That(() => wait.Wait(TimeSpan.FromSeconds(10)), Throws.InstanceOf<AggregateException>().With.InnerException.InstanceOf<ObjectDisposedException>());
    }

    private RtcConnectionStateMachine ConnectedMachine(out EventRecorder events, RtcConnectionOptions? options = null)
    {
        var machine = new RtcConnectionStateMachine(options, _time);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        events = new EventRecorder(machine, _time);
        return machine;
    }

    private RtcConnectionStateMachine MachineIn(ConnectionState state, ILogger<RtcConnectionStateMachine>? logger = null)
    {
        var machine = new RtcConnectionStateMachine(timeProvider: _time, logger: logger);
        if (state == ConnectionState.Disconnected)
        {
            return machine;
        }

        machine.JoinChannel();
        if (state == ConnectionState.Connecting)
        {
            return machine;
        }

        if (state == ConnectionState.Failed)
        {
            machine.ReportJoinFailure(ConnectionChangedReason.InvalidToken);
            return machine;
        }

        machine.ReportJoinSuccess();
        if (state == ConnectionState.Reconnecting)
        {
            _time.Advance(Sec(4));
        }

        return machine;
    }
}
