using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;

namespace Agora.Connectivity.Tests.Internal.Machines;

/// <summary>
/// A table built now states the same shape as the one every instance shares: each rule's kind by state and trigger, the triggers
/// that carry data, the states that have a rule for each trigger, and the diagram. The shared table is built before any test runs,
/// so a change to a rule (or to the builder) shows only in a table built inside a test: these compare the two.
/// </summary>
public class TableBuiltNowTests
{
    [Test]
    public void Rtc_ATableBuiltNow_StatesTheSharedTablesShape()
        => Assert.That(Shape(RtcConnectionStateMachine.BuildTable()), Is.EqualTo(Shape(RtcConnectionStateMachine.SharedTable)));

    [Test]
    public void Rtm_ATableBuiltNow_StatesTheSharedTablesShape()
        => Assert.That(Shape(RtmConnectionStateMachine.BuildTable()), Is.EqualTo(Shape(RtmConnectionStateMachine.SharedTable)));

    [Test]
    public void Rtm2_ATableBuiltNow_StatesTheSharedTablesShape()
        => Assert.That(Shape(RtmLinkStateMachine.BuildTable()), Is.EqualTo(Shape(RtmLinkStateMachine.SharedTable)));

    [Test]
    public void TheShape_NamesEveryKindOfRule_SoTheComparisonCanTellThemApart()
    {
        var shape = string.Join("\n", Shape(RtmLinkStateMachine.SharedTable));
        Assert.That(shape, Does.Contain(" Unconditional").And.Contain(" Ignored").And.Contain(" Guarded").And.Contain(" None").And.Contain(" carried"));
    }

    private static List<string> Shape<TMachine, TState, TTrigger, TReason>(MachineTable<TMachine, TState, TTrigger, TReason> table)
        where TMachine : class
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var lines = new List<string> { $"initial {table.InitialState}" };
        foreach (var trigger in EnumValues<TTrigger>.All)
        {
            lines.Add($"{trigger}{(table.IsCarried(trigger) ? " carried" : string.Empty)}: {string.Join(", ", table.StatesWithRuleFor(trigger))}");
            lines.AddRange(EnumValues<TState>.All.Select(state => $"  {state} {trigger} {table.RuleKind(state, trigger)}"));
        }

        lines.AddRange(StateDiagram.Mermaid(table.Describe("shape")).Split('\n'));
        return lines;
    }
}
