using Agora.Connectivity.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project tests/Agora.Connectivity.Benchmarks              -> every benchmark
// dotnet run -c Release --project tests/Agora.Connectivity.Benchmarks -- --scale   -> the memory and scale harness
// Other arguments go to BenchmarkDotNet (for example --filter *HotPath*).
if (args.Contains("--scale"))
{
    ScaleHarness.Run();
    return;
}

// In-process: BenchmarkDotNet 0.14 predates .NET 10 and cannot generate a project for it; in-process is
// also how a per-packet call is really made.
// Iterations are bounded: the shuffled 100,000-user benchmarks are noisy (memory latency) and would otherwise run up to
// 100 iterations of several seconds each.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(15), logOutput: false))
    .WithMinIterationCount(15)
    .WithMaxIterationCount(30)
    .AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
