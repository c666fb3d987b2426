using Agora.Connectivity.Internal.Machines;
using Stateless;

namespace Agora.Connectivity.Tests.Internal.Machines;

public class StateDiagramTests
{
    [Test]
    public void Mermaid_DrawsMovesGuardsAndInternalActions_NotIgnoredTriggers()
    {
        var machine = Describe(out _);

        Assert.That(StateDiagram.Mermaid(machine), Is.EqualTo(
            "stateDiagram-v2\n" +
            "    [*] --> Idle\n" +
            "    Idle --> Busy : Start\n" +
            "    Busy --> Idle : Stop [when allowed]\n" +
            "    Busy --> Idle : Stop [or forced]\n" +
            "    Busy --> Busy : Tick / count the tick\n"));
    }

    [Test]
    public void Dot_DrawsEntryEntryFromAndExitActionsInTheRecord()
    {
        var machine = Describe(out _);

        Assert.That(StateDiagram.Dot(machine), Is.EqualTo(
            "digraph \"Small\" {\n" +
            "    rankdir=\"LR\";\n" +
            "    node [shape=\"Mrecord\"];\n" +
            "    \"Idle\" [label=\"Idle|entry from Stop / tidy up\\l\"];\n" +
            "    \"Busy\" [label=\"Busy|entry / start work\\lexit / stop work\\l\"];\n" +
            "    \"__initial\" [label=\"\", shape=\"point\"];\n" +
            "    \"__initial\" -> \"Idle\";\n" +
            "    \"Idle\" -> \"Busy\" [label=\"Start\"];\n" +
            "    \"Busy\" -> \"Idle\" [label=\"Stop [when allowed]\"];\n" +
            "    \"Busy\" -> \"Idle\" [label=\"Stop [or forced]\"];\n" +
            "    \"Busy\" -> \"Busy\" [label=\"Tick / count the tick\"];\n" +
            "}\n"));
    }

    [Test]
    public void Dot_EscapesRecordAndQuoteCharacters()
    {
        var state = "A|B";
        var engine = new StateMachine<string, string>(() => state, s => state = s, FiringMode.Immediate);
        engine.Configure("A|B")
            .OnEntry(() => { }, "enter {x} <y> \\z")
            .PermitReentryIf("Go \"now\"", () => true, "a\\b");
        var machine = new MachineDescription("Odd \"name\"", engine.GetInfo(), []);

        Assert.That(StateDiagram.Dot(machine), Is.EqualTo(
            "digraph \"Odd \\\"name\\\"\" {\n" +
            "    rankdir=\"LR\";\n" +
            "    node [shape=\"Mrecord\"];\n" +
            "    \"A|B\" [label=\"A\\|B|entry / enter \\{x\\} \\<y\\> \\\\z\\l\"];\n" +
            "    \"__initial\" [label=\"\", shape=\"point\"];\n" +
            "    \"__initial\" -> \"A|B\";\n" +
            "    \"A|B\" -> \"A|B\" [label=\"Go \\\"now\\\" [a\\\\b]\"];\n" +
            "}\n"));
    }

    [Test]
    public void Mermaid_EscapesWhatEndsALabel()
    {
        var state = "A";
        var engine = new StateMachine<string, string>(() => state, s => state = s, FiringMode.Immediate);
        engine.Configure("A").PermitIf("Go", "B", () => true, "at 10:00; #1");
        engine.Configure("B");
        var machine = new MachineDescription("M", engine.GetInfo(), []);

        Assert.That(StateDiagram.Mermaid(machine), Does.Contain("    A --> B : Go [at 10#58;00#59; #35;1]\n"));
    }

    private static MachineDescription Describe(out StateMachine<string, string> engine)
    {
        var state = "Idle";
        engine = new StateMachine<string, string>(() => state, s => state = s, FiringMode.Immediate);
        engine.Configure("Idle")
            .OnEntryFrom("Stop", () => { }, "tidy up")
            .Permit("Start", "Busy")
            .Ignore("Stop");
        engine.Configure("Busy")
            .OnEntry(() => { }, "start work")
            .OnExit(() => { }, "stop work")
            .PermitIf("Stop", "Idle", () => true, "when allowed")
            .PermitIf("Stop", "Idle", () => false, "or forced")
            .InternalTransition("Tick", _ => { })
            .Ignore("Start");
        return new MachineDescription("Small", engine.GetInfo(), [new InternalAction("Busy", "Tick", "count the tick")]);
    }
}
