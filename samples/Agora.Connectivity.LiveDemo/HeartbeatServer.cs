using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Agora.Connectivity.LiveDemo;

/// <summary>
/// A server on loopback: it greets each client with <c>WELCOME</c> (the join handshake) and then sends a
/// <c>BEAT</c> frame every interval. <see cref="PauseAsync"/> drops every client and refuses new ones for a while.
/// </summary>
internal sealed class HeartbeatServer : IAsyncDisposable
{
    private static readonly byte[] Welcome = Encoding.ASCII.GetBytes("WELCOME\n");
    private static readonly byte[] Beat = Encoding.ASCII.GetBytes("BEAT\n");

    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly List<TcpClient> _clients = [];
    private TcpListener _listener;
    private Task _acceptLoop;
    private volatile bool _paused;

    public HeartbeatServer(TimeSpan interval)
    {
        _interval = interval;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptLoop = AcceptAsync(_listener);
        _ = BeatAsync();
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Drops every client and refuses connections for <paramref name="duration"/>, then listens again on the same port.</summary>
    public async Task PauseAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        _paused = true;
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        DropClients();
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        _listener = new TcpListener(Endpoint);
        _listener.Start();
        _acceptLoop = AcceptAsync(_listener);
        _paused = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        DropClients();
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await client.GetStream().WriteAsync(Welcome, _stop.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    _clients.Add(client);
                }
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
            {
                client.Dispose();
            }
        }
    }

    private async Task BeatAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_paused)
            {
                continue;
            }

            TcpClient[] clients;
            lock (_gate)
            {
                clients = [.. _clients];
            }

            foreach (var client in clients)
            {
                try
                {
                    await client.GetStream().WriteAsync(Beat, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
                {
                    Remove(client);
                }
            }
        }
    }

    private void DropClients()
    {
        TcpClient[] clients;
        lock (_gate)
        {
            clients = [.. _clients];
            _clients.Clear();
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private void Remove(TcpClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }

        client.Dispose();
    }
}
