using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>
/// What a machine keeps once it is connected and idle, and what a tracker keeps per user: the managed heap after a full
/// collection, before and after creating many, divided by their number (their system timers included). Shared by the scale
/// harness (<c>--scale</c>) and the tests that hold the budgets (<c>Internal/Machines/RetainedMemoryTests.cs</c>).
/// </summary>
internal static class RetainedBytes
{
    public static IDisposable ConnectedRtc()
    {
        var machine = new RtcConnectionStateMachine(timeProvider: SystemTimeProvider.Instance);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        return machine;
    }

    public static IDisposable ConnectedRtm()
    {
        var machine = new RtmConnectionStateMachine(timeProvider: SystemTimeProvider.Instance);
        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();
        return machine;
    }

    public static IDisposable ConnectedLink()
    {
        var machine = new RtmLinkStateMachine(null, SystemTimeProvider.Instance);
        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();
        return machine;
    }

    /// <summary>Creates <paramref name="count"/> machines with <paramref name="create"/> and returns the bytes each keeps.</summary>
    public static long PerMachine(int count, Func<IDisposable> create)
    {
        create().Dispose(); // the type's shared table and statics are not a machine's
        var before = Heap();
        var machines = new IDisposable[count];
        for (var i = 0; i < count; i++)
        {
            machines[i] = create();
        }

        var after = Heap();
        GC.KeepAlive(machines);
        foreach (var machine in machines)
        {
            machine.Dispose();
        }

        return (after - before) / count;
    }

    /// <summary>Reports <paramref name="users"/> joined to one tracker and returns the bytes it keeps per user (its table and deadlines).</summary>
    public static double PerTrackedUser(int users)
    {
        new RemoteUserTracker().Dispose();
        var before = Heap();
        var tracker = new RemoteUserTracker(timeProvider: SystemTimeProvider.Instance);
        for (uint uid = 0; uid < users; uid++)
        {
            tracker.ReportUserJoined(uid);
        }

        var after = Heap();
        GC.KeepAlive(tracker);
        tracker.Dispose();
        return (after - before) / (double)users;
    }

    /// <summary>Gets the managed heap's size after a full collection.</summary>
    public static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
