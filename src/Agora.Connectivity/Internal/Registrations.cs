namespace Agora.Connectivity.Internal;

/// <summary>Cancellation registrations that must not be disposed under a machine's lock.</summary>
internal static class Registrations
{
    /// <summary>
    /// Disposes <paramref name="registration"/> once <paramref name="task"/> completes, on the thread pool.
    /// Disposing it where the task is completed (under the lock) would wait for a cancellation callback
    /// that may itself be waiting for that lock.
    /// </summary>
    public static void DisposeWhenDone(Task task, CancellationTokenRegistration registration)
        => task.ContinueWith(
            static (_, state) => ((CancellationTokenRegistration)state!).Dispose(),
            registration,
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
}
