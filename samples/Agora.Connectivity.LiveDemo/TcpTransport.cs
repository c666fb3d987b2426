using System.Net;
using System.Net.Sockets;
using System.Text;
using Agora.Connectivity.Reconnect;

namespace Agora.Connectivity.LiveDemo;

/// <summary>
/// The client side of the demo: a TCP connection whose handshake is the server's <c>WELCOME</c> line;
/// every line after it is a frame. What the library sees of it goes through <see cref="IConnectionSink"/> only.
/// </summary>
internal sealed class TcpTransport(IPEndPoint server) : IConnectionTransport
{
    private readonly object _gate = new();
    private TcpClient? _client;

    public async Task ConnectAsync(IConnectionSink sink, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            var handshake = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (handshake != "WELCOME")
            {
                throw new IOException($"Unexpected handshake '{handshake}'.");
            }

            lock (_gate)
            {
                _client?.Dispose();
                _client = client;
            }

            _ = ReadAsync(client, reader, sink);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public Task CloseAsync()
    {
        lock (_gate)
        {
            _client?.Dispose();
            _client = null;
        }

        return Task.CompletedTask;
    }

    private async Task ReadAsync(TcpClient client, StreamReader reader, IConnectionSink sink)
    {
        Exception? error = null;
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is not null)
            {
                sink.FrameReceived();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            error = e;
        }

        bool current;
        lock (_gate)
        {
            current = _client == client;
            if (current)
            {
                _client = null;
            }
        }

        client.Dispose();
        if (current)
        {
            sink.Closed(error);
        }
    }
}
