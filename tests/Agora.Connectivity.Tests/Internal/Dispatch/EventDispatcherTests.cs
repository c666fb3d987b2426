using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Agora.Connectivity.Tests.Internal.Dispatch;

public class EventDispatcherTests
{
    [Test]
    public void Run_RaisesQueuedEventsInOrder()
    {
        using var source = new NumberSource();
        var seen = new List<int>();
        source.EventRaised += (_, e) => seen.Add(((Numbered)e).Number);

        source.Emit(3);

        Assert.That(seen, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void Run_FromHandler_RunsAfterTheCurrentEventsAndTheirHandlers()
    {
        using var source = new NumberSource();
        var seen = new List<string>();
        source.EventRaised += (_, e) =>
        {
            var number = ((Numbered)e).Number;
            seen.Add($"A{number}");
            if (number == 1)
            {
                source.Emit(1);
                seen.Add($"counter still {source.Counter}");
            }
        };
        source.EventRaised += (_, e) => seen.Add($"B{((Numbered)e).Number}");

        source.Emit(2);

        Assert.That(seen, Is.EqualTo(new[] { "A1", "counter still 2", "B1", "A2", "B2", "A3", "B3" }));
    }

    [Test]
    public void Deliver_ThrowingHandler_IsLoggedAndTheNextHandlerStillRuns()
    {
        var logger = new FakeLogger();
        using var source = new NumberSource(logger);
        var seen = new List<int>();
        source.EventRaised += (_, _) => throw new InvalidOperationException("boom");
        source.EventRaised += (_, e) => seen.Add(((Numbered)e).Number);

        source.Emit(2);

        Assert.That(seen, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(logger.Entries, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(logger.Entries[0].Level, Is.EqualTo(LogLevel.Error));
            Assert.That(logger.Entries[0].EventId, Is.EqualTo(4));
            Assert.That(logger.Entries[0].EventName, Is.EqualTo("HandlerFailed"));
            Assert.That(logger.Entries[0].Exception, Is.TypeOf<InvalidOperationException>());
            Assert.That(logger.Entries[0].Message, Is.EqualTo("Numbers: an EventRaised handler threw while handling Numbered; the other handlers and the machine go on."));
        });
    }

    [Test]
    public void Unsubscribe_StopsDelivery_AndUnknownOrNullHandlersAreIgnored()
    {
        var logger = new FakeLogger();
        using var source = new NumberSource(logger);
        var seen = new List<int>();
        EventHandler<ConnectivityEvent> handler = (_, e) => seen.Add(((Numbered)e).Number);
        source.EventRaised += handler;
        source.EventRaised += null;
        source.Emit(1);

        source.EventRaised -= handler;
        source.EventRaised -= handler;
        source.EventRaised -= null;
        source.Emit(1);

        Assert.That(seen, Is.EqualTo(new[] { 1 }));
        Assert.That(logger.Entries, Is.Empty, "a null handler is never subscribed, so never called");
    }

    // A call made while a change is applied (from a meter listener or a logger the change calls) is set aside, never nested.
    [Test]
    public void CallsIntoTwoOtherSources_MadeWhileAChangeIsApplied_BothRunOnceAfterIt()
    {
        using var source = new NumberSource();
        using var second = new NumberSource();
        using var third = new NumberSource();
        var countsWhenApplied = (-1, -1);

        source.RunInside(1, () =>
        {
            second.Emit(1);
            third.Emit(2);
            countsWhenApplied = (second.Counter, third.Counter);
        });

        Assert.That(countsWhenApplied, Is.EqualTo((0, 0)), "set aside, not nested");
        Assert.That((second.Counter, third.Counter), Is.EqualTo((1, 2)));
    }

    [Test]
    public void CallsIntoTheSameSource_MadeWhileItsChangeIsApplied_RunAfterThatChangesEvents_InOrder_EachOnce()
    {
        using var source = new NumberSource();
        var seen = new List<string>();
        source.EventRaised += (_, e) => seen.Add($"{((Numbered)e).Number} (counter {source.Counter})");

        source.RunInside(1, () =>
        {
            source.Emit(1);
            source.Emit(1);
        });

        Assert.That(seen, Is.EqualTo(new[] { "1 (counter 1)", "2 (counter 3)", "3 (counter 3)" }), "the first event's handlers see the change that raised it, not the calls behind it; the calls run in order, and their events follow them");
        Assert.That(source.Counter, Is.EqualTo(3));
    }

    [Test]
    public void CallsIntoTheSameSource_SetAsideWhenItIsDisposedDuringTheChange_AreAbandoned_WithOrWithoutAnAbandonAction()
    {
        var source = new NumberSource();
        var abandoned = 0;

        Assert.That(() => source.RunInside(1, () =>
        {
            source.EmitOr(1, () => abandoned++);
            source.Emit(1);
            source.Dispose();
        }), Throws.Nothing);

        Assert.That(abandoned, Is.EqualTo(1));
        Assert.That(source.Counter, Is.EqualTo(1));
    }

    [Test]
    public void ACallQueuedFromAHandlerWithNoAbandonAction_IsDroppedQuietlyByADispose()
    {
        var logger = new FakeLogger();
        var source = new NumberSource(logger);
        source.EventRaised += (_, _) =>
        {
            source.Emit(1);
            source.Dispose();
        };

        Assert.That(() => source.Emit(1), Throws.Nothing);
        Assert.That(source.Counter, Is.EqualTo(1));
        Assert.That(logger.Entries, Is.Empty, "the dispose inside the handler abandons the queued call without a failure");
    }

    [Test]
    public void AContextThatRefusesTheDrain_AbandonsTheCallsQueuedBehindTheEvents()
    {
        var logger = new FakeLogger();
        using var source = new NumberSource(logger, new RefusingContext());
        var abandoned = 0;

        source.RunInside(1, () => source.EmitOr(1, () => abandoned++));

        Assert.That(abandoned, Is.EqualTo(1), "a task waiting for the call ends");
        Assert.That(source.Counter, Is.EqualTo(1));
        Assert.That(logger.Entries.Single().EventName, Is.EqualTo("EventContextRefused"));
        Assert.That(logger.Entries.Single().Message, Is.EqualTo("Numbers: the event context (RefusingContext) refused the delivery; 2 queued events and calls were dropped."));
    }

    [Test]
    public void Dispose_FromHandler_StopsLaterHandlersAndEvents()
    {
        var source = new NumberSource();
        var seen = new List<string>();
        source.EventRaised += (_, e) =>
        {
            seen.Add($"A{((Numbered)e).Number}");
            source.Dispose();
        };
        source.EventRaised += (_, e) => seen.Add($"B{((Numbered)e).Number}");

        source.Emit(3);
        source.Emit(1);

        Assert.That(seen, Is.EqualTo(new[] { "A1" }));
    }

    [Test]
    public void Run_AbandonedByDispose_CallsItsAbandonActionInsteadOfTheChange_QueuedOrLate()
    {
        var source = new NumberSource();
        var outcomes = new List<string>();
        source.EventRaised += (_, _) =>
        {
            source.EmitOr(1, () => outcomes.Add("queued call abandoned"));
            source.Dispose();
        };

        source.Emit(1);
        source.EmitOr(1, () => outcomes.Add("late call abandoned"));

        Assert.That(outcomes, Is.EqualTo(new[] { "queued call abandoned", "late call abandoned" }));
        Assert.That(source.Counter, Is.EqualTo(1));
    }

    [Test]
    public void Dispose_WaitsForTheSecondHandlerOfAnEvent_RunningOnAnotherThread()
    {
        var source = new NumberSource();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        source.EventRaised += (_, _) => { };
        source.EventRaised += (_, _) =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        };
        var emitting = Task.Run(() => source.Emit(1));
        Assert.That(entered.Wait(TimeSpan.FromSeconds(10)), Is.True);

        var disposed = false;
        var disposing = new Thread(() =>
        {
            source.Dispose();
            Volatile.Write(ref disposed, true);
        });
        disposing.Start();
        Thread.Sleep(100);
        var disposedWhileRunning = Volatile.Read(ref disposed);
        release.Set();

        Assert.That(disposing.Join(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(emitting.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(disposedWhileRunning, Is.False, "Dispose returned while the event's second handler was still running");
    }

    [Test]
    public void Dispose_WaitsForAHandlerRunningOnAnotherThread()
    {
        var source = new NumberSource();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var handlerFinished = false;
        source.EventRaised += (_, _) =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(10));
            Volatile.Write(ref handlerFinished, true);
        };

        var emitter = Task.Run(() => source.Emit(2));
        Assert.That(entered.Wait(TimeSpan.FromSeconds(10)), Is.True);
        var disposer = Task.Run(source.Dispose);
        Assert.That(disposer.Wait(TimeSpan.FromMilliseconds(100)), Is.False, "Dispose returned while a handler was still running.");

        release.Set();
        Assert.That(disposer.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(Volatile.Read(ref handlerFinished), Is.True);
        Assert.That(emitter.Wait(TimeSpan.FromSeconds(10)), Is.True);
    }

    // The two sides of the wait, each on the test's own thread (a mutation tool that counts coverage per thread sees both).
    [Test]
    public void Dispose_OnThisThread_WaitsForTheHandlerAnotherThreadRuns()
    {
        var source = new NumberSource();
        using var entered = new ManualResetEventSlim();
        var handlerFinished = false;
        source.EventRaised += (_, _) =>
        {
            entered.Set();
            Thread.Sleep(200);
            Volatile.Write(ref handlerFinished, true);
        };

        var emitter = new Thread(() => source.Emit(1));
        emitter.Start();
        Assert.That(entered.Wait(TimeSpan.FromSeconds(10)), Is.True);
        source.Dispose();

        Assert.That(Volatile.Read(ref handlerFinished), Is.True, "Dispose returned while a handler was still running.");
        Assert.That(emitter.Join(TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public void Dispose_OnAnotherThread_WaitsForTheHandlerThisThreadRuns_AndReturnsWhenItDoes()
    {
        var source = new NumberSource();
        Task? disposer = null;
        var disposedDuringHandler = true;
        source.EventRaised += (_, _) =>
        {
            disposer = Task.Run(source.Dispose);
            disposedDuringHandler = disposer.Wait(TimeSpan.FromMilliseconds(200));
        };

        source.Emit(1);

        Assert.That(disposedDuringHandler, Is.False, "Dispose returned while this thread's handler was running.");
        Assert.That(disposer!.Wait(TimeSpan.FromSeconds(10)), Is.True, "Dispose was not woken when the handler returned.");
    }

    [Test]
    public void ALoggerThatThrows_WhenAHandlerFails_ReachesTheCaller_AndTheNextEventIsStillDelivered()
    {
        using var source = new NumberSource(new ThrowingLogger());
        var seen = new List<int>();
        source.EventRaised += (_, e) =>
        {
            seen.Add(((Numbered)e).Number);
            if (((Numbered)e).Number == 1)
            {
                throw new InvalidOperationException("handler");
            }
        };

        Assert.That(() => source.Emit(1), Throws.InstanceOf<NotSupportedException>());
        source.Emit(1);

        Assert.That(seen, Is.EqualTo(new[] { 1, 2 }), "the drain was released by the exception");
    }

    [Test]
    public void ALoggerThatThrows_WhenAHandlerFails_LeavesNoHandlerRunning_ADisposeFromAnotherThreadReturns()
    {
        var source = new NumberSource(new ThrowingLogger());
        source.EventRaised += (_, _) => throw new InvalidOperationException("handler");

        Assert.That(() => source.Emit(1), Throws.InstanceOf<NotSupportedException>());

        // No event follows to end the handler: the drain's own cleanup must have ended it, or the dispose waits for it forever.
        var disposer = Task.Run(source.Dispose);
        Assert.That(disposer.Wait(TimeSpan.FromSeconds(10)), Is.True, "Dispose waited for a handler that had already failed.");
    }

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => throw new NotSupportedException("the logger is broken");
    }

    [Test]
    public void Race_FourThreadsThroughAUiContext_EveryEventOnceInOrder_AllOnTheContextsThread()
    {
        const int Threads = 4;
        const int PerThread = 2_000;
        using var ui = new SingleThreadContext();
        using var source = new NumberSource(context: ui);
        var seen = new List<int>();
        var threads = new HashSet<int>();
        source.EventRaised += (_, e) =>
        {
            seen.Add(((Numbered)e).Number);
            threads.Add(Environment.CurrentManagedThreadId);
        };

        Assert.That(EmitFromThreads(source, Threads, PerThread), Is.True, "deadlock");
        ui.Idle();

        Assert.That(seen, Is.EqualTo(Enumerable.Range(1, Threads * PerThread)));
        Assert.That(threads, Is.EqualTo(new[] { ui.ThreadId }));
        Assert.That(ui.Posts, Is.LessThanOrEqualTo(Threads * PerThread), "one post per drain, and a drain takes every event queued meanwhile");
    }

    [Test]
    public void Race_FourThreads_NoLostDuplicatedOrConcurrentEvents()
    {
        const int Threads = 4;
        const int PerThread = 5_000;
        using var source = new NumberSource();
        var seen = new List<int>();
        var inside = 0;
        var overlaps = 0;
        source.EventRaised += (_, e) =>
        {
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            seen.Add(((Numbered)e).Number);
            Interlocked.Decrement(ref inside);
        };


        Assert.That(EmitFromThreads(source, Threads, PerThread), Is.True, "deadlock");
        Assert.Multiple(() =>
        {
            Assert.That(overlaps, Is.Zero);
            Assert.That(seen, Is.EqualTo(Enumerable.Range(1, Threads * PerThread)));
        });
    }

    [Test]
    public void Race_DisposeWhileFourThreadsEmit_NothingRaisedAfterDisposeReturns()
    {
        const int Threads = 4;
        var source = new NumberSource();
        var disposed = 0;
        var lateEvents = 0;
        var delivered = 0;
        source.EventRaised += (_, _) =>
        {
            Interlocked.Increment(ref delivered);
            if (Volatile.Read(ref disposed) == 1)
            {
                Interlocked.Increment(ref lateEvents);
            }
        };

        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Threads).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                source.Emit(1);
            }
        })).ToArray();

        SpinWait.SpinUntil(() => Volatile.Read(ref delivered) > 1_000, TimeSpan.FromSeconds(10));
        source.Dispose();
        Volatile.Write(ref disposed, 1);
        Thread.Sleep(50);
        stop.Cancel();

        Assert.That(Task.WaitAll(workers, TimeSpan.FromSeconds(30)), Is.True, "deadlock");
        Assert.That(lateEvents, Is.Zero);
    }

