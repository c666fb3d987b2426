using Agora.Connectivity.Internal.StateMachines;

namespace Agora.Connectivity.Tests.Internal.StateMachines;

public class TransitionTableTests
{
    public enum Lamp
    {
        Off,
        On,
        Broken,
    }

    public enum Input
    {
        Switch,
        Break,
        Repair,
        Tick,
        Noise,
    }

    [Test]
    public void Fire_PermittedTrigger_RunsExitThenStoresStateThenEntry()
    {
        var table = BuildLampTable();
        var context = new LampContext { HasPower = true };
        var state = Lamp.Off;

        var result = table.Fire(context, ref state, Input.Switch);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(FireResult.Transitioned));
            Assert.That(state, Is.EqualTo(Lamp.On));
            Assert.That(context.Log, Is.EqualTo(new[] { "exit Off (Off->On by Switch)", "enter On (Off->On by Switch)" }));
        });
    }

    [Test]
    public void Fire_GuardFalse_NotPermitted_StateUnchanged()
    {
        var table = BuildLampTable();
        var context = new LampContext { HasPower = false };
        var state = Lamp.Off;

        Assert.Multiple(() =>
        {
            Assert.That(table.Fire(context, ref state, Input.Switch), Is.EqualTo(FireResult.NotPermitted));
            Assert.That(state, Is.EqualTo(Lamp.Off));
            Assert.That(context.Log, Is.Empty);
        });
    }

    [Test]
    public void Fire_GuardsChooseTheDestination()
    {
        var table = BuildLampTable();
        var state = Lamp.Broken;

        table.Fire(new LampContext { HasSpareBulb = true }, ref state, Input.Repair);
        Assert.That(state, Is.EqualTo(Lamp.Off));

        state = Lamp.Broken;
        Assert.That(table.Fire(new LampContext { HasSpareBulb = false }, ref state, Input.Repair), Is.EqualTo(FireResult.NotPermitted));
    }

    [Test]
    public void Fire_InternalTransition_RunsActionOnlyAndKeepsState()
    {
        var table = BuildLampTable();
        var context = new LampContext();
        var state = Lamp.On;

        var result = table.Fire(context, ref state, Input.Tick);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(FireResult.Internal));
            Assert.That(state, Is.EqualTo(Lamp.On));
            Assert.That(context.Log, Is.EqualTo(new[] { "tick in On" }));
        });
    }

    [Test]
    public void Fire_IgnoredAndUnknownTriggers()
    {
        var table = BuildLampTable();
        var state = Lamp.Off;

        Assert.Multiple(() =>
        {
            Assert.That(table.Fire(new LampContext(), ref state, Input.Noise), Is.EqualTo(FireResult.Ignored));
            Assert.That(table.Fire(new LampContext(), ref state, Input.Break), Is.EqualTo(FireResult.NotPermitted));
            Assert.That(state, Is.EqualTo(Lamp.Off));
        });
    }

    [Test]
    public void Fire_ReentryPermit_RunsExitAndEntryOfTheSameState()
    {
        var builder = new StateMachineBuilder<LampContext, Lamp, Input>("Reentry", Lamp.Off);
        builder.Configure(Lamp.Off)
            .Permit(Input.Switch, Lamp.Off)
            .OnEntry((c, _) => c.Log.Add("enter"), "enter")
            .OnExit((c, _) => c.Log.Add("exit"), "exit");
        var table = builder.Build();
        var context = new LampContext();
        var state = Lamp.Off;

        Assert.That(table.Fire(context, ref state, Input.Switch), Is.EqualTo(FireResult.Transitioned));
        Assert.That(context.Log, Is.EqualTo(new[] { "exit", "enter" }));
    }

    [Test]
    public void Fire_TwoGuardsAllow_Throws()
    {
        var builder = new StateMachineBuilder<LampContext, Lamp, Input>("Overlap", Lamp.Off);
        builder.Configure(Lamp.Off)
            .PermitIf(Input.Switch, Lamp.On, _ => true, "always")
            .PermitIf(Input.Switch, Lamp.Broken, _ => true, "also always");
        builder.Configure(Lamp.On);
        builder.Configure(Lamp.Broken);
        var table = builder.Build();
        var state = Lamp.Off;

        var error = Assert.Throws<InvalidOperationException>(() => table.Fire(new LampContext(), ref state, Input.Switch));
        Assert.That(error!.Message, Is.EqualTo("More than one guard of state 'Off' allows trigger 'Switch': 'always' and 'also always'."));
    }

    [Test]
    public void Build_DuplicatePermit_Throws()
    {
        var builder = new StateMachineBuilder<LampContext, Lamp, Input>("Dup", Lamp.Off);
        builder.Configure(Lamp.Off).Permit(Input.Switch, Lamp.On).Permit(Input.Switch, Lamp.Off);
        builder.Configure(Lamp.On);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.That(error!.Message, Is.EqualTo("The transition table 'Dup' is invalid: State 'Off' handles trigger 'Switch' more than once without guards to tell the rules apart."));
    }

    [Test]
    public void Build_IgnoreAndPermitOfTheSameTrigger_Throws()
    {
        var builder = new StateMachineBuilder<LampContext, Lamp, Input>("Conflict", Lamp.Off);
        builder.Configure(Lamp.Off).Permit(Input.Switch, Lamp.Off).Ignore(Input.Switch);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.That(error!.Message, Is.EqualTo("The transition table 'Conflict' is invalid: State 'Off' both ignores and handles trigger 'Switch'."));
    }

    [Test]
    public void Build_UnknownDestinationAndInitialState_ThrowsNamingBoth()
    {
        var builder = new StateMachineBuilder<LampContext, Lamp, Input>("Unknown", Lamp.Broken);
        builder.Configure(Lamp.Off).Permit(Input.Switch, Lamp.On);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.That(error!.Message, Is.EqualTo(
            "The transition table 'Unknown' is invalid: The initial state 'Broken' is not configured. "
            + "State 'Off' permits 'Switch' to 'On', which is not configured."));
    }

    [Test]
    public void Configure_SameStateTwice_ContinuesTheSameConfiguration()
    {
        var builder = new StateMachineBuilder<LampContext, Lamp, Input>("Twice", Lamp.Off);
        builder.Configure(Lamp.Off).Permit(Input.Switch, Lamp.On);
        builder.Configure(Lamp.On).Permit(Input.Switch, Lamp.Off);
        builder.Configure(Lamp.Off).Ignore(Input.Noise);

        var info = builder.Build().Info;

        Assert.That(info.States.Select(s => s.Name), Is.EqualTo(new[] { "Off", "On" }));
        Assert.That(info.States[0].IgnoredTriggers, Is.EqualTo(new[] { "Noise" }));
    }

    [Test]
    public void HandledTriggers_ListsPermitsAndInternalsNotIgnores()
    {
        var table = BuildLampTable();

        Assert.That(table.HandledTriggers(Lamp.On), Is.EqualTo(new[] { Input.Switch, Input.Tick, Input.Break }));
    }

    [Test]
    public void Info_DescribesTheWholeTable()
    {
        var info = BuildLampTable().Info;

        Assert.Multiple(() =>
        {
            Assert.That(info.Name, Is.EqualTo("Lamp"));
            Assert.That(info.InitialState, Is.EqualTo("Off"));
            Assert.That(info.States[1].EntryActions, Is.EqualTo(new[] { "log entry" }));
            Assert.That(info.States[0].ExitActions, Is.EqualTo(new[] { "log exit" }));
            Assert.That(info.States[1].Transitions.Select(t => t.Label), Is.EqualTo(new[] { "Switch", "Tick / count a tick", "Break" }));
        });
    }

    [Test]
    public void MermaidGraph_SmallTable_ExactText()
    {
        var text = MermaidGraph.Format(BuildLampTable().Info);

        Assert.That(text, Is.EqualTo(
            "stateDiagram-v2\n" +
            "    [*] --> Off\n" +
            "    Off --> On : Switch [has power]\n" +
            "    On --> Off : Switch\n" +
            "    On --> On : Tick / count a tick\n" +
            "    On --> Broken : Break\n" +
            "    Broken --> Off : Repair [spare bulb#58; yes]\n"));
    }

    [Test]
    public void DotGraph_SmallTable_ExactText()
    {
        var text = DotGraph.Format(BuildLampTable().Info);

        Assert.That(text, Is.EqualTo(
            "digraph \"Lamp\" {\n" +
            "    rankdir=\"LR\";\n" +
            "    node [shape=\"Mrecord\"];\n" +
            "    \"Off\" [label=\"Off|exit / log exit\\l\"];\n" +
            "    \"On\" [label=\"On|entry / log entry\\l\"];\n" +
            "    \"Broken\" [label=\"Broken\"];\n" +
            "    \"__initial\" [label=\"\", shape=\"point\"];\n" +
            "    \"__initial\" -> \"Off\";\n" +
            "    \"Off\" -> \"On\" [label=\"Switch [has power]\"];\n" +
            "    \"On\" -> \"Off\" [label=\"Switch\"];\n" +
            "    \"On\" -> \"On\" [label=\"Tick / count a tick\"];\n" +
            "    \"On\" -> \"Broken\" [label=\"Break\"];\n" +
            "    \"Broken\" -> \"Off\" [label=\"Repair [spare bulb: yes]\"];\n" +
            "}\n"));
    }

    private static TransitionTable<LampContext, Lamp, Input> BuildLampTable()
    {
        var builder = new StateMachineBuilder<LampContext, Lamp, Input>("Lamp", Lamp.Off);
        builder.Configure(Lamp.Off)
            .PermitIf(Input.Switch, Lamp.On, c => c.HasPower, "has power")
            .Ignore(Input.Noise)
            .OnExit((c, t) => c.Log.Add($"exit Off ({t.Source}->{t.Destination} by {t.Trigger})"), "log exit");
        builder.Configure(Lamp.On)
            .Permit(Input.Switch, Lamp.Off)
            .InternalTransition(Input.Tick, (c, t) => c.Log.Add($"tick in {t.Source}"), "count a tick")
            .Permit(Input.Break, Lamp.Broken)
            .OnEntry((c, t) => c.Log.Add($"enter On ({t.Source}->{t.Destination} by {t.Trigger})"), "log entry");
        builder.Configure(Lamp.Broken)
            .PermitIf(Input.Repair, Lamp.Off, c => c.HasSpareBulb, "spare bulb: yes");
        return builder.Build();
    }

    public sealed class LampContext
    {
        public bool HasPower { get; init; }

        public bool HasSpareBulb { get; init; }

        public List<string> Log { get; } = [];
    }
}
