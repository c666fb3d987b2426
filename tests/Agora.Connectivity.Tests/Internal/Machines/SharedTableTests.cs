using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Internal.Machines;

/// <summary>
/// One Stateless table per machine type, fired for every instance: instances on many threads at once each tell exactly the timeline
/// one alone tells, and an instance's actions never act on another (MachineTable's thread-static current instance).
/// </summary>
public class SharedTableTests
{
    private const int Threads = 4;
    private const int MachinesPerThread = 150;

    [Test]
    public void ManyInstancesOfEachType_FiredFromFourThreadsAtOnce_EachTellsTheTimelineOfOneAlone()
    {
        var expected = (Rtc: Rtc(), Rtm: Rtm(), Link: Link());
        using var start = new Barrier(Threads);
        var mismatches = 0;
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < MachinesPerThread; i++)
            {
                if (!Rtc().SequenceEqual(expected.Rtc) || !Rtm().SequenceEqual(expected.Rtm) || !Link().SequenceEqual(expected.Link))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.That(mismatches, Is.Zero);
        Assert.That(expected.Link, Has.Count.EqualTo(7), "the link's timeline is not trivial");
    }

    private static List<string> Rtc()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var events = Record(machine, time);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        time.Advance(Sec(15));
        machine.ReportJoinSuccess();
        machine.LeaveChannel();
        return events;
    }

    private static List<string> Rtm()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var events = Record(machine, time);
        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();
        time.Advance(Sec(31));
        machine.ReportRemoteLogin();
        return events;
    }

    private static List<string> Link()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmLinkStateMachine(null, time);
        var events = Record(machine, time);
        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();
        time.Advance(Sec(20));          // lost at 9, attempts at 12 and 19
        machine.ReportLoginSuccess();
        return events;
    }

    private static List<string> Record(IConnectivityEventSource source, FakeTimeProvider time)
    {
        var events = new List<string>();
        source.EventRaised += (_, e) => events.Add($"{(e.Timestamp - time.Start).TotalSeconds} {e}");
        return events;
    }
}