    private sealed record Numbered(int Number) : ConnectivityEvent;

    [Test]
    public void ACallQueuedFromAHandlerThatThrowsWhenItRuns_IsLogged_AndTheQueueGoesOn()
    {
        var logger = new FakeLogger();
        using var source = new NumberSource(logger);
        var seen = new List<int>();
        source.EventRaised += (_, e) =>
        {
            var number = ((Numbered)e).Number;
            seen.Add(number);
            if (number == 1)
            {
                source.RunThrowing("late failure");
                source.Emit(1);
            }
        };

        source.Emit(1);

        Assert.That(seen, Is.EqualTo(new[] { 1, 2 }));
        var entry = logger.Entries.Single();
        Assert.That((entry.EventId, entry.Level, entry.Exception?.Message), Is.EqualTo((6, LogLevel.Error, "late failure")));
        Assert.That(entry.Message, Is.EqualTo("Numbers: a call made from an event handler failed when it ran."));
    }

    [Test]
    public void ACallMadeFromAHandlerAfterTheDispatcherIsDisposed_IsAbandonedAtOnce()
    {
        using var source = new NumberSource();
        var abandoned = 0;
        var seen = new List<int>();
        source.EventRaised += (_, e) =>
        {
            seen.Add(((Numbered)e).Number);
            source.Dispose();
            source.EmitOr(1, () => abandoned++);
            Assert.That(abandoned, Is.EqualTo(1), "abandoned before the handler returns, so a task waiting for the call ends");
        };

        source.Emit(1);

        Assert.That(seen, Is.EqualTo(new[] { 1 }));
        Assert.That(abandoned, Is.EqualTo(1));
    }

