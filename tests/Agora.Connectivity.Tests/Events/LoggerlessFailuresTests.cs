using System.Diagnostics;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.Events;

/// <summary>
/// A machine or tracker built without a logger still says when a handler throws (issue 38): its errors go to
/// <see cref="Trace"/>, where the debugger's output and any <see cref="TraceListener"/> see them; nothing quieter is written.
/// </summary>
[NonParallelizable]
public class LoggerlessFailuresTests
{
    [Test]
    public void AThrowingHandler_OnALoggerlessMachine_IsWrittenToTrace_WithItsException_AndTheOtherHandlersRun()
    {
        using var listener = new Recorder();
        using var machine = new RtcConnectionStateMachine(new FakeTimeProvider());
        var second = 0;
        machine.EventRaised += (_, _) => throw new InvalidOperationException("the app's bug");
        machine.EventRaised += (_, _) => second++;

        machine.JoinChannel();

        Assert.That(second, Is.EqualTo(1));
        var written = listener.Errors.Single();
        Assert.That(written, Does.StartWith("Agora.Connectivity Error 4 HandlerFailed: RtcConnectionStateMachine: an EventRaised handler threw while handling ConnectionStateChanged;"));
        Assert.That(written, Does.Contain("System.InvalidOperationException: the app's bug"));
    }

    [Test]
    public void ALoggerlessTracker_WritesItsHandlersFailuresToTrace_AndNothingBelowAnError()
    {
        using var listener = new Recorder();
        using var users = new RemoteUserTracker(null, new FakeTimeProvider());
        users.EventRaised += (_, _) => throw new InvalidOperationException("boom");

        users.ReportUserLeft(9);   // not joined: ignored, at Debug, so not written
        users.ReportUserJoined(9);

        Assert.That(listener.Errors, Has.Count.EqualTo(1));
        Assert.That(listener.Errors[0], Does.Contain("HandlerFailed").And.Contain("boom"));
    }

    private sealed class Recorder : TraceListener
    {
        public Recorder() => Trace.Listeners.Add(this);

        public List<string> Errors { get; } = [];

        public override void TraceEvent(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, string? message)
        {
            if (eventType == TraceEventType.Error)
            {
                Errors.Add(message ?? string.Empty);
            }
        }

        public override void TraceEvent(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, string? format, params object?[]? args) =>
            TraceEvent(eventCache, source, eventType, id, args is null ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format ?? string.Empty, args));

        public override void Write(string? message)
        {
        }

        public override void WriteLine(string? message)
        {
        }

        protected override void Dispose(bool disposing)
        {
            Trace.Listeners.Remove(this);
            base.Dispose(disposing);
        }
    }
}
