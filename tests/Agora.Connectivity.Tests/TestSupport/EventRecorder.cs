using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>Records every event a source raises, and says when each was delivered relative to the clock's start.</summary>
public sealed class EventRecorder
{
    private readonly List<ConnectivityEvent> _events = [];

    public EventRecorder(IConnectivityEventSource source, FakeTimeProvider time)
    {
        Time = time;
        source.EventRaised += (_, e) =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        };
    }

    public FakeTimeProvider Time { get; }

    public IReadOnlyList<ConnectivityEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToArray();
            }
        }
    }

    /// <summary>Returns the events recorded since the last call, and forgets them.</summary>
    public IReadOnlyList<ConnectivityEvent> Take()
    {
        lock (_events)
        {
            var taken = _events.ToArray();
            _events.Clear();
            return taken;
        }
    }

    /// <summary>Builds an expected event stamped <paramref name="offset"/> after the clock's start.</summary>
    public T At<T>(TimeSpan offset, T e)
        where T : ConnectivityEvent
        => e with { Timestamp = Time.Start + offset };
}
