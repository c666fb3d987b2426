using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>Moves fake time while a connection hears from its server every second, so that only deadlines other than silence fire.</summary>
public static class ServerData
{
    /// <summary>Advances <paramref name="time"/> by <paramref name="duration"/> in steps of at most a second, reporting server data after each.</summary>
    public static void AdvanceWithData(this FakeTimeProvider time, TimeSpan duration, Action reportServerActivity)
    {
        while (duration > TimeSpan.Zero)
        {
            var step = duration < TimeSpan.FromSeconds(1) ? duration : TimeSpan.FromSeconds(1);
            time.Advance(step);
            reportServerActivity();
            duration -= step;
        }
    }
}
