using System.Globalization;

namespace Agora.Connectivity.Internal;

/// <summary>
/// A token's two deadlines on a machine's clock: the warning (<c>onTokenPrivilegeWillExpire</c>, a set time before
/// the expiry, at once when less is left) and the expiry. The wall-clock expiry is placed on the monotonic
/// clock once, when the token is given; <see langword="default"/> is a token that never expires.
/// </summary>
internal readonly struct TokenLifetime
{
    private TokenLifetime(DateTimeOffset expiresAt, long dueAt, long warnAt, bool warned)
    {
        ExpiresAt = expiresAt;
        DueAt = dueAt;
        WarnAt = warnAt;
        Warned = warned;
    }

    /// <summary>Gets a value indicating whether the token expires at all.</summary>
    public bool Expires => ExpiresAt is not null;

    /// <summary>Gets the wall-clock instant the token expires at, as the app gave it; <see langword="null"/> when it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Gets the timestamp the token expires at.</summary>
    public long DueAt { get; }

    /// <summary>Gets the timestamp the warning is due at: never before the token was given.</summary>
    public long WarnAt { get; }

    /// <summary>Gets a value indicating whether the warning was raised, or is not to be (the token was given already expired).</summary>
    public bool Warned { get; }

    /// <summary>Places a token given at <paramref name="given"/> on <paramref name="time"/>'s clock.</summary>
    /// <param name="expiresAt">When it expires; <see langword="null"/> for a token that never does.</param>
    /// <param name="given">The instant it was given and its timestamp (the fire's).</param>
    /// <param name="time">The machine's clock.</param>
    /// <param name="warning">How long before the expiry the warning is due.</param>
    public static TokenLifetime Start(DateTimeOffset? expiresAt, (DateTimeOffset At, long Timestamp) given, ITimeProvider time, TimeSpan warning)
    {
        if (expiresAt is not { } instant)
        {
            return default;
        }

        var now = given.Timestamp;
        var left = instant - given.At;
        if (left <= TimeSpan.Zero)
        {
            return new TokenLifetime(instant, now, now, warned: true);
        }

        // Checked when the app gave it; saturating here keeps a call queued from a handler total.
        var units = Units(time, left);
        // Stryker disable once Equality : at the exact double boundary both branches give long.MaxValue (or one unit less).
        var dueAt = units >= long.MaxValue - (double)now ? long.MaxValue : now + (long)units;
        var warnAt = dueAt - TimeMath.ToTimestampUnits(time, warning);
        return new TokenLifetime(instant, dueAt, warnAt > now ? warnAt : now, warned: false);
    }

    /// <summary>
    /// Checks an expiry an app passes: it must be placeable on the machine's clock and, unless
    /// <paramref name="allowPast"/>, not earlier than now.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">It is earlier than now (and that is not allowed), or further ahead than the clock can count.</exception>
    public static void ThrowIfInvalid(DateTimeOffset expiresAt, ITimeProvider time, bool allowPast, string parameterName)
    {
        var now = time.GetUtcNow();
        var left = expiresAt - now;
        if (!allowPast && left < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                expiresAt,
                $"The new token must not have expired already: it expires at {Format(expiresAt)}, earlier than now ({Format(now)}). Leave the channel and join with a valid token instead.");
        }

        // Stryker disable once Equality : the boundaries differ only for an expiry of exactly now on a clock at its very last tick, or at the exact double boundary.
        if (left > TimeSpan.Zero && Units(time, left) >= long.MaxValue - (double)time.GetTimestamp())
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                expiresAt,
                $"The token's expiry {Format(expiresAt)} is further ahead than the machine's clock can count. For a token that never expires, join with JoinChannel().");
        }
    }

    /// <summary>Gets the same token, its warning raised; a token that never expires (a followed SDK warned of one the app did not describe) stays as it is.</summary>
    public TokenLifetime WithWarned() => ExpiresAt is { } expiresAt ? new(expiresAt, DueAt, WarnAt, warned: true) : this;

    private static double Units(ITimeProvider time, TimeSpan duration)
        => duration.Ticks * ((double)time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private static string Format(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);
}
