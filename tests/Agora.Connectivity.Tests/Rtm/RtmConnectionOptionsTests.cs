using Agora.Connectivity.Rtm;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtm;

public class RtmConnectionOptionsTests
{
    [Test]
    public void Defaults_AreTheDocumentedValues()
    {
        var options = new RtmConnectionOptions();

        Assert.That((options.LoginTimeout, options.InterruptionTimeout, options.PresenceTimeout), Is.EqualTo((Sec(6), Sec(4), Sec(30))));
        Assert.That(new RtmMemberTrackerOptions().PresenceTimeout, Is.EqualTo(Sec(30)));
    }

    [Test]
    public void Constructor_InvalidTimeouts_ThrowsNamingEach()
    {
        var options = new RtmConnectionOptions { LoginTimeout = TimeSpan.Zero, InterruptionTimeout = Sec(-4), PresenceTimeout = TimeSpan.FromDays(60) };

        var error = Assert.Throws<ArgumentException>(() => _ = new RtmConnectionStateMachine(options));

        Assert.That(error!.Message, Is.EqualTo(
            "The RtmConnectionOptions are not valid. LoginTimeout must be greater than zero; it was 00:00:00. "
            + "InterruptionTimeout must be greater than zero; it was -00:00:04. "
            + "PresenceTimeout must be at most 01:00:00; it was 60.00:00:00. Timeouts are written as hh:mm:ss (00:00:04 is 4 seconds; a bare 4 is read as 4 days). (Parameter 'options')"));
    }

    [Test]
    public void Constructor_InterruptionNotShorterThanPresence_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new RtmConnectionStateMachine(new RtmConnectionOptions { InterruptionTimeout = Sec(30) }));

        Assert.That(error!.Message, Does.StartWith(
            "The RtmConnectionOptions are not valid. InterruptionTimeout must be shorter than PresenceTimeout, since both count from the last server data; they were 00:00:30 and 00:00:30."));
    }

    [Test]
    public void MemberTracker_InvalidPresenceTimeout_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new RtmMemberTracker(new RtmMemberTrackerOptions { PresenceTimeout = TimeSpan.Zero }));

        Assert.That(error!.Message, Is.EqualTo("The RtmMemberTrackerOptions are not valid. PresenceTimeout must be greater than zero; it was 00:00:00. (Parameter 'options')"));
    }
}
