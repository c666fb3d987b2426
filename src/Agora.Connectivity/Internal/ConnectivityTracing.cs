using System.Diagnostics;

namespace Agora.Connectivity.Internal;

/// <summary>
/// The library's <see cref="ActivitySource"/>, named like its meter: an activity per outage of a connection (from Reconnecting to
/// its end) and per attempt of a reconnect driver. Nothing is created, and nothing allocated, while nobody listens.
/// </summary>
/// <remarks>
/// Tags follow OpenTelemetry's naming (lower case, dot-separated, a namespace of the library's own): <c>agora.connection.kind</c>
/// (<c>rtc</c>, <c>rtm</c>), <c>agora.connection.name</c> (a named connection's name), <c>agora.connection.state</c> and
/// <c>agora.connection.reason</c> (how the outage ended), <c>agora.attempt.number</c> and <c>agora.attempt.outcome</c>
/// (<c>accepted</c>, <c>refused</c>, <c>timed_out</c>, <c>canceled</c>, <c>failed</c>). Start and end times are the machine's clock,
/// so a test on fake time sees the documented durations. See <c>docs/operating.md</c>.
/// </remarks>
internal static class ConnectivityTracing
{
    /// <summary>The name of the source, the same as the meter's.</summary>
    public const string SourceName = "Agora.Connectivity";

    public static readonly ActivitySource Source = new(SourceName, typeof(ConnectivityTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts a root activity at <paramref name="start"/> (never a child of whatever happens to be current on the calling thread, and
    /// never left as the thread's current one); <see langword="null"/> when nobody listens.
    /// </summary>
    public static Activity? StartRoot(string name, DateTimeOffset start)
    {
        // Stryker disable once Block : StartActivity returns null without a listener too; this only skips the save and restore of Activity.Current.
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            return Source.StartActivity(name, ActivityKind.Internal, parentContext: default, tags: null, links: null, startTime: start);
        }
        finally
        {
            Activity.Current = current;
        }
    }

    /// <summary>Ends <paramref name="activity"/> at <paramref name="end"/>.</summary>
    public static void Stop(Activity activity, DateTimeOffset end)
    {
        activity.SetEndTime(end.UtcDateTime);
        activity.Stop();
    }
}
