using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Internal.Dispatch;

/// <summary>
/// The one way every machine and tracker raises events. Changes are applied under the owner's lock
/// and their events queued; the queue is then drained outside the lock, one event and one handler at
/// a time, in order, by whichever thread finds it idle (Polly's <c>ScheduledTaskExecutor</c> idea,
/// made synchronous).
/// </summary>
/// <remarks>
/// <para>Run-to-completion: a call into the owner from one of its handlers (detected by the thread
/// that is draining) is not applied at once but queued behind the events already waiting, so a
/// handler never observes a half-raised transition.</para>
/// <para>No change is ever applied inside another: a call into any source made while this thread applies a change (from a
/// <c>MeterListener</c> or a logger that the change calls under its owner's lock) is set aside and run once that change is
/// applied: a call into the same source is queued behind the events the change raised, like a handler's; a call into
/// another source runs after the lock is released. So no lock is ever taken inside another, and no event is ever
/// delivered under a lock.</para>
/// <para>A handler that throws is logged and the next handler runs. After <see cref="Dispose_NeedsLock"/>
/// nothing more is raised; it waits for a handler running on another thread to return.</para>
/// <para>With a <see cref="SynchronizationContext"/> (a UI thread's, given in the options as <c>EventContext</c>), the drain is posted
/// to it instead of run by the reporting thread, unless that thread is already on the context: the events are delivered there, in
/// order, one drain at a time (the drain is claimed under the lock before it is posted, so events raised meanwhile join it).</para>
/// </remarks>
internal sealed class EventDispatcher
{
    private readonly object _gate;
    private readonly object _sender;
    private readonly string _sourceName;
    private readonly ILogger _logger;
    private readonly SynchronizationContext? _context;
    // The dispatcher whose change this thread is applying (under its owner's lock), and the calls made meanwhile.
    [ThreadStatic]
    private static EventDispatcher? _applying;
    [ThreadStatic]
    private static List<SetAside>? _setAside;

    private readonly Queue<WorkItem> _queue = new();
    private EventHandler<ConnectivityEvent>[] _handlers = [];
    private Action? _onDisposed;
    private int _drainingThreadId;
    private bool _handlerRunning;
    private int _disposersWaiting;
    private bool _disposed;

    public EventDispatcher(object gate, object sender, string sourceName, ILogger logger, SynchronizationContext? context = null)
    {
        _gate = gate;
        _sender = sender;
        _sourceName = sourceName;
        _logger = logger;
        _context = context;
    }

    /// <summary>Gets a value indicating whether the dispatcher has been disposed. Reads without the lock.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed);

    /// <summary>Gets a value indicating whether the calling thread is delivering this source's events, that is, whether a call comes from a handler.</summary>
    public bool IsCurrentThreadDispatching => Volatile.Read(ref _drainingThreadId) == Environment.CurrentManagedThreadId;

    /// <summary>
    /// Gets a value indicating whether a call from the calling thread would be queued rather than applied at once: it comes from one
    /// of this source's handlers, or from code that a change of any source calls while it is applied (a meter listener, a logger).
    /// </summary>
    public bool DefersCallsFromCurrentThread => _applying is not null || IsCurrentThreadDispatching;

    /// <summary>Gets how many handlers are subscribed.</summary>
    public int HandlerCount => Volatile.Read(ref _handlers).Length;

    public void Subscribe(EventHandler<ConnectivityEvent>? handler)
    {
        if (handler is null)
        {
            return;
        }

        lock (_gate)
        {
            var handlers = new EventHandler<ConnectivityEvent>[_handlers.Length + 1];
            _handlers.CopyTo(handlers, 0);
            handlers[handlers.Length - 1] = handler;
            _handlers = handlers;
        }
    }

