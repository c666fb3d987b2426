using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Presence;

public class RemoteUserTrackerOptionsTests
{
    [Test]
    public void Defaults_AreANativeObserversTimeouts()
    {
        var options = new RemoteUserTrackerOptions();

        Assert.That((options.OfflineTimeout, options.PeerLeaveTimeout), Is.EqualTo((Sec(20), Min(3))));
    }

    [TestCase(Platform.Android, 20)]
    [TestCase(Platform.Ios, 20)]
    [TestCase(Platform.MacOS, 20)]
    [TestCase(Platform.Windows, 20)]
    [TestCase(Platform.Linux, 20)]
    [TestCase(Platform.Web, 10)]
    public void ForObserver_GivesEachPlatformItsDocumentedOfflineTimeout(Platform platform, int seconds)
    {
        var options = RemoteUserTrackerOptions.ForObserver(platform);

        Assert.That((options.OfflineTimeout, options.PeerLeaveTimeout), Is.EqualTo((Sec(seconds), Min(3))));
    }

    [Test]
    public void Constructor_InvalidTimeouts_ThrowsNamingEach()
    {
        var options = new RemoteUserTrackerOptions { OfflineTimeout = Sec(-5), PeerLeaveTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => _ = new RemoteUserTracker(options));

        Assert.That(error!.Message, Is.EqualTo(
            "The RemoteUserTrackerOptions are not valid. OfflineTimeout must be greater than zero; it was -00:00:05. "
            + "PeerLeaveTimeout must be greater than zero; it was 00:00:00. (Parameter 'options')"));
    }

    [Test]
    public void Constructor_OfflineNotShorterThanPeerLeave_Throws()
    {
        var options = new RemoteUserTrackerOptions { OfflineTimeout = Min(3) };

        var error = Assert.Throws<ArgumentException>(() => _ = new RemoteUserTracker(options));

        Assert.That(error!.Message, Does.StartWith(
            "The RemoteUserTrackerOptions are not valid. OfflineTimeout must be shorter than PeerLeaveTimeout, since a user is reported offline before the server lets go of it; they were 00:03:00 and 00:03:00."));
    }
}
