using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>
/// What a machine keeps once it is connected and idle: the managed heap after a full collection, before and after creating many,
/// divided by their number (their system timers included). Shared by the scale harness (<c>--scale</c>) and the test that holds
/// the budget (<c>Internal/Machines/RetainedMemoryTests.cs</c>).
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

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
