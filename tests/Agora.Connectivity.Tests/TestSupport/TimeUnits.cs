namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>Short names for the durations the timelines are written in.</summary>
public static class TimeUnits
{
    public static TimeSpan Ms(double value) => TimeSpan.FromMilliseconds(value);

    public static TimeSpan Sec(double value) => TimeSpan.FromSeconds(value);

    public static TimeSpan Min(double value) => TimeSpan.FromMinutes(value);

    public static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
}
