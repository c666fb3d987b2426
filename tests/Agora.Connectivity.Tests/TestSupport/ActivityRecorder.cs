using System.Diagnostics;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>Records the activities of the <c>Agora.Connectivity</c> source, started and stopped, from any thread, while it lives.</summary>
internal sealed class ActivityRecorder : IDisposable
{
    // Activities stop on the driver's pool threads too.
    private readonly object _gate = new();

    private readonly ActivityListener _listener;

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Agora.Connectivity",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a => { lock (_gate) { _started.Add(a); } },
            ActivityStopped = a => { lock (_gate) { _stopped.Add(a); } },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private readonly List<Activity> _started = [];
    private readonly List<Activity> _stopped = [];

    public IReadOnlyList<Activity> Started
    {
        get
        {
            lock (_gate)
            {
                return [.. _started];
            }
        }
    }

    public IReadOnlyList<Activity> Stopped
    {
        get
        {
            lock (_gate)
            {
                return [.. _stopped];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
