using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Reconnect;

/// <summary>
/// gRPC's connection backoff: attempts start <see cref="InitialBackoff"/> apart, each gap
/// <see cref="Multiplier"/> times the last, up to <see cref="MaxBackoff"/>, with ±<see cref="Jitter"/>
/// randomness so a fleet does not reconnect in lockstep; each attempt may run for the larger of its
/// gap and <see cref="MinConnectTimeout"/>. It never stops retrying on its own.
/// </summary>
/// <remarks>
/// As in gRPC, a gap counts from the start of the previous attempt: after an attempt that failed
/// quickly the driver waits out the rest of the gap; after one that ran longer than its gap it tries
/// again at once. The first gap (between attempts 1 and 2) is exactly <see cref="InitialBackoff"/>;
/// later gaps are jittered.
/// </remarks>
public sealed class ExponentialBackoffPolicy : IReconnectPolicy
{
    private readonly Random _random;
    private readonly object _randomGate = new();

    /// <summary>Initializes a new instance of the <see cref="ExponentialBackoffPolicy"/> class with gRPC's defaults.</summary>
    /// <param name="random">The source of jitter; a new <see cref="Random"/> when <see langword="null"/>. Inject a seeded or fixed one for exact tests.</param>
    public ExponentialBackoffPolicy(Random? random = null)
        : this(TimeSpan.FromSeconds(1), 1.6, 0.2, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(20), random)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ExponentialBackoffPolicy"/> class.</summary>
    /// <param name="initialBackoff">The gap between the first two attempts; above zero.</param>
    /// <param name="multiplier">How much each gap grows; at least 1.</param>
    /// <param name="jitter">The relative randomness of each gap, from 0 to 1 (0.2 is ±20 %).</param>
    /// <param name="maxBackoff">The longest gap; at least <paramref name="initialBackoff"/>.</param>
    /// <param name="minConnectTimeout">The shortest time an attempt may run; above zero.</param>
    /// <param name="random">The source of jitter; a new <see cref="Random"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public ExponentialBackoffPolicy(TimeSpan initialBackoff, double multiplier, double jitter, TimeSpan maxBackoff, TimeSpan minConnectTimeout, Random? random = null)
    {
        if (initialBackoff <= TimeSpan.Zero || initialBackoff > TimeMath.MaxTimerDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(initialBackoff), initialBackoff, "The initial backoff must be above zero and at most what a timer can hold.");
        }

        if (double.IsNaN(multiplier) || multiplier < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The multiplier must be at least 1.");
        }

        if (double.IsNaN(jitter) || jitter < 0 || jitter > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The jitter must be between 0 and 1.");
        }

        if (maxBackoff < initialBackoff || maxBackoff > TimeMath.MaxTimerDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBackoff), maxBackoff, "The maximum backoff must be at least the initial backoff and at most what a timer can hold.");
        }

        if (minConnectTimeout <= TimeSpan.Zero || minConnectTimeout > TimeMath.MaxTimerDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(minConnectTimeout), minConnectTimeout, "The minimum connect timeout must be above zero and at most what a timer can hold.");
        }

        InitialBackoff = initialBackoff;
        Multiplier = multiplier;
        Jitter = jitter;
        MaxBackoff = maxBackoff;
        MinConnectTimeout = minConnectTimeout;
        _random = random ?? new Random();
    }

    /// <summary>Gets the gap between the first two attempts.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan InitialBackoff { get; }

    /// <summary>Gets how much each gap grows.</summary>
    /// <value>The default value is 1.6.</value>
    public double Multiplier { get; }

    /// <summary>Gets the relative randomness of each gap after the first.</summary>
    /// <value>The default value is 0.2 (±20 %).</value>
    public double Jitter { get; }

    /// <summary>Gets the longest gap.</summary>
    /// <value>The default value is 120 seconds.</value>
    public TimeSpan MaxBackoff { get; }

    /// <summary>Gets the shortest time an attempt may run.</summary>
    /// <value>The default value is 20 seconds.</value>
    public TimeSpan MinConnectTimeout { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="context"/> has no previous attempt: a delay is asked for only after a failed one.</exception>
    public TimeSpan? NextRetryDelay(ReconnectContext context)
    {
        Guard.RetryContext(context);
        var gap = Backoff(context.PreviousAttempts);
        if (context.PreviousAttempts > 1)
        {
            double unit;
            lock (_randomGate)
            {
                unit = (_random.NextDouble() * 2) - 1;
            }

            gap = TimeSpan.FromTicks((long)(gap.Ticks * (1 + (Jitter * unit))));
        }

        var delay = gap - context.LastAttemptDuration;
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    /// <inheritdoc/>
    public TimeSpan AttemptTimeout(ReconnectContext context)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        var gap = Backoff(context.PreviousAttempts + 1);
        return gap > MinConnectTimeout ? gap : MinConnectTimeout;
    }

    /// <summary>The gap (before jitter) that follows attempt <paramref name="attempt"/> (1-based).</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ticks = InitialBackoff.Ticks * Math.Pow(Multiplier, Math.Max(0, attempt - 1));
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}