    // Emits from several threads at once, each its share of events one at a time; false when they did not all finish in a minute.
    private static bool EmitFromThreads(NumberSource source, int threads, int perThread)
    {
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                source.Emit(1);
            }
        })).ToArray();
        return Task.WaitAll(workers, TimeSpan.FromSeconds(60));
    }

    private sealed class NumberSource : IConnectivityEventSource, IDisposable
    {
        private readonly object _gate = new();
        private readonly EventDispatcher _dispatcher;

        public NumberSource(ILogger? logger = null, SynchronizationContext? context = null)
            => _dispatcher = new EventDispatcher(_gate, this, "Numbers", logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, context);

        public event EventHandler<ConnectivityEvent>? EventRaised
        {
            add => _dispatcher.Subscribe(value);
            remove => _dispatcher.Unsubscribe(value);
        }

        public int Counter { get; private set; }

        public void Emit(int count) => EmitOr(count, null);

        /// <summary>Raises <paramref name="count"/> events, then runs <paramref name="inside"/>, all while this source's change is applied.</summary>
        public void RunInside(int count, Action inside) => _dispatcher.Run(
            this,
            source =>
            {
                for (var i = 0; i < count; i++)
                {
                    source._dispatcher.Raise_NeedsLock(new Numbered(++source.Counter));
                }

                inside();
            });

        public void RunThrowing(string message) => _dispatcher.Run(this, _ => throw new InvalidOperationException(message));

        public void EmitOr(int count, Action? abandoned) => _dispatcher.Run(
            this,
            source =>
            {
                for (var i = 0; i < count; i++)
                {
                    source._dispatcher.Raise_NeedsLock(new Numbered(++source.Counter));
                }
            },
            abandoned is null ? null : _ => abandoned());

        public void Dispose()
        {
            lock (_gate)
            {
                _dispatcher.Dispose_NeedsLock();
            }
        }
    }

    private sealed class RefusingContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => throw new InvalidOperationException("The window is closed.");
    }
}
