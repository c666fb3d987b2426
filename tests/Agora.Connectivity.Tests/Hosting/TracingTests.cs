using System.Diagnostics;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
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
        Assert.That(recorder.Started, Has.Count.EqualTo(recorder.Stopped.Count), "every activity started was stopped");
    }

    [Test]
    public void DriverAttempts_EachAnActivity_WithItsNumberAndOutcome()
    {
        using var recorder = new ActivityRecorder();
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var transport = new ScriptedTransport(call => call == 1 ? Task.FromException(new IOException("refused by the network")) : Task.CompletedTask);
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
    private sealed class ScriptedTransport(Func<int, Task> attempt) : IConnectionTransport
    {
        private int _calls;

        public Task ConnectAsync(IConnectionSink sink, CancellationToken cancellationToken) => attempt(++_calls);

        public Task CloseAsync() => Task.CompletedTask;
    }

    /// <summary>Listens to the library's source only, and records what it starts and stops.</summary>
    private sealed class ActivityRecorder : IDisposable
    {
        private readonly ActivityListener _listener;

        public ActivityRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Agora.Connectivity",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStarted = a => Started.Add(a),
                ActivityStopped = a => Stopped.Add(a),
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Started { get; } = [];

        public List<Activity> Stopped { get; } = [];

        public void Dispose() => _listener.Dispose();
    }
}
