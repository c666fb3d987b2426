using Agora.Connectivity.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Agora.Connectivity.Benchmarks              -> every benchmark
// dotnet run -c Release --project tests/Agora.Connectivity.Benchmarks -- --scale   -> the memory and scale harness
// Other arguments go to BenchmarkDotNet (for example --filter *Machine*).
if (args.Contains("--scale"))
{
    ScaleHarness.Run();
    return;
}

// BenchmarkDotNet's default toolchain: each benchmark class is built and run in a process of its own
// (BenchmarkDotNet 0.15 knows .NET 10). Iterations are bounded: the shuffled 100,000-user benchmarks are
// noisy (memory latency) and would otherwise run up to 100 iterations of several seconds each.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithMinIterationCount(15)
    .WithMaxIterationCount(30)
    .AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
