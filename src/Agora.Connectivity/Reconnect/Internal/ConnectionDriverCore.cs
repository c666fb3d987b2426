using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Reconnect.Internal;

/// <summary>
/// The attempt loop behind both drivers. One episode at a time (begun by a join or login, an
/// interruption, or the connection closing) runs attempts one after another: the first at once, the
/// next after the policy's delay, each canceled at the policy's timeout, all on the machine's clock,
/// until one is accepted, an error is final, the policy stops, or the driver is told to stop.
/// </summary>
internal sealed class ConnectionDriverCore : IConnectionSink
{
    private readonly object _gate = new();
    private readonly IConnectivityEventSource _machine;
    private readonly Func<ConnectivityEvent, DriverCommand?> _follow;
    private readonly IDriverTarget _target;
    private readonly IConnectionTransport _transport;
    private readonly ITimeProvider _time;
    private readonly Func<Exception, ConnectionChangedReason?> _classify;
    private readonly string _sourceName;
    private readonly ILogger _logger;
    private CancellationTokenSource? _episode;
    private int _attempts;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="ConnectionDriverCore"/> class and starts following <paramref name="machine"/>.</summary>
    /// <param name="machine">The machine whose state changes start and stop the attempts.</param>
    /// <param name="follow">What a machine event means for the driver, if anything.</param>
    /// <param name="target">How to report to the machine.</param>
    /// <param name="transport">The consumer's connection.</param>
    /// <param name="time">The machine's clock.</param>
    /// <param name="policy">When to retry.</param>
    /// <param name="classifyError">Which errors are final; the default when <see langword="null"/>.</param>
    /// <param name="sourceName">The driver's name in the logs.</param>
    /// <param name="logger">The driver's logger.</param>
    public ConnectionDriverCore(
        IConnectivityEventSource machine,
        Func<ConnectivityEvent, DriverCommand?> follow,
        IDriverTarget target,
        IConnectionTransport transport,
        ITimeProvider time,
        IReconnectPolicy policy,
        Func<Exception, ConnectionChangedReason?>? classifyError,
        string sourceName,
        ILogger logger)
    {
        _target = target;
        _transport = Guard.NotNull(transport);
        _time = time;
        Policy = policy;
        _classify = classifyError ?? DefaultClassification;
        _sourceName = sourceName;
        _logger = logger;
        _machine = machine;
        _follow = follow;
        _machine.EventRaised += OnMachineEvent;
    }

    public IReconnectPolicy Policy { get; }

    public int AttemptCount => Volatile.Read(ref _attempts);

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _episode is not null;
            }
        }
    }

    /// <summary>A transport's refusal for good is final; anything else is worth another attempt.</summary>
    public static ConnectionChangedReason? DefaultClassification(Exception error)
        => error is ConnectionRejectedException rejected ? rejected.Reason : null;

    /// <summary>Begins an episode of attempts unless one is running. The first attempt starts on the calling thread.</summary>
    public void Start()
    {
        CancellationTokenSource episode;
        lock (_gate)
        {
            if (_disposed || _episode is not null)
            {
                return;
            }

            episode = _episode = new CancellationTokenSource();
        }

        _ = RunAsync(episode);
    }

    /// <summary>Ends the running episode, if any, at once; with <paramref name="close"/>, closes the transport too.</summary>
    public void Stop(bool close)
    {
        CancellationTokenSource? episode;
        lock (_gate)
        {
            episode = _episode;
            _episode = null;
        }

        episode?.Cancel();
        if (close)
        {
            _ = CloseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        _machine.EventRaised -= OnMachineEvent;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Stop(close: false);
        await CloseAsync().ConfigureAwait(false);
    }

    void IConnectionSink.FrameReceived() => _target.ReportFrame();

    private void OnMachineEvent(object? sender, ConnectivityEvent e)
    {
        switch (_follow(e))
        {
            case DriverCommand.Connect:
                Start();
                break;
            case DriverCommand.Connected:
                Stop(close: false);
                break;
            case DriverCommand.Disconnect:
                Stop(close: true);
                break;
        }
    }

    void IConnectionSink.Closed(Exception? error)
    {
        if (_target.WantsConnection)
        {
            Start();
        }
    }

    private async Task RunAsync(CancellationTokenSource episode)
    {
        var stop = episode.Token;
        var started = _time.GetTimestamp();
        var attempts = 0;
        var lastDuration = TimeSpan.Zero;
        Exception? lastError = null;
        try
        {
            while (true)
            {
                var context = new ReconnectContext(attempts, TimeMath.Elapsed(_time, started, _time.GetTimestamp()), lastDuration, lastError);
                if (attempts > 0)
                {
                    if (Policy.NextRetryDelay(context) is not { } delay)
                    {
                        Log.RetriesStopped(_logger, _sourceName, attempts, context.Elapsed);
                        return;
                    }

                    await TimeProviderTasks.Delay(_time, delay, stop).ConfigureAwait(false);
                    context = context with { Elapsed = TimeMath.Elapsed(_time, started, _time.GetTimestamp()) };
                }

                var attemptStarted = _time.GetTimestamp();
                attempts++;
                Interlocked.Increment(ref _attempts);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop);
                using var timeout = TimeProviderTasks.CancelAfter(_time, attempt, Policy.AttemptTimeout(context));
                try
                {
                    await _transport.ConnectAsync(this, attempt.Token).ConfigureAwait(false);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception error)
                {
                    lastDuration = TimeMath.Elapsed(_time, attemptStarted, _time.GetTimestamp());
                    lastError = error is OperationCanceledException && attempt.IsCancellationRequested
                        ? new TimeoutException($"Connection attempt {attempts} timed out after {lastDuration}.", error)
                        : error;
                    if (_classify(error) is { } reason)
                    {
                        Log.ConnectionRejected(_logger, _sourceName, reason.ToString(), error);
                        _target.ReportRejected(reason);
                        return;
                    }

                    Log.AttemptFailed(_logger, _sourceName, attempts, lastDuration, lastError);
                    continue;
                }

                if (stop.IsCancellationRequested)
                {
                    // Accepted just as the driver was told to stop: the connection is not wanted.
                    await CloseAsync().ConfigureAwait(false);
                    return;
                }

                _target.ReportAccepted();
                return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_gate)
            {
                if (_episode == episode)
                {
                    _episode = null;
                }
            }
        }
    }

    private async Task CloseAsync()
    {
        try
        {
            await _transport.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Log.TransportCloseFailed(_logger, _sourceName, error);
        }
    }
}
