using Agora.Connectivity.Internal.Machines;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Tests.Internal.Machines;

/// <summary>
/// What Stateless does not check when a machine is configured (it finds a missing destination, a
/// duplicate rule or an ignore-plus-permit only when the trigger is fired): checked here on both
/// tables. Every state-by-input outcome is pinned separately in <c>StateInputTableTests</c>.
/// </summary>
public class TableShapeTests
{
    public static readonly string[] Machines = ["RTC", "RTM"];

    [TestCaseSource(nameof(Machines))]
    public void EveryStateIsConfigured_AndNothingElse(string name)
    {
        var (machine, states, _) = Table(name);
        Assert.That(machine.Info.States.Select(s => s.UnderlyingState.ToString()), Is.EquivalentTo(states));
    }

    [TestCaseSource(nameof(Machines))]
    public void InitialState_IsDisconnected(string name)
        => Assert.That(Table(name).Machine.Info.InitialState.UnderlyingState.ToString(), Is.EqualTo("Disconnected"));

    [TestCaseSource(nameof(Machines))]
    public void NoStateHandlesATriggerTwiceWithoutGuards_OrBothIgnoresAndHandlesIt(string name)
    {
        var machine = Table(name).Machine;
        foreach (var state in machine.Info.States)
        {
            var handled = state.FixedTransitions.GroupBy(t => t.Trigger.UnderlyingTrigger.ToString()).ToList();
            foreach (var rules in handled)
            {
                Assert.That(rules.Count() == 1 || rules.All(r => r.GuardConditionsMethodDescriptions.Any()), Is.True, $"{state.UnderlyingState} handles {rules.Key} more than once without guards.");
            }

            var ignored = state.IgnoredTriggers.Select(t => t.Trigger.UnderlyingTrigger.ToString()).ToList();
            Assert.That(ignored.Intersect(handled.Select(g => g.Key)), Is.Empty, $"{state.UnderlyingState} both ignores and handles a trigger.");
            Assert.That(ignored, Is.Unique, $"{state.UnderlyingState} ignores a trigger twice.");
        }
    }

    [TestCaseSource(nameof(Machines))]
    public void EveryTriggerIsUsed_AndEveryInternalTransitionIsDescribed(string name)
    {
        var (machine, _, triggers) = Table(name);
        var used = machine.Info.States.SelectMany(s => s.FixedTransitions).Select(t => t.Trigger.UnderlyingTrigger.ToString()).Distinct();
        Assert.That(used, Is.EquivalentTo(triggers));
        var internals = machine.Info.States
            .SelectMany(s => s.FixedTransitions.Where(t => t.IsInternalTransition).Select(t => (State: s.UnderlyingState.ToString(), Trigger: t.Trigger.UnderlyingTrigger.ToString())));
        Assert.That(internals, Is.EquivalentTo(machine.InternalActions.Select(a => (a.State, a.Trigger))));
    }

    [TestCaseSource(nameof(Machines))]
    public void EveryGuardAndEntryActionHasADescription(string name)
    {
        var machine = Table(name).Machine;
        foreach (var state in machine.Info.States)
        {
            foreach (var transition in state.FixedTransitions.Where(t => !t.IsInternalTransition))
            {
                Assert.That(transition.GuardConditionsMethodDescriptions.Select(g => g.Description), Has.None.EqualTo("Function"), $"{state.UnderlyingState}: a guard of {transition.Trigger.UnderlyingTrigger} has no description.");
            }

            Assert.That(state.EntryActions.Select(a => a.Method.Description).Concat(state.ExitActions.Select(a => a.Description)), Has.None.EqualTo("Function"), $"{state.UnderlyingState}: an action has no description.");
        }
    }

    private static (MachineDescription Machine, string[] States, string[] Triggers) Table(string name) => name switch
    {
        "RTC" => (RtcConnectionStateMachine.Describe(), Enum.GetNames<ConnectionState>(), Enum.GetNames<RtcConnectionStateMachine.Trigger>()),
        _ => (RtmConnectionStateMachine.Describe(), Enum.GetNames<RtmConnectionState>(), Enum.GetNames<RtmConnectionStateMachine.Trigger>()),
    };
}
