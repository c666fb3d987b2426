using System.Diagnostics;

namespace Agora.Connectivity.Internal;

/// <summary>
/// The system's cheapest monotonic clock, for the per-packet path. Target-specific code lives here only.
/// </summary>
/// <remarks>
/// On .NET 8 it is <c>Environment.TickCount64</c> (milliseconds, read in a few nanoseconds);
/// <see cref="Stopwatch.GetTimestamp"/> costs five times as much on a virtual machine's clock source
/// (docs/benchmarks.md), and nanosecond resolution buys nothing for deadlines of seconds. netstandard2.0
/// has no 64-bit tick count, so it keeps the stopwatch.
/// </remarks>
internal static class MonotonicClock
{
#if NET8_0_OR_GREATER
    public const long Frequency = 1000;

    public static long GetTimestamp() => Environment.TickCount64;
#else
    public static readonly long Frequency = Stopwatch.Frequency;

    public static long GetTimestamp() => Stopwatch.GetTimestamp();
#endif
}
