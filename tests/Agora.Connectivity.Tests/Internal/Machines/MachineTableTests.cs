using System.Diagnostics.Metrics;
using System.Reflection;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Internal.Machines;

/// <summary>
/// The shared table's soundness by construction (issue 35, items 1-3): a call made inside a fire never nests in it and no event is
/// delivered under a lock; the engine answers nothing outside a fire; an ignore with a guard is judged by its guard.
/// </summary>
public class MachineTableTests
{
    [Test]
    public void AMeterListenerCallingTheSameMachineInsideAFire_RunsAfterTheFiresEvents_WhichNoLockHolds()
    {
        var time = new FakeTimeProvider();
        using var meters = new TestMeterFactory();
        using var machine = new RtcConnectionStateMachine(null, time, null, meters);
        var events = new List<string>();
        var lockHeldWhileDelivering = new List<string>();
        machine.EventRaised += (_, e) =>
        {
            events.Add(Describe(e));
            // Another thread can read the state unless this thread still holds the machine's lock.
            if (!Task.Run(() => machine.State).Wait(TimeSpan.FromSeconds(5)))
            {
                lockHeldWhileDelivering.Add(Describe(e));
            }
        };
        using var listener = Listen(meters, "agora.connectivity.interruptions", () => machine.LeaveChannel());
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        events.Clear();

        time.Advance(Sec(4));

        Assert.That(events, Is.EqualTo(new[]
        {
            "Connected->Reconnecting (Interrupted)",
            "ConnectionInterrupted",
            "Reconnecting->Disconnected (LeaveChannel)",
        }));
        Assert.That(lockHeldWhileDelivering, Is.Empty);
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Disconnected));
    }

    [Test]
    public void AMeterListenerCallingAnotherMachineInsideAFire_ThatMachineChangesAfterTheLockIsReleased()
    {
        var time = new FakeTimeProvider();
        using var meters = new TestMeterFactory();
        using var first = new RtcConnectionStateMachine(null, time, null, meters);
        using var second = new RtcConnectionStateMachine(time);
        var firstStateSeenBySecondsHandler = new List<ConnectionState?>();
        second.EventRaised += (_, _) =>
        {
            // Read on another thread: it would block while this thread held the first machine's lock.
            var read = Task.Run(() => first.State);
            firstStateSeenBySecondsHandler.Add(read.Wait(TimeSpan.FromSeconds(5)) ? read.Result : null);
        };
        using var listener = Listen(meters, "agora.connectivity.interruptions", () => second.JoinChannel());
        first.JoinChannel();
        first.ReportJoinSuccess();

        time.Advance(Sec(4));

        Assert.That(second.State, Is.EqualTo(ConnectionState.Connecting));
        Assert.That(firstStateSeenBySecondsHandler, Is.EqualTo(new ConnectionState?[] { ConnectionState.Reconnecting }));
    }

    [Test]
    public void ACallIntoAnotherMachineInsideAFire_RunsOnce_NotAgainAfterTheNextChangeOnThisThread()
    {
        var time = new FakeTimeProvider();
        using var meters = new TestMeterFactory();
        var secondsLog = new Microsoft.Extensions.Logging.Testing.FakeLogger<RtcConnectionStateMachine>();
        using var first = new RtcConnectionStateMachine(null, time, null, meters);
        using var second = new RtcConnectionStateMachine(null, time, secondsLog, null);
        var joins = 0;
        second.EventRaised += (_, e) => joins += e is ConnectionStateChanged { State: ConnectionState.Connecting } ? 1 : 0;
        var called = false;
        using var listener = Listen(meters, "agora.connectivity.interruptions", () =>
        {
            if (!called)
            {
                called = true;
                second.JoinChannel();
            }
        });
        first.JoinChannel();
        first.ReportJoinSuccess();
        time.Advance(Sec(4));   // interrupted: the listener's join is set aside and runs after the fire
        first.LeaveChannel();   // the next change on this thread has nothing set aside
        first.JoinChannel();

        Assert.That(joins, Is.EqualTo(1));
        Assert.That(secondsLog.Collector.GetSnapshot().Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning), Is.Empty, "a second run of the join would be refused and logged");
    }

    [Test]
    public void AJoinFromAMeterListener_RefusedWhenItRuns_IsLoggedNotThrownIntoTheFire()
    {
        var time = new FakeTimeProvider();
        using var meters = new TestMeterFactory();
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<RtcConnectionStateMachine>();
        using var machine = new RtcConnectionStateMachine(null, time, logger, meters);
        using var listener = Listen(meters, "agora.connectivity.interruptions", () => machine.JoinChannel());
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        Assert.That(() => time.Advance(Sec(4)), Throws.Nothing);
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
        Assert.That(logger.Collector.GetSnapshot().Select(r => r.Id.Name), Does.Contain("DeferredCallRejected"));
    }

    [Test]
    public void DisposedByAMeterListenerInsideAFire_RaisesNothingMore_AndLeavesNoTimer()
    {
        var time = new FakeTimeProvider();
        using var meters = new TestMeterFactory();
        var machine = new RtcConnectionStateMachine(null, time, null, meters);
        var events = new List<string>();
        machine.EventRaised += (_, e) => events.Add(Describe(e));
        using var listener = Listen(meters, "agora.connectivity.interruptions", machine.Dispose);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        events.Clear();

        time.Advance(Sec(4));
        time.Advance(Min(30));

        Assert.That(events, Is.Empty, "disposed inside the fire: its events are dropped with the machine");
        Assert.That(time.ScheduledTimerCount, Is.Zero);
    }

    // Issue 35, item 2: the engine had a fallback state (the initial one) and answered queries outside a fire with it.
    [Test]
    public void TheSharedEngine_OutsideAFire_AnswersNoQuery_WithAStateItDoesNotHave()
    {
        using var machine = new RtcConnectionStateMachine(new FakeTimeProvider());
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        var table = typeof(RtcConnectionStateMachine).GetField("Table", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var model = table.GetType().GetField("_model", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(table)!;
        var engine = (Stateless.StateMachine<ConnectionState, RtcConnectionStateMachine.Trigger>)model.GetType().GetProperty("Machine")!.GetValue(model)!;

        Assert.That(() => engine.State, Throws.InvalidOperationException.With.Message.Contains("outside a fire"));
        Assert.That(() => engine.CanFire(RtcConnectionStateMachine.Trigger.ServerSilence), Throws.InvalidOperationException);
#pragma warning disable CS0618 // obsolete in Stateless 5.20, still public
        Assert.That(() => engine.GetPermittedTriggers(), Throws.InvalidOperationException);
#pragma warning restore CS0618
        Assert.That(() => engine.ToString(), Throws.InvalidOperationException);
    }

    [Test]
    public void Allows_AsksTheTableForTheInstanceAndItsState_RunningTheGuardsWithIt()
    {
        var table = Switches.NewTable();
        var allowed = new Switches { Allow = true };
        var refused = new Switches { Allow = false };

        Assert.That(table.Allows(allowed, Light.Off, Switch.Flip), Is.True);
        Assert.That(table.Allows(refused, Light.Off, Switch.Flip), Is.True, "refused by the permit's guard, it is ignored by the other's: handled either way");
        Assert.That(table.Allows(allowed, Light.On, Switch.Flip), Is.False);
        Assert.That(table.Allows(allowed, Light.Off, Switch.Press), Is.True, "an unconditional ignore is allowed: a no-op");
    }

    // Issue 35, item 3: the shortcut that answers an ignored trigger without firing took conditional ignores for unconditional ones.
    [TestCase(true, Light.On, nameof(FireOutcome.Transitioned))]
    [TestCase(false, Light.Off, nameof(FireOutcome.Ignored))]
    public void AConditionalIgnore_IsJudgedByItsGuard_NeverAnsweredAsIgnoredWithoutIt(bool allow, Light expected, string outcome)
    {
        var table = Switches.NewTable();
        var machine = new Switches { Allow = allow };
        var state = Light.Off;

        var result = table.Fire(machine, ref state, Switch.Flip, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0);

        Assert.That((state, result.ToString()), Is.EqualTo((expected, outcome)));
        Assert.That(table.Ignores(Light.Off, Switch.Flip), Is.False);
        Assert.That(table.Ignores(Light.Off, Switch.Press), Is.True);
        Assert.That(table.RuleKind(Light.Off, Switch.Flip), Is.EqualTo("Guarded"), "a guarded permit and a guarded ignore");
        Assert.That(table.RuleKind(Light.On, Switch.Press), Is.EqualTo("Ignored"));
        Assert.That(table.RuleKind(Light.On, Switch.Flip), Is.EqualTo("None"));
    }

    [Test]
    public void Fire_ASecondFireOfTheSameInstanceInsideTheFirst_IsRefused_AnotherInstanceGetsAnEngineOfItsOwn()
    {
        var table = Switches.NewTable();
        var outer = new Switches { Allow = true };
        var other = new Switches { Allow = true };
        outer.OnEntry = () =>
        {
            var state = Light.Off;
            Assert.That(() => table.Fire(outer, ref state, Switch.Flip, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0), Throws.InvalidOperationException.With.Message.Contains("inside its own fire"));
            Assert.That(table.Fire(other, ref state, Switch.Flip, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0), Is.EqualTo(FireOutcome.Transitioned));
        };
        var outerState = Light.Off;

        Assert.That(table.Fire(outer, ref outerState, Switch.Flip, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0), Is.EqualTo(FireOutcome.Transitioned));
        Assert.That(outerState, Is.EqualTo(Light.On));
    }

    [Test]
    public void Step_ATriggerThatCarriesNothing_HasNoArgsToRead_ItSaysWhichTrigger()
    {
        var table = Switches.NewTable();
        var machine = new Switches { Allow = true, ReadArgsOnEntry = true };
        var state = Light.Off;

        Assert.That(
            () => table.Fire(machine, ref state, Switch.Flip, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0),
            Throws.InvalidOperationException.With.Message.EqualTo("Flip carries no data: declare it with Carries(Flip) in the Switches table."));
        Assert.That(state, Is.EqualTo(Light.Off), "an action that throws leaves the state where it was");
    }

    [Test]
    public void Refusal_NamesTheStatesWithARuleForTheTrigger_FromTheTable()
    {
        var table = Switches.NewTable();

        Assert.That(table.Refusal("Flip", Switch.Flip, Light.On, "Turn it off first."), Is.EqualTo("Flip is not allowed in state On; it is allowed only in state Off. Turn it off first."));
        Assert.That(table.Refusal("Press", Switch.Press, Light.Dim, null), Is.EqualTo("Press is not allowed in state Dim; it is allowed only in states Off or On."));
        Assert.That(table.Refusal("Poke", Switch.Poke, Light.On, null), Is.EqualTo("Poke is not allowed in state On; it is allowed in no state."));
    }

    // The tests below run on a thread of their own, which has no engines yet, with tables built inside the test: the thread's engine
    // store and each engine are then made while the test runs (the shared tables and a reused thread's store are made before it).
    [Test]
    public void EveryTableFiredInTurn_FindsItsEngine_AsTheThreadsStoreGrows_AndKeepsTheOnesItHad()
    {
        RunOnAFreshThread(() =>
        {
            var first = Switches.NewTable();
            Assert.That(FlipOnce(first), Is.EqualTo(Light.On));
            var firstId = IdOf(first);

            // Tables numbered one after another, each fired: the store grows whenever one is numbered past its end.
            var tables = new List<MachineTable<Switches, Light, Switch, Why>> { first };
            while (IdOf(tables[^1]) <= (4 * Math.Max(8, firstId + 1)) + 1)
            {
                var next = Switches.NewTable();
                Assert.That(IdOf(next), Is.EqualTo(IdOf(tables[^1]) + 1), "tables are numbered in the order they are built");
                Assert.That(FlipOnce(next), Is.EqualTo(Light.On));
                tables.Add(next);
            }

            Assert.That(tables.Select(table => FlipOnce(table)), Is.All.EqualTo(Light.On));
        });
    }

    [Test]
    public void AnEngineKeptBeforeAnotherTableFirstFiresOnTheThread_IsStillFound_SoANestedFireOfTheSameInstanceIsRefused()
    {
        RunOnAFreshThread(() =>
        {
            var outerTable = Switches.NewTable();
            var innerTable = Switches.NewTable();
            var machine = new Switches { Allow = true };
            Exception? nested = null;
            var other = new Switches { Allow = true };
            other.OnEntry = () =>
            {
                var state = Light.Off;
                nested = Catch(() => outerTable.Fire(machine, ref state, Switch.Flip, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0));
            };
            machine.OnEntry = () => FlipOnce(innerTable, other);   // the inner table's first fire on this thread: its engine is kept now

            Assert.That(FlipOnce(outerTable, machine), Is.EqualTo(Light.On));
            Assert.That(nested, Is.InstanceOf<InvalidOperationException>().With.Message.Contains("inside its own fire"));
        });
    }

    [Test]
    public void AThreadsEngine_IsKept_SoAFireOfTheSameInstanceInsideItsOwn_IsFoundAndRefused_OnAFreshThread()
    {
        RunOnAFreshThread(() =>
        {
            var table = Switches.NewTable();
            var machine = new Switches { Allow = true };
            Exception? nested = null;
            machine.OnEntry = () =>
            {
                var state = Light.Off;
                nested = Catch(() => table.Fire(machine, ref state, Switch.Flip, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0));
            };

            Assert.That(FlipOnce(table, machine), Is.EqualTo(Light.On));
            Assert.That(nested, Is.InstanceOf<InvalidOperationException>().With.Message.Contains("inside its own fire"));
        });
    }

    [Test]
    public void AnUnconditionallyIgnoredTrigger_IsAnsweredWithoutFiring_EvenInsideTheInstancesOwnFire()
    {
        RunOnAFreshThread(() =>
        {
            var table = Switches.NewTable();
            var machine = new Switches { Allow = true };
            FireOutcome? pressed = null;
            machine.OnEntry = () =>
            {
                var state = Light.On;
                pressed = table.Fire(machine, ref state, Switch.Press, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0);
            };

            Assert.That(FlipOnce(table, machine), Is.EqualTo(Light.On));
            Assert.That(pressed, Is.EqualTo(FireOutcome.Ignored), "the table answers it: no engine, so no nesting to refuse");
        });
    }

    [Test]
    public void ThreeInstancesNestedOnOneThread_EachOnItsOwnEngine_AndTheMiddleOneRefusedInsideTheInnermost()
    {
        RunOnAFreshThread(() =>
        {
            var table = Switches.NewTable();
            var (outer, middle, inner) = (new Switches { Allow = true }, new Switches { Allow = true }, new Switches { Allow = true });
            Exception? middleAgain = null;
            var order = new List<string>();
            outer.OnEntry = () =>
            {
                order.Add("outer");
                Assert.That(FlipOnce(table, middle), Is.EqualTo(Light.On));
            };
            middle.OnEntry = () =>
            {
                order.Add("middle");
                Assert.That(FlipOnce(table, inner), Is.EqualTo(Light.On));
            };
            inner.OnEntry = () =>
            {
                order.Add("inner");
                var state = Light.Off;
                middleAgain = Catch(() => table.Fire(middle, ref state, Switch.Flip, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0));
            };

            Assert.That(FlipOnce(table, outer), Is.EqualTo(Light.On));
            Assert.That(order, Is.EqualTo(new[] { "outer", "middle", "inner" }));
            Assert.That(middleAgain, Is.InstanceOf<InvalidOperationException>().With.Message.Contains("inside its own fire"), "the middle instance is still being fired, two engines down");
        });
    }

    [Test]
    public void ATableBuiltNow_ItsEngines_AnswerNoStateOutsideAFire_AndStartAtTheInitialState()
    {
        RunOnAFreshThread(() =>
        {
            var table = Switches.NewTable();
            var model = table.GetType().GetField("_model", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(table)!;
            var engine = (Stateless.StateMachine<Light, Switch>)model.GetType().GetProperty("Machine")!.GetValue(model)!;

            Assert.That(() => engine.State, Throws.InvalidOperationException.With.Message.EqualTo("The Switches table's engine was asked for its state outside a fire: only MachineTable.Fire may run it."));
            Assert.That(() => engine.Fire(Switch.Flip), Throws.InvalidOperationException.With.Message.Contains("outside a fire"));
            Assert.That(FlipOnce(table), Is.EqualTo(Light.On));
            Assert.That(table.InitialState, Is.EqualTo(Light.Off));
        });
    }

    [Test]
    public void ATableBuiltNow_DescribesEveryState_EvenOneWithNoRule()
    {
        var description = Switches.NewTable().Describe("switches");

        Assert.That(description.Info.States.Select(s => (Light)s.UnderlyingState), Is.EquivalentTo(new[] { Light.Off, Light.On, Light.Dim }));
        Assert.That(description.Info.InitialState.UnderlyingState, Is.EqualTo(Light.Off));
    }

    [Test]
    public void RulesAreStatedOnlyWhileTheTableIsBuilt()
    {
        var table = Switches.NewTable();

        Assert.That(() => table.Configure(Light.Dim), Throws.InvalidOperationException.With.Message.EqualTo("Rules are stated only while the table is built."));
    }

    [Test]
    public void AnIgnoreWithAGuard_AndNoOtherRule_IsGuarded_NeverAnsweredWithoutItsGuard()
    {
        var table = Switches.NewTable();
        var state = Light.On;

        Assert.That(table.RuleKind(Light.On, Switch.Tap), Is.EqualTo("Guarded"));
        Assert.That(table.Fire(new Switches { Allow = false }, ref state, Switch.Tap, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0), Is.EqualTo(FireOutcome.NotPermitted));
        Assert.That(table.Fire(new Switches { Allow = true }, ref state, Switch.Tap, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0), Is.EqualTo(FireOutcome.Ignored));
    }

    [Test]
    public void EnginesBuiltForFiring_DoNotAddToTheDiagramsInternalActions_NestedOnesIncluded()
    {
        RunOnAFreshThread(() =>
        {
            var table = Switches.NewTable();
            var (outer, inner) = (new Switches { Allow = true }, new Switches { Allow = true });
            outer.OnEntry = () => Assert.That(FlipOnce(table, inner), Is.EqualTo(Light.On));
            var before = table.Describe("switches").InternalActions.Count;

            FlipOnce(table, outer);
            var state = Light.On;
            Assert.That(table.Fire(outer, ref state, Switch.Knock, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0), Is.EqualTo(FireOutcome.Internal));

            Assert.That(outer.Knocks, Is.EqualTo(1));
            Assert.That(before, Is.EqualTo(1));
            Assert.That(table.Describe("switches").InternalActions.Count, Is.EqualTo(1));
        });
    }

    private static Light FlipOnce(MachineTable<Switches, Light, Switch, Why> table, Switches? machine = null)
    {
        var state = Light.Off;
        Assert.That(table.Fire(machine ?? new Switches { Allow = true }, ref state, Switch.Flip, new FireArgs<Why>(Why.Flipped), DateTimeOffset.UnixEpoch, 0), Is.EqualTo(FireOutcome.Transitioned));
        return state;
    }

    private static int IdOf(MachineTable<Switches, Light, Switch, Why> table) =>
        (int)typeof(MachineTable<Switches, Light, Switch, Why>).GetField("_id", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(table)!;

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    // Runs the test on this thread with an empty engine store, as a thread that never fired has (and puts the thread's own back after).
    // On the test's own thread, not a new one: Stryker maps the code a test runs to it per thread.
    private static void RunOnAFreshThread(Action test)
    {
        var store = typeof(MachineTable<,,,>).Assembly.GetTypes().Single(t => t.Name.EndsWith("__Ambient", StringComparison.Ordinal))
            .GetField("_engines", BindingFlags.NonPublic | BindingFlags.Static)!;
        var own = store.GetValue(null);
        store.SetValue(null, null);
        try
        {
            test();
        }
        finally
        {
            store.SetValue(null, own);
        }
    }

    private static string Describe(ConnectivityEvent e) => e switch
    {
        ConnectionStateChanged c => $"{c.PreviousState}->{c.State} ({c.Reason})",
        _ => e.GetType().Name,
    };

    private static MeterListener Listen(TestMeterFactory meters, string instrument, Action onMeasurement)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (published, l) =>
            {
                if (published.Meter.Scope == meters && published.Name == instrument)
                {
                    l.EnableMeasurementEvents(published);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => onMeasurement());
        listener.Start();
        return listener;
    }

    public enum Light
    {
        Off = 1,
        On = 2,
        Dim = 3,
    }

    public enum Switch
    {
        Flip,
        Press,
        Poke,
        Tap,
        Knock,
    }

    public enum Why
    {
        Flipped,
    }

    /// <summary>
    /// Off: Flip moves to On when allowed, and is ignored when not; Press is ignored. On: Press is ignored too, Tap is ignored when
    /// allowed (and not permitted otherwise), Knock is counted without leaving. Dim has no rule. Poke has none anywhere.
    /// </summary>
    private sealed class Switches
    {
        // Built inside each test (never a static field), so that Stryker's active mutant of the table's build is the one it runs.
        public static MachineTable<Switches, Light, Switch, Why> NewTable() => new(Light.Off, table =>
        {
            table.Configure(Light.Off)
                .PermitIf(Switch.Flip, Light.On, m => m.Allow, "allowed")
                .IgnoreIf(Switch.Flip, m => !m.Allow, "not allowed")
                .Ignore(Switch.Press);
            table.Configure(Light.On)
                .OnEntry(
                    (m, step) =>
                    {
                        m.OnEntry?.Invoke();
                        if (m.ReadArgsOnEntry)
                        {
                            _ = step.Args;
                        }
                    },
                    "call back")
                .Ignore(Switch.Press)
                .IgnoreIf(Switch.Tap, m => m.Allow, "allowed")
                .Internal(Switch.Knock, (m, _) => m.Knocks++, "count the knock");
        });

        public bool Allow { get; init; }

        public bool ReadArgsOnEntry { get; init; }

        public Action? OnEntry { get; set; }

        public int Knocks { get; set; }
    }
}
