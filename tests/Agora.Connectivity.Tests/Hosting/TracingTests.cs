using System.Diagnostics;
using Agora.Connectivity.Internal.Machines;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Hosting;

/// <summary>The <c>Agora.Connectivity</c> activity source: an activity per outage and per driver attempt, on the machine's clock.</summary>
[NonParallelizable] // an ActivityListener hears every source of the process
public class TracingTests
{
    [Test]
    public void Outage_FromReconnectingToConnected_OnTheMachinesClock_TaggedWithHowItEnded()
    {
        using var recorder = new ActivityRecorder();
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        time.Advance(Sec(9));           // interrupted at 4 s
        machine.ReportJoinSuccess();    // rejoined at 9 s

        var outage = recorder.Stopped.Single(a => a.OperationName == "agora.rtc.outage");
        Assert.That(outage.StartTimeUtc, Is.EqualTo((time.Start + Sec(4)).UtcDateTime));
        Assert.That(outage.Duration, Is.EqualTo(Sec(5)));
        Assert.That(outage.Parent, Is.Null, "a root: an outage is nobody's child");
        Assert.That(Tags(outage), Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["agora.connection.kind"] = "rtc",
            ["agora.outage.reason"] = "Interrupted",
            ["agora.connection.state"] = "Connected",
            ["agora.connection.reason"] = "JoinSuccess",
        }));
        Assert.That(outage.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(Activity.Current, Is.Null, "the caller's current activity is left alone");
    }

    [Test]
    public void Outage_EndingInFailure_IsAnError_OneEndingInADispose_IsClosed()
    {
        using var recorder = new ActivityRecorder();
        var time = new FakeTimeProvider();
        using var failing = new RtcConnectionStateMachine(timeProvider: time);
        failing.JoinChannel();
        failing.ReportJoinSuccess();
        time.Advance(Sec(4) + Min(20));

        var failed = recorder.Stopped.Single(a => a.OperationName == "agora.rtc.outage");
        Assert.That(failed.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(failed.Duration, Is.EqualTo(Min(20)));
        Assert.That(Tags(failed)["agora.connection.reason"], Is.EqualTo("JoinFailed"));

        var rtm = new RtmConnectionStateMachine(timeProvider: time);
        _ = rtm.LoginAsync();
        rtm.ReportLoginSuccess();
        time.Advance(Sec(10));
        rtm.Dispose();

        var disposed = recorder.Stopped.Single(a => a.OperationName == "agora.rtm.outage");
        Assert.That(disposed.Duration, Is.EqualTo(Sec(6)));
        Assert.That(Tags(disposed)["agora.connection.state"], Is.EqualTo("Disposed"));
        Assert.That(Tags(disposed)["agora.connection.reason"], Is.EqualTo("Disposed"));
        Assert.That(disposed.Status, Is.EqualTo(ActivityStatusCode.Unset), "a dispose is no failure");
        Assert.That(failed.StatusDescription, Is.EqualTo("Failed, JoinFailed"));
        Assert.That(recorder.Started, Has.Count.EqualTo(recorder.Stopped.Count), "every activity started was stopped");
    }

    [Test]
    public void RtmLinkOutage_FromTheLossToTheReconnect_AcrossItsAttempts_OneActivity()
    {
        using var recorder = new ActivityRecorder();
        var time = new FakeTimeProvider();
        using var link = new RtmLinkStateMachine(null, time);
        _ = link.LoginAsync();
        link.ReportLoginSuccess();
        time.Advance(Sec(20));          // lost at 9, attempts at 12 and 19
        link.ReportLoginSuccess();      // reconnected at 20

        var outage = recorder.Stopped.Single(a => a.OperationName == "agora.rtm2.outage");
        Assert.That(outage.StartTimeUtc, Is.EqualTo((time.Start + Sec(9)).UtcDateTime));
        Assert.That(outage.Duration, Is.EqualTo(Sec(11)));
        Assert.That(Tags(outage)["agora.outage.reason"], Is.EqualTo("KeepAliveTimeout"));
        Assert.That(Tags(outage)["agora.connection.reason"], Is.EqualTo("ReconnectSuccess"));
        Assert.That(recorder.Started.Count(a => a.OperationName == "agora.rtm2.outage"), Is.EqualTo(1), "one outage, however many attempts");
    }

    [Test]
    public void DriverAttempts_EachAnActivity_WithItsNumberAndOutcome()
    {
        using var recorder = new ActivityRecorder();
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var transport = new ScriptedTransport((call, _) => call == 1 ? Task.FromException(new IOException("refused by the network")) : Task.CompletedTask);
        using var driver = new RtcConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(2)]));

        machine.JoinChannel();
        time.Advance(Sec(3));

        var attempts = recorder.Stopped.Where(a => a.OperationName == "agora.rtc.connect").ToList();
        Assert.That(attempts.Select(a => (Tags(a)["agora.attempt.number"], Tags(a)["agora.attempt.outcome"])), Is.EqualTo(new[] { ("1", "failed"), ("2", "accepted") }));
        Assert.That(attempts[0].Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(Tags(attempts[0])["error.type"], Is.EqualTo("System.IO.IOException"));
        Assert.That(attempts[1].StartTimeUtc, Is.EqualTo((time.Start + Sec(2)).UtcDateTime));
    }

    [Test]
    public void DriverAttempts_TimedOutRefusedAndCanceled_EachSaysSo_WithTheConnectionsKindAndName()
    {
        using var recorder = new ActivityRecorder();
        var time = new FakeTimeProvider();
        using var rtc = new RtcConnectionStateMachine(timeProvider: time);
        rtc.Runtime.ConnectionName = "main";
        var transport = new ScriptedTransport((call, token) => call switch
        {
            1 => Task.Delay(Timeout.InfiniteTimeSpan, token), // until the attempt timeout cancels it
            _ => Task.FromException(new ConnectionRejectedException(ConnectionChangedReason.InvalidToken, "bad token")),
        });
        using (var driver = new RtcConnectionDriver(rtc, transport, new FixedDelaysPolicy([Sec(1)], attemptTimeout: Sec(20))))
        {
            rtc.JoinChannel();
            time.Advance(Sec(20));       // the first attempt times out; the driver hears it on the pool
            Assert.That(SpinWait.SpinUntil(() => recorder.Stopped.Count(a => a.OperationName == "agora.rtc.connect") == 1, TimeSpan.FromSeconds(10)), Is.True);
            // The retry is refused. Its timer is set on the pool after the first attempt's activity stops, so a single Advance(1 s)
            // could run before the timer exists (and never fire it): time is stepped until the retry has run.
            Assert.That(SpinWait.SpinUntil(() => { time.Advance(TimeSpan.FromMilliseconds(100)); return rtc.State == ConnectionState.Failed; }, TimeSpan.FromSeconds(10)), Is.True);
        }

        using var rtm = new RtmConnectionStateMachine(timeProvider: time);
        using (var driver = new RtmConnectionDriver(rtm, new ScriptedTransport((_, token) => Task.Delay(Timeout.InfiniteTimeSpan, token)), new FixedDelaysPolicy([Sec(1)])))
        {
            _ = rtm.LoginAsync();
            time.Advance(TimeSpan.Zero);
            rtm.LogoutAsync();
            Assert.That(SpinWait.SpinUntil(() => recorder.Stopped.Any(a => a.OperationName == "agora.rtm.connect"), TimeSpan.FromSeconds(10)), Is.True);
        }

        var attempts = recorder.Stopped.Where(a => a.OperationName.EndsWith(".connect", StringComparison.Ordinal))
            .Select(a => $"{a.OperationName} {Tags(a)["agora.attempt.outcome"]} {Tags(a)["agora.connection.kind"]} {Tags(a).GetValueOrDefault("agora.connection.name")} {a.Status}").ToList();
        Assert.That(attempts, Is.EqualTo(new[]
        {
            "agora.rtc.connect timed_out rtc main Error",
            "agora.rtc.connect refused rtc main Error",
            "agora.rtm.connect canceled rtm  Unset",
        }));
    }

    [Test]
    public void ARootActivity_LeavesTheCallersCurrentOneCurrent()
    {
        using var recorder = new ActivityRecorder();
        using var caller = new ActivitySource("test.caller");
        using var listener = new ActivityListener { ShouldListenTo = s => s.Name == "test.caller", Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData };
        ActivitySource.AddActivityListener(listener);
        using var current = caller.StartActivity("the caller's work");

        using var root = Agora.Connectivity.Internal.ConnectivityTracing.StartRoot("agora.rtc.outage", DateTimeOffset.UnixEpoch);

        Assert.That(root!.Parent, Is.Null);
        Assert.That(Activity.Current, Is.SameAs(current));
    }

    [Test]
    public void NobodyListening_NothingIsCreated()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        time.Advance(Sec(5));

        Assert.That(Agora.Connectivity.Internal.ConnectivityTracing.Source.HasListeners(), Is.False);
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
    }

    [Test]
    public void NobodyListening_StartingAnActivity_AllocatesNothing()
    {
        var start = DateTimeOffset.UnixEpoch;
        Agora.Connectivity.Internal.ConnectivityTracing.StartRoot("warm-up", start);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Agora.Connectivity.Internal.ConnectivityTracing.StartRoot("agora.rtc.outage", start);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);

    }

    [Test]
    public async Task OpenTelemetry_ExportsANamedConnectionsOutage_FromAHost()
    {
        var exported = new List<Activity>();
        var time = new FakeTimeProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddRtcConnection("main", configure: null);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Agora.Connectivity").AddInMemoryExporter(exported));
        using var host = builder.Build();
        await host.StartAsync();
        var machine = host.Services.GetRequiredKeyedService<RtcConnectionStateMachine>("main");

        machine.JoinChannel();
        machine.ReportJoinSuccess();
        time.Advance(Sec(6));
        machine.LeaveChannel();
        await host.StopAsync();

        var outage = exported.Single(a => a.OperationName == "agora.rtc.outage");
        Assert.That(Tags(outage)["agora.connection.name"], Is.EqualTo("main"));
        Assert.That(Tags(outage)["agora.connection.reason"], Is.EqualTo("LeaveChannel"));
        Assert.That(outage.Duration, Is.EqualTo(Sec(2)));
    }

    private static Dictionary<string, string?> Tags(Activity activity) => activity.TagObjects.ToDictionary(t => t.Key, t => t.Value?.ToString());

    /// <summary>A transport whose n-th attempt does what the script says.</summary>
    private sealed class ScriptedTransport(Func<int, CancellationToken, Task> attempt) : IConnectionTransport
    {
        private int _calls;

        public Task ConnectAsync(IConnectionSink sink, CancellationToken cancellationToken) => attempt(++_calls, cancellationToken);

        public Task CloseAsync() => Task.CompletedTask;
    }

    /// <summary>Listens to the library's source only, and records what it starts and stops.</summary>
    // A dispose can run an outage's End before the dispatcher ran its Start (another thread had dequeued it): the Start that comes
    // second still records the outage, from its start to the end noted by the dispose, and stops it.
    [Test]
    public void OutageTrace_EndedBeforeItStarted_IsStartedAndStoppedAtTheNotedEnd()
    {
        using var recorder = new ActivityRecorder();
        var start = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
        var trace = new OutageTrace("agora.test.outage", "test", "race", start, "Interrupted");
        trace.SetEnd(start + Sec(3), "Disposed", "Disposed", failed: false);

        trace.End();
        trace.Start();

        var outage = recorder.Stopped.Single(a => a.OperationName == "agora.test.outage");
        Assert.That(outage.StartTimeUtc, Is.EqualTo(start.UtcDateTime));
        Assert.That(outage.Duration, Is.EqualTo(Sec(3)));
        Assert.That(Tags(outage)["agora.connection.state"], Is.EqualTo("Disposed"));
        Assert.That(recorder.Started, Has.Count.EqualTo(1));
    }

    [Test]
    public void OutageTrace_StartedWhenNobodyListensAnyMore_TracesNothing_AndEndsQuietly()
    {
        var start = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
        var trace = new OutageTrace("agora.test.outage", "test", "unheard", start, "Interrupted");
        trace.SetEnd(start + Sec(3), "Connected", "JoinSuccess", failed: false);

        Assert.That(ConnectivityTracingHasListeners(), Is.False, "no listener in this test");
        Assert.That(() => { trace.Start(); trace.End(); }, Throws.Nothing);
    }

    private static bool ConnectivityTracingHasListeners() => Agora.Connectivity.Internal.ConnectivityTracing.Source.HasListeners();
}
