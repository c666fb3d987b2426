using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Reconnect;

/// <summary>
/// SignalR's default: wait each of a fixed list of delays after a failed attempt (0, 2, 10 and 30
/// seconds), then stop, or keep repeating the last one.
/// </summary>
public sealed class FixedDelaysPolicy : IReconnectPolicy
{
    private readonly TimeSpan[] _delays;

    /// <summary>Initializes a new instance of the <see cref="FixedDelaysPolicy"/> class with SignalR's delays (0, 2, 10, 30 s), stopping after them.</summary>
    public FixedDelaysPolicy()
        : this([TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FixedDelaysPolicy"/> class.</summary>
    /// <param name="delays">The delay before each retry, in order; at least one, none negative.</param>
    /// <param name="repeatLast">Whether to keep retrying with the last delay once the list is used up, instead of stopping.</param>
    /// <param name="attemptTimeout">How long each attempt may run; 20 seconds when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="delays"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="delays"/> is empty or has a negative or too long delay, or the timeout is not above zero.</exception>
    public FixedDelaysPolicy(IEnumerable<TimeSpan> delays, bool repeatLast = false, TimeSpan? attemptTimeout = null)
    {
        _delays = Guard.NotNull(delays).ToArray();
        if (_delays.Length == 0 || _delays.Any(d => d < TimeSpan.Zero || d > TimeMath.MaxTimerDelay))
        {
            throw new ArgumentException("Give at least one delay, none negative or longer than a timer can hold.", nameof(delays));
        }

        var timeout = attemptTimeout ?? TimeSpan.FromSeconds(20);
        if (timeout <= TimeSpan.Zero || timeout > TimeMath.MaxTimerDelay)
        {
            throw new ArgumentException("The attempt timeout must be above zero and at most what a timer can hold.", nameof(attemptTimeout));
        }

        RepeatLast = repeatLast;
        Timeout = timeout;
    }

    /// <summary>Gets the delays, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays => _delays;

    /// <summary>Gets a value indicating whether the last delay repeats forever.</summary>
    public bool RepeatLast { get; }

    /// <summary>Gets how long each attempt may run.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="context"/> has no previous attempt: a delay is asked for only after a failed one.</exception>
    public TimeSpan? NextRetryDelay(ReconnectContext context)
    {
        var retry = Guard.RetryContext(context).PreviousAttempts - 1;
        if (retry < _delays.Length)
        {
            return _delays[retry];
        }

        return RepeatLast ? _delays[_delays.Length - 1] : null;
    }

    /// <inheritdoc/>
    public TimeSpan AttemptTimeout(ReconnectContext context) => Timeout;
}
