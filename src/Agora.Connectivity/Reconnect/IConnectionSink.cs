namespace Agora.Connectivity.Reconnect;

/// <summary>What an open connection reports to its driver.</summary>
public interface IConnectionSink
{
    /// <summary>A frame arrived from the server. Called for every frame: it only stamps the time.</summary>
    void FrameReceived();

    /// <summary>The connection ended without being asked to (the socket closed); the driver starts reconnecting at once.</summary>
    /// <param name="error">Why, when known.</param>
    void Closed(Exception? error);
}
