using System.Diagnostics;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Benchmarks;

/// <summary>The memory and scale figures BenchmarkDotNet does not give: bytes retained per user and per machine, timers, and one big timeout.</summary>
internal static class ScaleHarness
{
    public static void Run()
    {
        Console.WriteLine($"Scale harness on .NET {Environment.Version}, {Environment.ProcessorCount} cores, {(Environment.Is64BitProcess ? "64" : "32")}-bit");
        TrackedUsers(100_000);
        ConnectedMachines(10_000);
        RetainedPerIdleConnectedMachine(10_000);
        OneAdvanceTimesOutEveryone(100_000);
    }

    private static void TrackedUsers(int users)
        => Console.WriteLine($"tracked users: {users:N0}, {RetainedBytes.PerTrackedUser(users):F1} bytes retained per user");

    private static void ConnectedMachines(int count)
    {
        var time = new CountingTimeProvider(SystemTimeProvider.Instance);
        var before = RetainedBytes.Heap();
        var machines = new RtcConnectionStateMachine[count];
        for (var i = 0; i < count; i++)
        {
            machines[i] = new RtcConnectionStateMachine(timeProvider: time);
            machines[i].JoinChannel();
            machines[i].ReportJoinSuccess();
        }

        var after = RetainedBytes.Heap();
        Console.WriteLine($"connected RTC machines: {count:N0}, {(after - before) / (double)count:F0} bytes retained per machine (its timer included), {time.LiveTimers / (double)count:F2} live timers per machine");
        foreach (var machine in machines)
        {
            machine.Dispose();
        }

        Console.WriteLine($"after dispose: {time.LiveTimers} live timers");
    }

    // Every machine type, connected and idle on the system clock: what it keeps (the budget is 10 KB; a test fails above 12 KB).
    private static void RetainedPerIdleConnectedMachine(int count)
    {
        Console.WriteLine($"retained per idle connected machine ({count:N0} of each): " + string.Join(", ", new[]
        {
            ("RTC", RetainedBytes.PerMachine(count, RetainedBytes.ConnectedRtc)),
            ("RTM 1.x", RetainedBytes.PerMachine(count, RetainedBytes.ConnectedRtm)),
            ("RTM 2.x", RetainedBytes.PerMachine(count, RetainedBytes.ConnectedLink)),
        }.Select(m => $"{m.Item1} {m.Item2:N0} B")));
    }

    private static void OneAdvanceTimesOutEveryone(int users)
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        var offline = 0;
        tracker.EventRaised += (_, e) => offline += e is RemoteUserOffline ? 1 : 0;
        for (uint uid = 0; uid < users; uid++)
        {
            tracker.ReportUserJoined(uid);
        }

        var watch = Stopwatch.StartNew();
        time.Advance(TimeSpan.FromSeconds(20));
        watch.Stop();
        Console.WriteLine($"one Advance in which {offline:N0} of {users:N0} users time out: {watch.Elapsed.TotalMilliseconds:F1} ms (fake timers alive: {time.TimerCount})");
    }

    /// <summary>The system clock, counting the timers created and not yet disposed.</summary>
    private sealed class CountingTimeProvider(ITimeProvider inner) : ITimeProvider
    {
        private int _live;

        public int LiveTimers => Volatile.Read(ref _live);

        public long TimestampFrequency => inner.TimestampFrequency;

        public DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public long GetTimestamp() => inner.GetTimestamp();

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _live);
            return new CountedTimer(inner.CreateTimer(callback, state, dueTime, period), this);
        }

        private sealed class CountedTimer(ITimer timer, CountingTimeProvider owner) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(dueTime, period);

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref owner._live);
                }

                timer.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}
