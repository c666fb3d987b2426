namespace Agora.Connectivity.Testing.Internal;

/// <summary>Runs actions later on a simulation's fake clock: the latencies of the documents and the server's timers.</summary>
internal sealed class SimulationScheduler : IDisposable
{
    private readonly FakeTimeProvider _time;
    private readonly HashSet<ITimer> _pending = [];

    public SimulationScheduler(FakeTimeProvider time)
    {
        _time = time;
        Start = time.GetUtcNow();
    }

    public DateTimeOffset Start { get; }

    /// <summary>Gets the time since the simulation started.</summary>
    public TimeSpan Now => _time.GetUtcNow() - Start;

    /// <summary>Runs <paramref name="action"/> once, <paramref name="delay"/> from now.</summary>
    public void After(TimeSpan delay, Action action)
    {
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                _pending.Remove(timer!);
                timer!.Dispose();
                action();
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        _pending.Add(timer);
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Runs <paramref name="action"/> every <paramref name="period"/>, from one period after now.</summary>
    public void Every(TimeSpan period, Action action)
        => _pending.Add(_time.CreateTimer(_ => action(), null, period, period));

    public void Dispose()
    {
        foreach (var timer in _pending)
        {
            timer.Dispose();
        }

        _pending.Clear();
    }
}
