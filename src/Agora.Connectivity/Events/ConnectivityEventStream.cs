using System.Threading.Channels;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;

namespace Agora.Connectivity;

/// <summary>Reads an <see cref="IConnectivityEventSource"/>'s events as an asynchronous stream.</summary>
public static class ConnectivityEventStream
{
    /// <summary>
    /// Gets every event <paramref name="source"/> raises after this call, in order, as an asynchronous stream:
    /// <c>await foreach (var e in machine.ReadEventsAsync(stoppingToken)) { … }</c>.
    /// </summary>
    /// <param name="source">The machine or tracker to read.</param>
    /// <param name="cancellationToken">Ends the stream: the enumeration throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>
    /// A stream that can be enumerated once. It subscribes at this call (so nothing raised in between is missed) and
    /// unsubscribes when the enumeration ends, when <paramref name="cancellationToken"/> is canceled, or when the source is
    /// disposed; then it completes after the events already raised (a source of the library's own; any other source's
    /// stream ends only by the token or the enumeration).
    /// </returns>
    /// <remarks>
    /// <para>The events go through an unbounded <see cref="Channel{T}"/>: the source never waits for a slow reader and no event is
    /// dropped, so a reader that stops reading holds every event raised since, in memory, until it reads them or ends the stream.
    /// A source raises few events (a transition, a user joining or going offline), so an await between them is cheap; but do not
    /// keep an unread stream open for days. Each event carries its <see cref="ConnectivityEvent.Timestamp"/>, the instant it
    /// happened by the source's clock, however late it is read.</para>
    /// <para>Unlike an <see cref="IConnectivityEventSource.EventRaised"/> handler, the reader runs on its own: by the time it sees an
    /// event the source may have moved on, and a command it makes is not queued behind the event (it is an ordinary call).</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    public static IAsyncEnumerable<ConnectivityEvent> ReadEventsAsync(this IConnectivityEventSource source, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(source);
        return new Stream(source, cancellationToken);
    }

    private sealed class Stream : IAsyncEnumerable<ConnectivityEvent>
    {
        // Stryker disable once Initializer,Boolean : SingleReader only lets the channel pick its cheaper reader; what is read is the same.
        private readonly Channel<ConnectivityEvent> _channel = Channel.CreateUnbounded<ConnectivityEvent>(new UnboundedChannelOptions { SingleReader = true });
        private readonly IConnectivityEventSource _source;
        private readonly CancellationToken _cancellationToken;
        private readonly Action _sourceDisposed;
        private readonly CancellationTokenRegistration _registration;
        private int _enumerated;
        private int _ended;

        public Stream(IConnectivityEventSource source, CancellationToken cancellationToken)
        {
            _source = source;
            _cancellationToken = cancellationToken;
            _sourceDisposed = End;
            source.EventRaised += OnEvent;
            (source as IDispatchingSource)?.Dispatcher.OnDisposed(_sourceDisposed);
            _registration = cancellationToken.Register(static state => ((Stream)state!).End(), this);
        }

        public IAsyncEnumerator<ConnectivityEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _enumerated, 1) != 0)
            {
                throw new InvalidOperationException("A stream of ReadEventsAsync can be enumerated once; call ReadEventsAsync again for another reader.");
            }

            return Read(cancellationToken);
        }

        private async IAsyncEnumerator<ConnectivityEvent> Read(CancellationToken enumeratorToken)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, enumeratorToken);
            try
            {
                // A canceled token makes WaitToReadAsync throw (as ChannelReader.ReadAllAsync does); a disposed source completes it.
                while (await _channel.Reader.WaitToReadAsync(both.Token).ConfigureAwait(false))
                {
                    while (_channel.Reader.TryRead(out var e))
                    {
                        yield return e;
                    }
                }
            }
            finally
            {
                End();
            }
        }

        private void OnEvent(object? sender, ConnectivityEvent e) => _channel.Writer.TryWrite(e);

        // The source is disposed, the token canceled or the enumeration over: unsubscribe once, and let the reader finish what was raised.
        private void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
            {
                // Stryker disable once Statement : every step below is idempotent; the guard only spares repeating them.
                return;
            }

            _source.EventRaised -= OnEvent;
            (_source as IDispatchingSource)?.Dispatcher.RemoveOnDisposed(_sourceDisposed);
            _registration.Dispose();
            _channel.Writer.TryComplete();
        }
    }
}
