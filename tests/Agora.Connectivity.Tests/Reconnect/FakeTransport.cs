using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.Reconnect;

/// <summary>A transport whose attempts follow a script: fail at once, succeed at once, or hang until canceled.</summary>
internal sealed class FakeTransport : IConnectionTransport
{
    private readonly FakeTimeProvider _time;
    private readonly Queue<Func<CancellationToken, Task>> _script = new();

    public FakeTransport(FakeTimeProvider time) => _time = time;

    public List<TimeSpan> AttemptTimes { get; } = [];

    public List<CancellationToken> AttemptTokens { get; } = [];

    public int Closes { get; private set; }

    public IConnectionSink? Sink { get; private set; }

    /// <summary>What an attempt does once the script is used up.</summary>
    public Func<CancellationToken, Task> Otherwise { get; set; } = _ => Task.FromException(new IOException("connection refused"));

    public FakeTransport Then(Func<CancellationToken, Task> attempt)
    {
        _script.Enqueue(attempt);
        return this;
    }

    public static Task Succeed(CancellationToken token) => Task.CompletedTask;

    public static Task Fail(CancellationToken token) => Task.FromException(new IOException("connection refused"));

    public static Task Hang(CancellationToken token)
    {
        var completion = new TaskCompletionSource<bool>();
        token.Register(() => completion.TrySetCanceled(token));
        return completion.Task;
    }

    public Task ConnectAsync(IConnectionSink sink, CancellationToken cancellationToken)
    {
        Sink = sink;
        AttemptTimes.Add(_time.Elapsed);
        AttemptTokens.Add(cancellationToken);
        return (_script.Count > 0 ? _script.Dequeue() : Otherwise)(cancellationToken);
    }

    public Task CloseAsync()
    {
        Closes++;
        return Task.CompletedTask;
    }
}

/// <summary>A <see cref="Random"/> that always draws the same value, so jitter is exact.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
