namespace Agora.Connectivity.Reconnect;

/// <summary>
/// The consumer's connection to its server (a WebSocket, a TCP socket, an SDK session): what a
/// connection driver opens, listens to and closes. One connection at a time.
/// </summary>
public interface IConnectionTransport
{
    /// <summary>
    /// Opens a connection and completes when the server has accepted it (the join or login handshake).
    /// Report every received frame, and the connection's end, to <paramref name="sink"/>.
    /// </summary>
    /// <param name="sink">Where the open connection reports what it receives.</param>
    /// <param name="cancellationToken">Canceled when the attempt times out or the driver stops; the attempt must then end.</param>
    /// <returns>A task that completes when the connection is accepted, and faults when the attempt failed.</returns>
    Task ConnectAsync(IConnectionSink sink, CancellationToken cancellationToken);

    /// <summary>Closes the current connection, if any. Called when the app leaves or logs out, the machine gives up, or the driver is disposed.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    Task CloseAsync();
}
