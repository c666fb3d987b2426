namespace Agora.Connectivity.Reconnect;

/// <summary>
/// When a connection driver tries again, and for how long each attempt may run. A plain strategy
/// object: write your own, or use <see cref="ExponentialBackoffPolicy"/> or <see cref="FixedDelaysPolicy"/>.
/// </summary>
public interface IReconnectPolicy
{
    /// <summary>Gets the wait, from the failure of the last attempt, before the next one; <see langword="null"/> to stop retrying.</summary>
    /// <param name="context">The episode so far (at least one attempt made).</param>
    /// <returns>The delay, or <see langword="null"/> to stop.</returns>
    TimeSpan? NextRetryDelay(ReconnectContext context);

    /// <summary>Gets how long the next attempt may run before it is canceled and counted as failed.</summary>
    /// <param name="context">The episode so far.</param>
    /// <returns>The attempt's timeout.</returns>
    TimeSpan AttemptTimeout(ReconnectContext context);
}
