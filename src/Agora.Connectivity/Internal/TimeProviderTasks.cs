namespace Agora.Connectivity.Internal;

/// <summary>Task-shaped waits on an <see cref="ITimeProvider"/>, for code that must run on fake time too.</summary>
internal static class TimeProviderTasks
{
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
