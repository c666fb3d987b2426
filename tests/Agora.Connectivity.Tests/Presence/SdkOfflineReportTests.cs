using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Presence;

/// <summary>
/// <see cref="RemoteUserTracker.ReportUserOffline"/>: the SDK's own <c>onUserOffline(uid, reason)</c>, its reason kept (issue 36, contract
/// "Following a real SDK"). Before it, an app could pass the SDK's DROPPED only as <c>ReportUserLeft</c>, which came out as Quit.
/// </summary>
public class SdkOfflineReportTests
{
    [TestCase(UserOfflineReason.Dropped, "onUserOffline(7, USER_OFFLINE_DROPPED)")]
    [TestCase(UserOfflineReason.Quit, "onUserOffline(7, USER_OFFLINE_QUIT)")]
    [TestCase(UserOfflineReason.BecomeAudience, "onUserOffline(7, USER_OFFLINE_BECOME_AUDIENCE)")]
    public void TheSdksOfflineReport_IsRaisedAtOnce_WithItsReason_AndTheTrackersOwnTimeoutAddsNothing(UserOfflineReason reason, string android)
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        var events = new EventRecorder(tracker, time);
        var callbacks = new List<string>();
        using var subscription = tracker.Subscribe(CallbackStrategies.For(Platform.Android), c => callbacks.Add($"{time.Elapsed.TotalSeconds}s {c}"));
        tracker.ReportUserJoined(7);
        time.Advance(Sec(8));   // the SDK says so at 8 s, before the tracker's 20 s would have

        tracker.ReportUserOffline(7, reason);
        time.Advance(Min(5));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RemoteUserJoined(7)),
            events.At(Sec(8), new RemoteUserOffline(7, reason)),
        }));
        Assert.That(callbacks, Is.EqualTo(new[] { "0s onUserJoined(7)", $"8s {android}" }));
        Assert.That(tracker.IsOnline(7), Is.False);
    }

    [Test]
    public void AfterTheTrackersOwnTimeout_TheSdksReport_IsTheServerLettingGo_NotASecondOffline()
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        var events = new EventRecorder(tracker, time);
        tracker.ReportUserJoined(1);
        time.Advance(Sec(21));

        tracker.ReportUserOffline(1, UserOfflineReason.Dropped);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RemoteUserJoined(1)),
            events.At(Sec(20), new RemoteUserOffline(1, UserOfflineReason.Dropped)),
            events.At(Sec(21), new RemoteUserLeft(1)),
        }));
    }

    [Test]
    public void AReportForAUserNotOnline_IsIgnored_AndAnUndefinedReasonIsRefused_WithoutChangingAnything()
    {
        var time = new FakeTimeProvider();
        var log = new FakeLogger<RemoteUserTracker>();
        using var tracker = new RemoteUserTracker(null, time, log);
        var events = new EventRecorder(tracker, time);
        tracker.ReportUserJoined(3);

        tracker.ReportUserOffline(9, UserOfflineReason.Dropped);
        Assert.That(() => tracker.ReportUserOffline(3, (UserOfflineReason)7), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("7 is not a defined UserOfflineReason value"));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(TimeSpan.Zero, new RemoteUserJoined(3)) }));
        Assert.That(tracker.IsOnline(3), Is.True);
        Assert.That(log.Entries.Single(e => e.EventName == "ReportIgnored").Level, Is.EqualTo(LogLevel.Debug));
    }

    [Test]
    public void OnTheWeb4x_TheSdksDrop_IsUserLeftWithServerTimeOut()
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        var callbacks = new List<string>();
        using var subscription = tracker.Subscribe(CallbackStrategies.For(Platform.Web, SdkGeneration.V4), c => callbacks.Add(c.ToString()));
        tracker.ReportUserJoined(2);

        tracker.ReportUserOffline(2, UserOfflineReason.Dropped);

        Assert.That(callbacks, Is.EqualTo(new[] { "user-joined(2)", "user-published(2)", "user-unpublished(2)", "user-left(2, ServerTimeOut)" }));
    }
}
