using Agora.Connectivity.Internal.Machines;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Internal.Machines;

/// <summary>
/// What Stateless does not check when a machine is configured (it finds a missing destination, a
/// duplicate rule or an ignore-plus-permit only when the trigger is fired): checked here on the three
/// tables; and that every command is allowed exactly where its table has a rule for it, refused elsewhere with
/// the states the table names. Every state-by-input outcome is pinned separately in <c>StateInputTableTests</c>.
/// </summary>
public class TableShapeTests
{
    public static readonly string[] Machines = ["RTC", "RTM", "RTM2"];

    [TestCaseSource(nameof(Machines))]
    public void EveryStateIsConfigured_AndNothingElse(string name)
    {
        var (machine, states, _) = Table(name);
        Assert.That(machine.Info.States.Select(s => s.UnderlyingState.ToString()), Is.EquivalentTo(states));
    }

    [TestCase("RTC", "Disconnected")]
    [TestCase("RTM", "Disconnected")]
    [TestCase("RTM2", "Idle")]
    public void InitialState_IsTheEnumsFirst(string name, string initial)
        => Assert.That(Table(name).Machine.Info.InitialState.UnderlyingState.ToString(), Is.EqualTo(initial));

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

    /// <summary>Every command of every machine in every state: allowed exactly where the table has a rule for its trigger.</summary>
    public static IEnumerable<TestCaseData> Commands()
    {
        foreach (var state in Enum.GetValues<ConnectionState>())
        {
            foreach (var command in new[] { "JoinChannel", "RenewToken", "LeaveChannel" })
            {
                yield return new TestCaseData("RTC", state.ToString(), command).SetName($"RTC {command} in {state}");
            }
        }

        foreach (var state in Enum.GetValues<RtmConnectionState>())
        {
            foreach (var command in new[] { "LoginAsync", "RenewToken", "LogoutAsync" })
            {
                yield return new TestCaseData("RTM", state.ToString(), command).SetName($"RTM {command} in {state}");
            }
        }

        foreach (var state in Enum.GetValues<RtmLinkState>())
        {
            foreach (var command in new[] { "LoginAsync", "RenewToken", "Logout" })
            {
                yield return new TestCaseData("RTM2", state.ToString(), command).SetName($"RTM2 {command} in {state}");
            }
        }
    }

