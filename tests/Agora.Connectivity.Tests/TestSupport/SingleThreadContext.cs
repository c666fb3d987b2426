using System.Collections.Concurrent;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>
/// A UI thread of the test's own: one thread that runs what is posted to its <see cref="SynchronizationContext"/>, in order, as a
/// WPF dispatcher or Unity's main loop does. <see cref="Run"/> runs code on it and waits; <see cref="Idle"/> waits until it has run
/// everything posted so far.
/// </summary>
internal sealed class SingleThreadContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _work = [];
    private readonly Thread _thread;

    public SingleThreadContext()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "test UI thread" };
        _thread.Start();
    }

    public int ThreadId => _thread.ManagedThreadId;

    public int Posts { get; private set; }

    public override void Post(SendOrPostCallback d, object? state)
    {
        Posts++;
        _work.Add((d, state));
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("The library only posts.");

    public T Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add((_ =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }, null));
        return done.Task.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
    }

    public void Run(Action work) => Run(() =>
    {
        work();
        return 0;
    });

    public void Idle() => Run(() => 0);

    public void Dispose() => _work.CompleteAdding();

    private void Loop()
    {
        SetSynchronizationContext(this);
        foreach (var (callback, state) in _work.GetConsumingEnumerable())
        {
            callback(state);
        }
    }
}
