using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Agora.Connectivity.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Connectivity.Tests.Internal.Machines;

/// <summary>The glue between a machine, Stateless and the dispatcher, on a machine of two states.</summary>
public class MachineRuntimeTests
{
    public enum Light
    {
        Off = 1,
        On = 2,
        Dim = 3, // in no rule: the table configures it all the same
    }

    public enum Switch
    {
        Press,
        Release,
        Poke,
        Trip,
    }

    public enum Why
    {
        Pressed,
        Released,
        Poked,
        Overload,
        Surge,
    }

    [TestCase(Light.Off, Switch.Press, nameof(FireOutcome.Transitioned), Light.On)]
    [TestCase(Light.On, Switch.Poke, nameof(FireOutcome.Internal), Light.On)]
    [TestCase(Light.Off, Switch.Release, nameof(FireOutcome.Ignored), Light.Off)]
    [TestCase(Light.Off, Switch.Poke, nameof(FireOutcome.NotPermitted), Light.Off)]
    [TestCase(Light.Off, Switch.Trip, nameof(FireOutcome.NotPermitted), Light.Off)]
    public void Fire_ReportsWhatStatelessDid_WithoutThrowingForAnUnhandledTrigger(Light from, Switch trigger, string outcome, Light to)
    {
        var lamp = new Lamp();
        if (from == Light.On)
        {
            lamp.Fire(Switch.Press, Why.Pressed);
        }

        Assert.That(lamp.Fire(trigger, Why.Poked).ToString(), Is.EqualTo(outcome));
        Assert.That(lamp.Runtime.State, Is.EqualTo(to));
    }

    [Test]
    public void Fire_RaisesTheStateChangeThenTheFactsNotedByTheEntryAction()
    {
        var lamp = new Lamp();

        lamp.Fire(Switch.Press, Why.Pressed);
        lamp.Fire(Switch.Poke, Why.Poked);

        Assert.That(lamp.Raised, Is.EqualTo(new[] { "Off->On (Pressed)", "lit", "poked" }));
    }

    [Test]
    public void Fire_ATriggerThatCarriesAReason_HandsItToStatelessAndToTheStateChange()
    {
        var lamp = new Lamp();
        lamp.Fire(Switch.Press, Why.Pressed);

        lamp.Fire(Switch.Trip, Why.Surge);

        Assert.That(lamp.Raised.Skip(2), Is.EqualTo(new[] { "On->Off (Surge)", "tripped by Surge" }));
    }

    [Test]
    public void Fire_AnEntryActionThrows_StateStaysAndItsFactsAreDropped_AndTheNextFireIsClean()
    {
        var lamp = new Lamp { ThrowOnEntry = true };

        Assert.Throws<InvalidOperationException>(() => lamp.Fire(Switch.Press, Why.Pressed));
        Assert.That(lamp.Runtime.State, Is.EqualTo(Light.Off));
        Assert.That(lamp.Raised, Is.Empty);

        lamp.ThrowOnEntry = false;
        Assert.That(lamp.Fire(Switch.Release, Why.Released), Is.EqualTo(FireOutcome.Ignored), "Stateless must see Off again, not the On it stored before the action threw.");
        lamp.Fire(Switch.Press, Why.Pressed);

        Assert.That(lamp.Runtime.State, Is.EqualTo(Light.On));
        Assert.That(lamp.Raised, Is.EqualTo(new[] { "Off->On (Pressed)", "lit" }), "The fact noted before the throw must not leak into the next transition.");
    }

    [Test]
    public void Describe_GivesStatelessModelFromItsInitialState_AndTheInternalActions()
    {
        var lamp = new Lamp();
        lamp.Fire(Switch.Press, Why.Pressed);

        var description = lamp.Runtime.Describe("Lamp");

        Assert.That(description.Name, Is.EqualTo("Lamp"));
        Assert.That(description.Info.InitialState.UnderlyingState, Is.EqualTo(Light.Off), "The diagram starts where the machine starts, whatever state it is in now.");
        Assert.That(description.InternalActions, Is.EqualTo(new[] { new InternalAction("On", "Poke", "say poked") }));
    }

    // A state no rule mentions is configured when the table is built, so that no fire ever adds one to the shared engine.
    [Test]
    public void ATable_ConfiguresEveryStateOfItsEnum_EvenOneNoRuleMentions()
    {
        var table = new MachineTable<Lamp, Light, Switch, Why>(Light.Off, t => t.Configure(Light.Off).Permit(Switch.Press, Light.On));

        Assert.That(table.Describe("bare").Info.States.Select(s => (Light)s.UnderlyingState), Is.EquivalentTo(Enum.GetValues<Light>()));
    }

    private sealed record Note(string Text) : ConnectivityEvent;

    /// <summary>Two states: Press lights it (noting "lit"), Poke is internal, Trip carries a reason.</summary>
    private sealed class Lamp : IMachineBehavior<Light, Switch, Why>
    {
        private readonly List<string> _raised = [];

        private static readonly MachineTable<Lamp, Light, Switch, Why> Table = new(Light.Off, table =>
        {
            table.Carries(Switch.Trip);
            table.Configure(Light.Off)
                .OnEntryFrom(Switch.Trip, (m, step) => m.Runtime.AddFact_NeedsLock(new Note($"tripped by {step.Args.Reason}")), "note the trip")
                .Permit(Switch.Press, Light.On)
                .Ignore(Switch.Release);
            table.Configure(Light.On)
                .OnEntry(
                    (m, _) =>
                    {
                        m.Runtime.AddFact_NeedsLock(new Note("lit"));
                        if (m.ThrowOnEntry)
                        {
                            throw new InvalidOperationException("The bulb blew.");
                        }
                    },
                    "light")
                .Permit(Switch.Release, Light.Off)
                .Permit(Switch.Trip, Light.Off)
                .Internal(Switch.Poke, (m, _) => m.Runtime.AddFact_NeedsLock(new Note("poked")), "say poked");
        });

        public Lamp()
        {
            Runtime = new(this, Table, new FakeTimeProvider(), NullLogger.Instance, ConnectivityMetrics.Shared, "Lamp", eventContext: null);
            Runtime.Dispatcher.Subscribe((_, e) => _raised.Add(e is Note note ? note.Text : e.ToString()!));
        }

        public MachineRuntime<Lamp, Light, Switch, Why> Runtime { get; }

        public bool ThrowOnEntry { get; set; }

        public IReadOnlyList<string> Raised => _raised;

        public string MetricName => "lamp";

        public FireOutcome Fire(Switch trigger, Why why)
        {
            var outcome = FireOutcome.Ignored;
            Runtime.Dispatcher.Run(this, lamp => outcome = lamp.Runtime.Fire_NeedsLock(trigger, new FireArgs<Why>(why)));
            return outcome;
        }

        public void OfferDeadlines_NeedsLock(Light state, ref Deadlines<Switch> deadlines)
        {
        }

        public Why CommandReason(Light state, Switch command, Why reason) => reason;

        public Why DeadlineReason(Switch deadline) => Why.Overload;

        public bool IsFailure(Light state, Why reason) => false;

        public bool IsOutage(Light state) => false;

        public ConnectionHealth Health(Light state) => ConnectionHealth.Healthy;

        public ConnectivityEvent StateChanged(Light previousState, Light state, Why reason, DateTimeOffset timestamp)
            => new Note($"{previousState}->{state} ({reason})");
    }
}
