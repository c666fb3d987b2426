namespace Agora.Connectivity;

/// <summary>
/// Something a connection machine or tracker observed: a state change or a fact such as a lost
/// connection. Events are raised through <see cref="IConnectivityEventSource.EventRaised"/>.
/// </summary>
public abstract record ConnectivityEvent
{
    /// <summary>Gets when it happened, read from the source's <see cref="ITimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; init; }
}
