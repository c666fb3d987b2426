using System.Diagnostics;

namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// One outage's activity. The machine notes its start and end under its lock; <see cref="Start"/> and <see cref="End"/> run outside
/// it, in that order as a rule (the dispatcher runs them in event order), and in either order when a dispose races a start: whichever
/// runs second stops the activity.
/// </summary>
internal sealed class OutageTrace
{
    private readonly string _name;
    private readonly string _kind;
    private readonly string? _connection;
    private readonly DateTimeOffset _start;
    private readonly string _startReason;
    private Activity? _activity;
    private int _ended;
    private (DateTimeOffset At, string State, string Reason, bool Failed) _end;

    public OutageTrace(string name, string kind, string? connection, DateTimeOffset start, string startReason)
    {
        _name = name;
        _kind = kind;
        _connection = connection;
        _start = start;
        _startReason = startReason;
    }

    /// <summary>Notes how the outage ended; call before <see cref="End"/> runs.</summary>
    public void SetEnd(DateTimeOffset at, string state, string reason, bool failed) => _end = (at, state, reason, failed);

    /// <summary>Starts the activity at the outage's instant, unless nobody listens any more.</summary>
    public void Start()
    {
        var activity = ConnectivityTracing.StartRoot(_name, _start);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("agora.connection.kind", _kind);
        activity.SetTag("agora.connection.name", _connection);
        activity.SetTag("agora.outage.reason", _startReason);
        Volatile.Write(ref _activity, activity);
        if (Volatile.Read(ref _ended) == 1)
        {
            Stop();
        }
    }

    /// <summary>Ends the activity at the noted end.</summary>
    public void End()
    {
        Volatile.Write(ref _ended, 1);
        Stop();
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _activity, null) is not { } activity)
        {
            return;
        }

        var (at, state, reason, failed) = _end;
        activity.SetTag("agora.connection.state", state);
        activity.SetTag("agora.connection.reason", reason);
        if (failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, $"{state}, {reason}");
        }

        ConnectivityTracing.Stop(activity, at);
    }
}
