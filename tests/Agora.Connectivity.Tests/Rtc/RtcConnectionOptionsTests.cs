using Agora.Connectivity.Rtc;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtc;

public class RtcConnectionOptionsTests
{
    [Test]
    public void Defaults_AreTheDocumentedValues()
    {
        var options = new RtcConnectionOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.InterruptionTimeout, Is.EqualTo(Sec(4)));
            Assert.That(options.ConnectionLostTimeout, Is.EqualTo(Sec(10)));
            Assert.That(options.ReconnectFailureTimeout, Is.EqualTo(Min(20)));
            Assert.That(options.TokenExpiryWarning, Is.EqualTo(Sec(30)));
            Assert.That(options.Behavior, Is.EqualTo(RtcSdkBehavior.Current));
        });
    }

    [Test]
    public void Constructor_NonPositiveAndTooLongTimeouts_ThrowsNamingEachPropertyAndValue()
    {
        var options = new RtcConnectionOptions
        {
            InterruptionTimeout = TimeSpan.Zero,
            ConnectionLostTimeout = Sec(-1),
            ReconnectFailureTimeout = TimeSpan.MaxValue,
            TokenExpiryWarning = TimeSpan.MaxValue,
        };

        var error = Assert.Throws<ArgumentException>(() => _ = new RtcConnectionStateMachine(options));

        Assert.That(error!.ParamName, Is.EqualTo("options"));
        Assert.That(error.Message, Is.EqualTo(
            "The RtcConnectionOptions are not valid. "
            + "InterruptionTimeout must be greater than zero; it was 00:00:00. "
            + "ConnectionLostTimeout must be greater than zero; it was -00:00:01. "
            + "ReconnectFailureTimeout must be at most 1.00:00:00; it was 10675199.02:48:05.4775807. Timeouts are written as hh:mm:ss (00:00:04 is 4 seconds; a bare 4 is read as 4 days). "
            + "TokenExpiryWarning must be at most 1.00:00:00; it was 10675199.02:48:05.4775807. Timeouts are written as hh:mm:ss (00:00:04 is 4 seconds; a bare 4 is read as 4 days). (Parameter 'options')"));
    }

    [Test]
    public void Constructor_Current_LostNotShorterThanFailure_Throws()
    {
        var options = new RtcConnectionOptions { ConnectionLostTimeout = Min(20) };

        var error = Assert.Throws<ArgumentException>(() => _ = new RtcConnectionStateMachine(options));

        Assert.That(error!.Message, Does.StartWith(
            "The RtcConnectionOptions are not valid. ConnectionLostTimeout must be shorter than ReconnectFailureTimeout under the Current behavior, since both count from the interruption; they were 00:20:00 and 00:20:00."));
    }

    [Test]
    public void Constructor_Legacy_InterruptionNotShorterThanLost_Throws()
    {
        var options = new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy, InterruptionTimeout = Sec(10) };

        var error = Assert.Throws<ArgumentException>(() => _ = new RtcConnectionStateMachine(options));

        Assert.That(error!.Message, Does.StartWith(
            "The RtcConnectionOptions are not valid. InterruptionTimeout must be shorter than ConnectionLostTimeout under the Legacy behavior, since both count from the last server data; they were 00:00:10 and 00:00:10."));
    }

    [Test]
    public void Constructor_UndefinedBehavior_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = (RtcSdkBehavior)7 }));

        Assert.That(error!.Message, Does.StartWith("The RtcConnectionOptions are not valid. Behavior must be one of Current, Legacy; it was 7."));
    }

    [Test]
    public void Constructor_KeepsACopy_LaterChangesDoNotApply()
    {
        var time = new Testing.FakeTimeProvider();
        var options = new RtcConnectionOptions();
        using var machine = new RtcConnectionStateMachine(options, time);
        options.InterruptionTimeout = Sec(1);
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        time.Advance(Sec(2));

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
    }
}
