using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>
/// Fake time seen through timestamps of another frequency: 1,000 per second like the system clock on .NET 8, or
/// 1,000,000,000 like <c>Stopwatch</c> on Linux (which can count about 292 years). Timers are the fake's own.
/// </summary>
internal sealed class ScaledClock(FakeTimeProvider time, long frequency) : ITimeProvider
{
    public long TimestampFrequency => frequency;

    public DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public long GetTimestamp() => frequency >= TimeSpan.TicksPerSecond
        ? time.GetTimestamp() * (frequency / TimeSpan.TicksPerSecond)
        : time.GetTimestamp() / (TimeSpan.TicksPerSecond / frequency);

    public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => ((ITimeProvider)time).CreateTimer(callback, state, dueTime, period);
}
