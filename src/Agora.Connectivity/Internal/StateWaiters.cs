namespace Agora.Connectivity.Internal;

/// <summary>
/// Tasks waiting for a machine to reach a state. Completed under the machine's lock with
/// asynchronous continuations, so no awaiting code ever runs inside the lock or a dispatch.
/// </summary>
internal sealed class StateWaiters<TState>
    where TState : struct, Enum
{
    private readonly List<Waiter> _waiters = [];

    public int Count => _waiters.Count;

    /// <summary>Adds a waiter for <paramref name="state"/>. Call under the lock; register cancellation after releasing it.</summary>
    public Task Add_NeedsLock(TState state, out Waiter waiter)
    {
        waiter = new Waiter(state);
        _waiters.Add(waiter);
        return waiter.Completion.Task;
    }

    public void Cancel_NeedsLock(Waiter waiter, CancellationToken cancellationToken)
    {
        if (_waiters.Remove(waiter))
        {
            waiter.Completion.TrySetCanceled(cancellationToken);
        }
    }

    public void Reached_NeedsLock(TState state)
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            var waiter = _waiters[i];
            if (EqualityComparer<TState>.Default.Equals(waiter.State, state))
            {
                _waiters.RemoveAt(i);
                waiter.Completion.TrySetResult(true);
            }
        }
    }

    public void Fail_NeedsLock(Exception exception)
    {
        foreach (var waiter in _waiters)
        {
            waiter.Completion.TrySetException(exception);
        }

        _waiters.Clear();
    }

    internal sealed class Waiter
    {
        public Waiter(TState state) => State = state;

        public TState State { get; }

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
