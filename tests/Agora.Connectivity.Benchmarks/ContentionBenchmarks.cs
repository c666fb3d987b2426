using Agora.Connectivity.Rtc;
using BenchmarkDotNet.Attributes;

namespace Agora.Connectivity.Benchmarks;

/// <summary>
/// The same activity reports from one thread, and from two threads at once on two machines and on one
/// machine (both writing the same stamp). Each benchmark makes <see cref="Reports"/> reports per
/// thread; the figures are per report.
/// </summary>
[MemoryDiagnoser]
public class ContentionBenchmarks
{
    private const int Reports = 1_000_000;

    private RtcConnectionStateMachine _first = null!;
    private RtcConnectionStateMachine _second = null!;

    [GlobalSetup]
    public void Setup()
    {
        _first = Connected();
        _second = Connected();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reports)]
    public void OneThreadOneMachine() => Report(_first);

    [Benchmark(OperationsPerInvoke = Reports * 2)]
    public void TwoThreadsTwoMachines() => Parallel.Invoke(() => Report(_first), () => Report(_second));

    [Benchmark(OperationsPerInvoke = Reports * 2)]
    public void TwoThreadsOneMachine() => Parallel.Invoke(() => Report(_first), () => Report(_first));

    private static void Report(RtcConnectionStateMachine machine)
    {
        for (var i = 0; i < Reports; i++)
        {
            machine.ReportServerActivity();
        }
    }

    private static RtcConnectionStateMachine Connected()
    {
        var machine = new RtcConnectionStateMachine();
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        return machine;
    }
}
