using System.Diagnostics;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Reconnect.Internal;

/// <summary>
/// The attempt loop behind the drivers, in the refusals of the machine each drives (<typeparamref name="TReason"/>). One episode at a time (begun by a join or login, an
/// interruption, or the connection closing) runs attempts one after another: the first at once, the
/// next after the policy's delay, each canceled at the policy's timeout, all on the machine's clock,
/// until one is accepted, an error is final, the policy stops, or the driver is told to stop.
/// </summary>
/// <remarks>
/// <para>Every attempt starts from a timer of the machine's clock, never on the thread that changed the
/// machine's state (the first one after a zero delay): a command returns at once whatever the policy and
/// the transport do, and attempts never run inside the machine's event delivery. A leave cancels the
/// episode, and its next attempt never starts.</para>
/// <para>The transport does one thing at a time: an attempt or a close waits until the one before it has
/// returned, so a leave and a join in a row never overlap two <c>ConnectAsync</c> calls.</para>
/// <para>Nothing the policy, the classifier or the transport does kills the loop silently: a policy or
/// classifier that throws, or a classifier's reason the machine does not take as a refusal, is logged (<c>ReconnectPolicyFailed</c>)
/// and the connection is reported failed (the target's <see cref="IDriverTarget{TReason}.PolicyFailure"/>: RTC's JoinFailed); a delay no timer can wait is clamped and logged
/// (<c>RetryDelayClamped</c>); a delay under <see cref="MinimumRetryDelay"/> waits that long. When the
/// machine is disposed the driver stops at once (its timer with it) and closes the transport.</para>
/// </remarks>
/// <typeparam name="TReason">The refusals of the machine driven.</typeparam>
internal sealed class ConnectionDriverCore<TReason> : IConnectionSink
    where TReason : struct, Enum
{
    /// <summary>
    /// The shortest wait between two attempts. A policy that retries at once against a transport that fails at
    /// once would otherwise spin a core (or, on fake time, never let <c>Advance</c> return).
    /// </summary>
    public static readonly TimeSpan MinimumRetryDelay = TimeSpan.FromMilliseconds(1);

    private readonly object _gate = new();
    private readonly IConnectivityEventSource _machine;
    private readonly Func<ConnectivityEvent, DriverCommand?> _follow;
    private readonly IDriverTarget<TReason> _target;
    private readonly IConnectionTransport _transport;
    private readonly ITimeProvider _time;
    private readonly Func<Exception, TReason?> _classify;
    private readonly string _sourceName;
    private readonly ILogger _logger;
    private readonly Action _stopWithMachine;
    private Episode? _episode;
    private Task _transportIdle = Task.CompletedTask;
    private int _attempts;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="ConnectionDriverCore{TReason}"/> class and starts following <paramref name="machine"/>.</summary>
    /// <param name="machine">The machine whose state changes start and stop the attempts.</param>
    /// <param name="follow">What a machine event means for the driver, if anything.</param>
    /// <param name="target">How to report to the machine.</param>
    /// <param name="transport">The consumer's connection.</param>
    /// <param name="time">The machine's clock.</param>
    /// <param name="policy">When to retry.</param>
    /// <param name="classifyError">Which errors are final, and the machine's refusal each is.</param>
    /// <param name="sourceName">The driver's name in the logs.</param>
    /// <param name="logger">The driver's logger.</param>
    public ConnectionDriverCore(
        IConnectivityEventSource machine,
        Func<ConnectivityEvent, DriverCommand?> follow,
        IDriverTarget<TReason> target,
        IConnectionTransport transport,
        ITimeProvider time,
        IReconnectPolicy policy,
        Func<Exception, TReason?> classifyError,
        string sourceName,
        ILogger logger)
    {
        _target = target;
        _transport = Guard.NotNull(transport);
        _time = time;
        Policy = policy;
        _classify = classifyError;
        _sourceName = sourceName;
        _logger = logger;
        _machine = machine;
        _follow = follow;
        _machine.EventRaised += OnMachineEvent;
        _stopWithMachine = () =>
        {
            Log.DriverStoppedMachineDisposed(_logger, _sourceName);
            Stop(close: true);
        };
        _target.OnDisposed(_stopWithMachine);
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

    /// <summary>Begins an episode of attempts unless one is running; its first attempt starts from a zero-delay timer.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_disposed || _episode is not null)
            {
                return;
            }

            _episode = new Episode(_time.GetTimestamp());
            Schedule_NeedsGate(_episode, TimeSpan.Zero);
        }
    }

    /// <summary>Ends the running episode, if any, at once; with <paramref name="close"/>, closes the transport too (after the attempt in flight returns).</summary>
    public void Stop(bool close)
    {
        Episode? episode;
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
        _target.RemoveOnDisposed(_stopWithMachine);
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

    void IConnectionSink.Closed(Exception? error)
    {
        if (_target.WantsConnection)
        {
            Start();
        }
    }

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

    private void Schedule_NeedsGate(Episode episode, TimeSpan delay)
    {
        episode.Timer?.Dispose();
        episode.Timer = _time.CreateTimer(
            static state =>
            {
                var (core, due) = ((ConnectionDriverCore<TReason>, Episode))state!;
                _ = core.AttemptAsync(due);
            },
            (this, episode),
            delay,
            Timeout.InfiniteTimeSpan);
    }

    // One attempt, then what it calls for: report the acceptance or the refusal, or schedule the next attempt.
    // It never throws: whatever goes wrong is logged and ends in one of those outcomes.
    private async Task AttemptAsync(Episode episode)
    {
        // A timer may fire after the episode stopped (System.Threading.Timer can call back after Dispose): the attempt
        // then sees the stop once it has the transport, and does nothing.
        // The outcome is acted on once the transport is free again, so a close it causes runs at once.
        var (outcome, reason, fault) = await ConnectOnceAsync(episode).ConfigureAwait(false);
        if (outcome == AttemptOutcome.Failed)
        {
            try
            {
                Retry(episode);
                return;
            }
            catch (Exception error)
            {
                // A policy that throws.
                (outcome, fault) = (AttemptOutcome.Faulted, error);
            }
        }

        // Stryker disable once Statement : the machine's Connected or Failed event ends the episode too; ending it first only shows when another thread is delivering an event, which ours waits behind.
        End(episode);
        try
        {
            switch (outcome)
            {
                case AttemptOutcome.Accepted:
                    _target.ReportAccepted();
                    break;
                case AttemptOutcome.Rejected:
                    _target.ReportRejected(reason);
                    break;
                case AttemptOutcome.Faulted:
                    Fail(fault!);
                    break;
            }
        }
        catch (Exception error)
        {
            // A classifier that named a reason that is no refusal of the machine (JoinSuccess, say).
            Fail(error);
        }
    }

    private async Task<(AttemptOutcome Outcome, TReason Reason, Exception? Fault)> ConnectOnceAsync(Episode episode)
    {
        var done = new TaskCompletionSource<bool>();
        var previous = TakeTransport(done);
        try
        {
            await previous.ConfigureAwait(false);
            if (episode.IsStopped)
            {
                return (AttemptOutcome.Stopped, default, null);
            }

            var context = episode.Context(_time);
            TimeSpan timeoutDelay;
            try
            {
                timeoutDelay = AttemptTimeout(context);
            }
            catch (Exception error)
            {
                return (AttemptOutcome.Faulted, default, error);
            }

            var attemptStarted = _time.GetTimestamp();
            episode.Attempts++;
            Interlocked.Increment(ref _attempts);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(episode.Token);
            using var timeout = TimeProviderTasks.CancelAfter(_time, attempt, timeoutDelay); // an infinite delay never fires
            var trace = StartAttemptTrace(episode.Attempts); // null while nobody listens
            try
            {
                await _transport.ConnectAsync(this, attempt.Token).ConfigureAwait(false);
            }
            catch (Exception) when (episode.IsStopped)
            {
                EndAttemptTrace(trace, "canceled", null);
                return (AttemptOutcome.Stopped, default, null);
            }
            catch (Exception error)
            {
                episode.LastDuration = TimeMath.Elapsed(_time, attemptStarted, _time.GetTimestamp());
                var timedOut = error is OperationCanceledException && attempt.IsCancellationRequested;
                episode.LastError = timedOut
                    ? new TimeoutException($"Connection attempt {episode.Attempts} timed out after {episode.LastDuration}.", error)
                    : error;
                var classified = Classify(episode, error);
                EndAttemptTrace(trace, timedOut ? "timed_out" : classified.Outcome == AttemptOutcome.Rejected ? "refused" : "failed", episode.LastError);
                return classified;
            }

            if (episode.IsStopped)
            {
                // Accepted just as the driver was told to stop: the connection is not wanted.
                EndAttemptTrace(trace, "canceled", null);
                await CloseTransportAsync().ConfigureAwait(false);
                return (AttemptOutcome.Stopped, default, null);
            }

            EndAttemptTrace(trace, "accepted", null);
            return (AttemptOutcome.Accepted, default, null);
        }
        finally
        {
            done.SetResult(true);
        }
    }

    // One activity per attempt, on the machine's clock, tagged with its number and how it ended.
    private Activity? StartAttemptTrace(int number)
    {
        var activity = ConnectivityTracing.StartRoot($"agora.{_target.TraceKind}.connect", _time.GetUtcNow());
        if (activity is not null)
        {
            activity.SetTag("agora.connection.kind", _target.TraceKind);
            activity.SetTag("agora.connection.name", _target.ConnectionName);
            activity.SetTag("agora.attempt.number", number);
        }

        return activity;
    }

    private void EndAttemptTrace(Activity? activity, string outcome, Exception? error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("agora.attempt.outcome", outcome);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().FullName);
        }

        ConnectivityTracing.Stop(activity, _time.GetUtcNow());
    }

    private (AttemptOutcome Outcome, TReason Reason, Exception? Fault) Classify(Episode episode, Exception error)
    {
        TReason? reason;
        try
        {
            reason = _classify(error);
        }
        catch (Exception classifierError)
        {
            return (AttemptOutcome.Faulted, default, classifierError);
        }

        if (reason is not { } final)
        {
            Log.AttemptFailed(_logger, _sourceName, episode.Attempts, episode.LastDuration, episode.LastError!);
            return (AttemptOutcome.Failed, default, null);
        }

        Log.ConnectionRejected(_logger, _sourceName, final.ToString(), error);
        return (AttemptOutcome.Rejected, final, null);
    }

    private void Retry(Episode episode)
    {
        var context = episode.Context(_time);
        if (Policy.NextRetryDelay(context) is not { } requested)
        {
            Log.RetriesStopped(_logger, _sourceName, episode.Attempts, context.Elapsed);
            End(episode);
            return;
        }

        var delay = Clamp(requested);
        if (requested > TimeMath.MaxTimerDelay)
        {
            Log.RetryDelayClamped(_logger, _sourceName, requested, delay);
        }

        lock (_gate)
        {
            if (_episode == episode)
            {
                Schedule_NeedsGate(episode, delay);
            }
        }
    }

    private TimeSpan AttemptTimeout(ReconnectContext context)
    {
        var requested = Policy.AttemptTimeout(context);
        return requested == Timeout.InfiniteTimeSpan ? requested : Clamp(requested);
    }

    private static TimeSpan Clamp(TimeSpan delay)
        => TimeSpan.FromTicks(Math.Min(Math.Max(delay.Ticks, MinimumRetryDelay.Ticks), TimeMath.MaxTimerDelay.Ticks));

    // A policy or classifier that throws: logged, no more attempts, and the machine hears the connection failed.
    private void Fail(Exception error)
    {
        var failure = _target.PolicyFailure;
        Log.ReconnectPolicyFailed(_logger, _sourceName, failure.ToString(), error);
        try
        {
            _target.ReportRejected(failure);
        }
        catch (ObjectDisposedException)
        {
            // The machine went away meanwhile: nobody to tell.
        }
    }

    private void End(Episode episode)
    {
        lock (_gate)
        {
            if (_episode == episode)
            {
                _episode = null;
            }
        }

        episode.Timer?.Dispose();
    }

    // Closing waits for the attempt in flight (canceled by now) to return: the transport does one thing at a time.
    private Task CloseAsync()
    {
        var done = new TaskCompletionSource<bool>();
        return CloseAfterAsync(TakeTransport(done), done);
    }

    // The transport's turn after whatever holds it now: returns the task to wait for; completing done passes the turn on.
    private Task TakeTransport(TaskCompletionSource<bool> done)
    {
        lock (_gate)
        {
            var previous = _transportIdle;
            _transportIdle = done.Task;
            return previous;
        }
    }

    private async Task CloseAfterAsync(Task previous, TaskCompletionSource<bool> done)
    {
        try
        {
            await previous.ConfigureAwait(false);
            await CloseTransportAsync().ConfigureAwait(false);
        }
        finally
        {
            done.SetResult(true);
        }
    }

    private async Task CloseTransportAsync()
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

    private enum AttemptOutcome
    {
        /// <summary>The transport connected: report the acceptance.</summary>
        Accepted,

        /// <summary>A transient error: retry per the policy.</summary>
        Failed,

        /// <summary>A final error: report the refusal.</summary>
        Rejected,

        /// <summary>The policy or the classifier threw: report the connection failed.</summary>
        Faulted,

        /// <summary>The episode was stopped: nothing to do.</summary>
        Stopped,
    }

    /// <summary>One run of attempts: its cancellation, its timer and what the policy is told about it.</summary>
    private sealed class Episode(long started)
    {
        private readonly CancellationTokenSource _stop = new();

        public CancellationToken Token => _stop.Token;

        public bool IsStopped => _stop.IsCancellationRequested;

        public ITimer? Timer { get; set; }

        public int Attempts { get; set; }

        public TimeSpan LastDuration { get; set; }

        public Exception? LastError { get; set; }

        public ReconnectContext Context(ITimeProvider time)
            => new(Attempts, TimeMath.Elapsed(time, started, time.GetTimestamp()), LastDuration, LastError);

        public void Cancel()
        {
            _stop.Cancel();
            Timer?.Dispose();
        }
    }
}