    [TestCaseSource(nameof(Commands))]
    public void ACommand_IsAllowedExactlyWhereItsTableHasARule_AndRefusedNamingThoseStates(string name, string state, string command)
    {
        var (machine, _, _) = Table(name);
        var trigger = command switch
        {
            "JoinChannel" or "RenewToken" or "LeaveChannel" or "Logout" => command,
            "LoginAsync" => "Login",
            _ => "Logout",
        };
        var withRule = machine.Info.States
            .Where(s => s.FixedTransitions.Select(t => t.Trigger).Concat(s.IgnoredTriggers.Select(t => t.Trigger)).Any(t => t.UnderlyingTrigger.ToString() == trigger))
            .Select(s => s.UnderlyingState.ToString()!)
            .ToList();
        var time = new FakeTimeProvider();
        using var subject = InState(name, state, time);
        var expiry = time.GetUtcNow() + Min(10);

        var error = Catch(() => subject.Run(command, expiry));

        if (withRule.Contains(state))
        {
            Assert.That(error, Is.Null, $"{command} in {state}: the table has a rule for {trigger} there");
        }
        else
        {
            var where = withRule.Count == 1 ? $"state {withRule[0]}" : $"states {string.Join(", ", withRule.Take(withRule.Count - 1))} or {withRule[^1]}";
            Assert.That(error, Is.InstanceOf<InvalidOperationException>());
            Assert.That(error!.Message, Does.StartWith($"{command} is not allowed in state {state}; it is allowed only in {where}."));
        }
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    // A machine of the named type driven into the named state.
    private static Subject InState(string name, string state, FakeTimeProvider time)
    {
        switch (name)
        {
            case "RTC":
                var rtc = new RtcConnectionStateMachine(time);
                if (state != "Disconnected")
                {
                    rtc.JoinChannel();
                }

                if (state is "Connected" or "Reconnecting")
                {
                    rtc.ReportJoinSuccess();
                }

                if (state == "Reconnecting")
                {
                    time.Advance(Sec(4));
                }

                if (state == "Failed")
                {
                    rtc.ReportBanned();
                }

                Assert.That(rtc.State.ToString(), Is.EqualTo(state));
                return new Subject(rtc, (command, expiry) =>
                {
                    switch (command)
                    {
                        case "JoinChannel": rtc.JoinChannel(); break;
                        case "RenewToken": rtc.RenewToken(expiry); break;
                        default: rtc.LeaveChannel(); break;
                    }
                });
            case "RTM":
                var rtm = new RtmConnectionStateMachine(time);
                if (state != "Disconnected")
                {
                    _ = rtm.LoginAsync();
                }

                if (state is "Connected" or "Reconnecting")
                {
                    rtm.ReportLoginSuccess();
                }

                if (state == "Reconnecting")
                {
                    time.Advance(Sec(4));
                }

                if (state == "Aborted")
                {
                    rtm.ReportRemoteLogin();
                }

                Assert.That(rtm.State.ToString(), Is.EqualTo(state));
                return new Subject(rtm, (command, expiry) =>
                {
                    switch (command)
                    {
                        case "LoginAsync": _ = rtm.LoginAsync(); break;
                        case "RenewToken": rtm.RenewToken(expiry); break;
                        default: _ = rtm.LogoutAsync(); break;
                    }
                });
            default:
                var link = new RtmLinkStateMachine(null, time);
                if (state != "Idle")
                {
                    _ = link.LoginAsync();
                }

                if (state is "Connected" or "Disconnected" or "Suspended")
                {
                    link.ReportLoginSuccess();
                }

                if (state is "Disconnected" or "Suspended")
                {
                    time.Advance(Sec(9)); // heartbeat 5 s + 4 s: lost; the first attempt starts at once
                    for (var i = 0; state == "Suspended" && link.State != RtmLinkState.Suspended && i < 300; i++)
                    {
                        time.Advance(Sec(1));
                    }

                    for (var i = 0; state == "Disconnected" && link.State != RtmLinkState.Disconnected && i < 100; i++)
                    {
                        time.Advance(Sec(1));
                    }
                }

                if (state == "Failed")
                {
                    link.ReportServerRejection(RtmLinkStateChangeReason.KickedOutByServer);
                }

                Assert.That(link.State.ToString(), Is.EqualTo(state));
                return new Subject(link, (command, expiry) =>
                {
                    switch (command)
                    {
                        case "LoginAsync": _ = link.LoginAsync(); break;
                        case "RenewToken": link.RenewToken(expiry); break;
                        default: link.Logout(); break;
                    }
                });
        }
    }

    private static (MachineDescription Machine, string[] States, string[] Triggers) Table(string name) => name switch
    {
        "RTC" => (RtcConnectionStateMachine.Describe(), Enum.GetNames<ConnectionState>(), Enum.GetNames<RtcConnectionStateMachine.Trigger>()),
        "RTM" => (RtmConnectionStateMachine.Describe(), Enum.GetNames<RtmConnectionState>(), Enum.GetNames<RtmConnectionStateMachine.Trigger>()),
        _ => (RtmLinkStateMachine.Describe(), Enum.GetNames<RtmLinkState>(), Enum.GetNames<RtmLinkStateMachine.Trigger>()),
    };

    private sealed class Subject(IDisposable machine, Action<string, DateTimeOffset> run) : IDisposable
    {
        public void Run(string command, DateTimeOffset expiry) => run(command, expiry);

        public void Dispose() => machine.Dispose();
    }
}
