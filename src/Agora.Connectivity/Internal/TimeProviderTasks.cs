namespace Agora.Connectivity.Internal;

/// <summary>Task-shaped waits on an <see cref="ITimeProvider"/>, for code that must run on fake time too.</summary>
internal static class TimeProviderTasks
{
    /// <summary>
    /// Completes after <paramref name="delay"/> on <paramref name="time"/>'s clock, or is canceled with
    /// <paramref name="cancellationToken"/>. Its continuation runs where the timer fires (under fake
    /// time: inside <c>Advance</c>, at the due instant).
    /// </summary>
    public static Task Delay(ITimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var completion = new TaskCompletionSource<bool>();
        var timer = time.CreateTimer(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), completion, delay, Timeout.InfiniteTimeSpan);
        var registration = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        return completion.Task.ContinueWith(
            task =>
            {
                timer.Dispose();
                registration.Dispose();
                return task;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }

    /// <summary>Cancels <paramref name="source"/> after <paramref name="delay"/> on <paramref name="time"/>'s clock; dispose the result to call it off.</summary>
    public static ITimer CancelAfter(ITimeProvider time, CancellationTokenSource source, TimeSpan delay)
        => time.CreateTimer(
            static state =>
            {
                try
                {
                    ((CancellationTokenSource)state!).Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The attempt ended and disposed its source while the timer was firing.
                }
            },
            source,
            delay,
            Timeout.InfiniteTimeSpan);
}