    public void Unsubscribe(EventHandler<ConnectivityEvent>? handler)
    {
        lock (_gate)
        {
            // A handler never subscribed, null included (Subscribe stores none), is not found: nothing to remove.
            var index = Array.LastIndexOf(_handlers, handler);
            if (index < 0)
            {
                return;
            }

            var handlers = new EventHandler<ConnectivityEvent>[_handlers.Length - 1];
            Array.Copy(_handlers, 0, handlers, 0, index);
            Array.Copy(_handlers, index + 1, handlers, index, handlers.Length - index);
            _handlers = handlers;
        }
    }

    /// <summary>
    /// Registers what runs once the owner is disposed, outside its lock (a driver stops its attempts then, an event stream
    /// completes); it runs at once when the owner already is.
    /// </summary>
    public void OnDisposed(Action stop)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _onDisposed += stop;
                return;
            }
        }

        stop();
    }

    /// <summary>Withdraws a registration of <see cref="OnDisposed"/>.</summary>
    public void RemoveOnDisposed(Action stop)
    {
        lock (_gate)
        {
            _onDisposed -= stop;
        }
    }

    /// <summary>Runs what <see cref="OnDisposed"/> registered, once; the owner calls it after <see cref="Dispose_NeedsLock"/>, outside its lock.</summary>
    public void NotifyDisposed() => Interlocked.Exchange(ref _onDisposed, null)?.Invoke();

    /// <summary>Queues <paramref name="e"/> to be raised after the owner releases its lock.</summary>
    public void Raise_NeedsLock(ConnectivityEvent e)
    {
        if (!_disposed)
        {
            _queue.Enqueue(new WorkItem(e, null, null));
        }
    }

    /// <summary>Queues <paramref name="action"/> to run after the owner releases its lock, in order with its events (a trace's start or end).</summary>
    public void Post_NeedsLock(Action action)
    {
        if (!_disposed)
        {
            _queue.Enqueue(new WorkItem(null, action, null));
        }
    }

    /// <summary>
    /// Applies <paramref name="apply_NeedsLock"/> under the lock and raises what it queued, or, when
    /// called from one of this source's handlers, queues the whole call to run after the events ahead of it.
    /// Does nothing once disposed.
    /// </summary>
    /// <param name="target">The argument of <paramref name="apply_NeedsLock"/>.</param>
    /// <param name="apply_NeedsLock">The change.</param>
    /// <param name="abandoned">
    /// Called (under the lock) with <paramref name="target"/> instead of <paramref name="apply_NeedsLock"/> when the dispatcher is
    /// disposed before a queued call runs, so a task that waits for the call can end. A static lambda, like
    /// <paramref name="apply_NeedsLock"/>: a call that is not queued allocates nothing.
    /// </param>
    public void Run<T>(T target, Action<T> apply_NeedsLock, Action<T>? abandoned = null)
    {
        if (_applying is not null)
        {
            // Inside a change being applied: set aside, never nested (RunNow hands it back once that change is applied).
            (_setAside ??= []).Add(new SetAside(this, Deferred(target, apply_NeedsLock, abandoned), Abandon(target, abandoned)));
            return;
        }

        if (IsCurrentThreadDispatching)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    abandoned?.Invoke(target);
                }
                else
                {
                    _queue.Enqueue(new WorkItem(null, Deferred(target, apply_NeedsLock, abandoned), Abandon(target, abandoned)));
                }
            }

            return;
        }

        RunNow(target, apply_NeedsLock, abandoned);
    }

    /// <summary>
    /// Marks the dispatcher disposed, drops queued events and waits for a handler that another thread
    /// is running to return. Idempotent; an owner that must act once checks <see cref="IsDisposed"/> first.
    /// </summary>
    public void Dispose_NeedsLock()
    {
        Volatile.Write(ref _disposed, true);
        foreach (var item in _queue)
        {
            item.Abandoned?.Invoke();
        }

        // Stryker disable once Statement : nothing dequeues after the dispose; clearing only lets the dropped events be collected before the dispatcher is.
        _queue.Clear();

        // The one wait on the gate: the drain pulses it when a handler returns while a disposer waits (Next_NeedsLock).
        var self = Environment.CurrentManagedThreadId;
        _disposersWaiting++;
        try
        {
            while (_handlerRunning && _drainingThreadId != self)
            {
                Monitor.Wait(_gate);
            }
        }
        finally
        {
            // Stryker disable once Statement,Update : a count left too high only makes a returning handler pulse the gate with no one waiting.
            _disposersWaiting--;
        }
    }

    // The claim of a drain posted to the context and not yet started: no managed thread has this id.
    private const int PostedDrain = -1;

    private Action Deferred<T>(T target, Action<T> apply_NeedsLock, Action<T>? abandoned) => () => RunNow(target, apply_NeedsLock, abandoned);

    // Built apart from Run: a lambda there would capture Run's parameters, and C# allocates their closure when Run is entered, on
    // every call, queued or not (32 bytes per report, found by issue 36's allocation check).
    private static Action? Abandon<T>(T target, Action<T>? abandoned) => abandoned is null ? null : () => abandoned(target);

    private void RunNow<T>(T target, Action<T> apply_NeedsLock, Action<T>? abandoned)
    {
        var drain = false;
        var post = false;
        try
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    abandoned?.Invoke(target);
                    return;
                }

                _applying = this;
                try
                {
                    apply_NeedsLock(target);
                }
                finally
                {
                    _applying = null;
                    QueueOwnSetAside_NeedsLock();

                    // Claimed in the same hold as the change: no other thread can start delivering these events first.
                    // Stryker disable once Equality : a drain claimed with nothing queued finds nothing and releases the claim at once.
                    if (_drainingThreadId == 0 && _queue.Count > 0)
                    {
                        post = _context is not null && SynchronizationContext.Current != _context;
                        _drainingThreadId = post ? PostedDrain : Environment.CurrentManagedThreadId;
                        drain = true;
                    }
                }
            }
        }
        finally
        {
            RunOthersSetAside();
            if (post)
            {
                PostDrain();
            }
            else if (drain)
            {
                Drain();
            }
        }
    }

    // A drain claimed for the context (PostedDrain, no thread yet: nothing else starts delivering meanwhile, and later events join
    // it in order) starts on the context's thread.
    private void PostDrain()
    {
        try
        {
            _context!.Post(static state => ((EventDispatcher)state!).DrainPosted(), this);
        }
        catch (Exception exception)
        {
            // A context that refuses work (a closed window's dispatcher): what waits cannot be delivered there; it is dropped, and said.
            int dropped;
            lock (_gate)
            {
                dropped = _queue.Count;
                foreach (var item in _queue)
                {
                    item.Abandoned?.Invoke();
                }

                _queue.Clear();
                _drainingThreadId = 0;
            }

            Log.EventContextRefused(_logger, _sourceName, dropped, _context!.GetType().Name, exception);
        }
    }

    private void DrainPosted()
    {
        lock (_gate)
        {
            _drainingThreadId = Environment.CurrentManagedThreadId;
        }

        Drain();
    }

    // The calls into this source made while its change was applied go behind the events that change raised.
    private void QueueOwnSetAside_NeedsLock()
    {
        if (_setAside is not { Count: > 0 } setAside)
        {
            return;
        }

        for (var i = 0; i < setAside.Count; i++)
        {
            if (setAside[i].Dispatcher == this)
            {
                var call = setAside[i];
                if (_disposed)
                {
                    call.Abandoned?.Invoke();
                }
                else
                {
                    _queue.Enqueue(new WorkItem(null, call.Run, call.Abandoned));
                }

                setAside.RemoveAt(i--);
            }
        }
    }

    // The calls into other sources run now, the lock released, judged as a handler's calls are (one that fails is logged by its
    // own source; it never reaches the caller of this change).
    private static void RunOthersSetAside()
    {
        if (_setAside is not { Count: > 0 } setAside)
        {
            return;
        }

        var calls = setAside.ToArray();
        setAside.Clear();
        foreach (var call in calls)
        {
            call.Dispatcher.RunDeferred(call.Run);
        }
    }

    // Delivers the queue, one handler at a time, on the thread that claimed it. Each step takes the lock once: it ends the handler
    // that returned and picks what runs next (the event's next handler, the next event, or a queued call), so a handler's
    // boundary costs one hold of the lock. The drain is released in the same hold that finds the queue empty, so an event queued
    // after it starts its own drain.
    private void Drain()
    {
        var step = new DrainStep();
        // Stryker disable once Boolean : the loop sets it before anything can throw; its first value is never read.
        var released = false;
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    released = !Next_NeedsLock(ref step);
                }

                if (released)
                {
                    return;
                }

                if (step.Deferred is { } deferred)
                {
                    RunDeferred(deferred);
                }
                else
                {
                    Deliver(step.Event!, step.Handlers![step.Next - 1]);
                }
            }
        }
        finally
        {
            // Only a logger that throws while a handler's failure is logged gets here: the next event must still be delivered.
            if (!released)
            {
                lock (_gate)
                {
                    EndHandler_NeedsLock();
                    _drainingThreadId = 0;
                }
            }
        }
    }

    // Ends the handler that returned, then picks what runs next into step; false (and the drain released) when there is nothing.
    private bool Next_NeedsLock(ref DrainStep step)
    {
        EndHandler_NeedsLock();
        step.Deferred = null;
        if (!_disposed)
        {
            if (step.Event is not null && step.Next < step.Handlers!.Length)
            {
                step.Next++;
                _handlerRunning = true;
                return true;
            }

            step.Event = null;
            while (_queue.Count > 0)
            {
                var item = _queue.Dequeue();
                if (item.Deferred is not null)
                {
                    step.Deferred = item.Deferred;
                    return true;
                }

                if (_handlers.Length > 0)
                {
                    (step.Event, step.Handlers, step.Next) = (item.Event, _handlers, 1);
                    _handlerRunning = true;
                    return true;
                }
            }
        }

        _drainingThreadId = 0;
        return false;
    }

    private void EndHandler_NeedsLock()
    {
        if (_handlerRunning)
        {
            _handlerRunning = false;
            // Stryker disable once Equality : pulsing with no disposer waiting wakes no one; the count only spares the call.
            if (_disposersWaiting > 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void RunDeferred(Action deferred)
    {
        try
        {
            deferred();
        }
        catch (Exception exception)
        {
            Log.DeferredCallFailed(_logger, _sourceName, exception);
        }
    }

    private void Deliver(ConnectivityEvent e, EventHandler<ConnectivityEvent> handler)
    {
        try
        {
            handler(_sender, e);
        }
        catch (Exception exception)
        {
            Log.HandlerFailed(_logger, _sourceName, e.GetType().Name, exception);
        }
    }

    /// <summary>Where a drain is: the event being delivered, its handlers as they were when it was dequeued and how many have run, or a queued call.</summary>
    private struct DrainStep
    {
        public ConnectivityEvent? Event;
        public EventHandler<ConnectivityEvent>[]? Handlers;
        public int Next;
        public Action? Deferred;
    }

    private readonly struct SetAside
    {
        public SetAside(EventDispatcher dispatcher, Action run, Action? abandoned)
        {
            Dispatcher = dispatcher;
            Run = run;
            Abandoned = abandoned;
        }

        public EventDispatcher Dispatcher { get; }

        public Action Run { get; }

        public Action? Abandoned { get; }
    }

    private readonly struct WorkItem
    {
        public WorkItem(ConnectivityEvent? e, Action? deferred, Action? abandoned)
        {
            Event = e;
            Deferred = deferred;
            Abandoned = abandoned;
        }

        public ConnectivityEvent? Event { get; }

        public Action? Deferred { get; }

        public Action? Abandoned { get; }
    }
}
