using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtm;

public class RtmMemberTrackerTests
{
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    [Test]
    public void Flow_MemberSilentWithin30s_RaisesNothing()
    {
        using var tracker = new RtmMemberTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportMemberJoined("alice");
        events.Take();

        _time.Advance(Sec(30) - Tick);
        tracker.ReportMemberActivity("alice");
        _time.Advance(Sec(29));

        Assert.That(events.Take(), Is.Empty);
        Assert.That(tracker.Members, Is.EqualTo(new[] { "alice" }));
    }

    [Test]
    public void Flow_MemberSilentFor30s_LeftAt30s_JoinedOnReturn()
    {
        using var tracker = new RtmMemberTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportMemberJoined("alice");

        _time.Advance(Sec(30));
        _time.Advance(Sec(12));
        tracker.ReportMemberActivity("alice");

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new MemberJoined("alice")),
            events.At(Sec(30), new MemberLeft("alice")),
            events.At(Sec(42), new MemberJoined("alice")),
        }));
    }

    [Test]
    public void Flow_MemberLogsOut_LeftAtOnce()
    {
        using var tracker = new RtmMemberTracker(timeProvider: _time);
        var events = new EventRecorder(tracker, _time);
        tracker.ReportMemberJoined("bob");
        _time.Advance(Sec(5));

        tracker.ReportMemberLeft("bob");
        _time.Advance(Min(2));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new MemberJoined("bob")),
            events.At(Sec(5), new MemberLeft("bob")),
        }));
        Assert.That(tracker.Members, Is.Empty);
    }

    [Test]
    public void NullUserId_Throws()
    {
        using var tracker = new RtmMemberTracker(timeProvider: _time);

        Assert.Throws<ArgumentNullException>(() => tracker.ReportMemberJoined(null!));
        Assert.Throws<ArgumentNullException>(() => tracker.ReportMemberActivity(null!));
        Assert.Throws<ArgumentNullException>(() => tracker.ReportMemberLeft(null!));
    }
}
