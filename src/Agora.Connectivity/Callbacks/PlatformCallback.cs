namespace Agora.Connectivity.Callbacks;

/// <summary>One callback as a platform's SDK would fire it: its name and its arguments, already spelled for that platform.</summary>
/// <param name="Name">The callback's name, for example <c>onConnectionStateChanged</c> or <c>stream-removed</c>.</param>
/// <param name="Arguments">The arguments, for example <c>CONNECTION_STATE_RECONNECTING</c>; a uid in decimal.</param>
public sealed record PlatformCallback(string Name, IReadOnlyList<string> Arguments)
{
    /// <summary>Initializes a new instance of the <see cref="PlatformCallback"/> class.</summary>
    /// <param name="name">The callback's name.</param>
    /// <param name="arguments">The arguments, in order.</param>
    public PlatformCallback(string name, params string[] arguments)
        : this(name, (IReadOnlyList<string>)arguments)
    {
    }

    /// <summary>
    /// Gets the instant the platform fires the callback: the <see cref="ConnectivityEvent.Timestamp"/> of the event it comes from
    /// (set by <see cref="ICallbackStrategy.Map"/>), so a <c>Subscribe</c> handler reads when it happened, not when it is told.
    /// Not part of equality: two callbacks are equal when they say the same thing.
    /// </summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Compares the name and every argument, in order (not the <see cref="Timestamp"/>).</summary>
    /// <param name="other">The callback to compare with.</param>
    /// <returns><see langword="true"/> when both have the same name and the same arguments.</returns>
    public bool Equals(PlatformCallback? other)
        => other is not null && Name == other.Name && Arguments.SequenceEqual(other.Arguments);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Name, StringComparer.Ordinal);
        foreach (var argument in Arguments)
        {
            hash.Add(argument, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>Formats the callback as <c>Name(arg1, arg2)</c>.</summary>
    /// <returns>For example <c>onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)</c>.</returns>
    public override string ToString() => $"{Name}({string.Join(", ", Arguments)})";
}
