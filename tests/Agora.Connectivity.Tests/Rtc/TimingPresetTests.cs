using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtc;

/// <summary>
/// Where Agora's documents disagree on a timeout, each variant is a preset named after its source; the
/// seed contract's (docs 003, 004) is the default. Each is checked on a timeline, to the tick.
/// </summary>
public class TimingPresetTests
{
    public static IEnumerable<TestCaseData> RtcPresets()
    {
        // T3 = the drop at 1 s; T4 = 5 s.
        yield return new TestCaseData((Func<RtcConnectionOptions>)RtcConnectionOptions.FromReconnectionFaq, Sec(15)).SetName("Doc004_LostAtT4Plus10s");
        yield return new TestCaseData((Func<RtcConnectionOptions>)RtcConnectionOptions.FromReconnectionFaq2021, Sec(11)).SetName("Doc001_LostAtT3Plus10s");
        yield return new TestCaseData((Func<RtcConnectionOptions>)RtcConnectionOptions.FromIosChannelConnectionGuide, Sec(16)).SetName("Doc002_LostAfter15sWithoutData");
    }

    [TestCaseSource(nameof(RtcPresets))]
    public void RtcPreset_HearsLostWhenItsSourceSays(Func<RtcConnectionOptions> preset, TimeSpan lostAt)
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(preset(), time);
        var heard = new List<string>();
        using var subscription = machine.Subscribe(CallbackStrategies.For(Platform.Ios), c => heard.Add($"{time.Elapsed.TotalSeconds} {c.Name}"));
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        time.Advance(Sec(1));
        machine.ReportServerActivity();

        time.Advance(lostAt - Sec(1) - Tick);
        Assert.That(heard, Has.None.Contains("rtcEngineConnectionDidLost"));
        time.Advance(Tick);

        Assert.That(heard, Is.EqualTo(new[]
        {
            "0 connectionChangedToState",
            "0 connectionChangedToState",
            "0 didJoinChannel",
            "5 connectionChangedToState",
            $"{lostAt.TotalSeconds} rtcEngineConnectionDidLost",
        }));
    }

    [Test]
    public void Presets_AreNewStartingPoints_TheUserCanStillChange()
    {
        var first = RtcConnectionOptions.FromIosChannelConnectionGuide();
        first.ConnectionLostTimeout = Sec(3);

        Assert.That(RtcConnectionOptions.FromIosChannelConnectionGuide().ConnectionLostTimeout, Is.EqualTo(Sec(11)));
        Assert.That(RtcConnectionOptions.FromReconnectionFaq2021().ConnectionLostTimeout, Is.EqualTo(Sec(6)));
        Assert.That(RtcConnectionOptions.FromReconnectionFaq().ConnectionLostTimeout, Is.EqualTo(new RtcConnectionOptions().ConnectionLostTimeout));
        var again = RtcConnectionOptions.FromReconnectionFaq();
        Assert.That(RtcConnectionOptions.FromReconnectionFaq(), Is.Not.SameAs(again));
        Assert.That(RtmConnectionOptions.FromManageConnectionStatesGuide().LoginTimeout, Is.EqualTo(new RtmConnectionOptions().LoginTimeout));
    }

    [TestCase(nameof(RtmConnectionOptions.FromManageConnectionStatesGuide), 6)]
    [TestCase(nameof(RtmConnectionOptions.FromWebReference14), 10)]
    [TestCase(nameof(RtmConnectionOptions.FromNativeReference15), 12)]
    [TestCase(nameof(RtmConnectionOptions.FromShippedSdk), 12)]
    public void RtmPreset_LoginTimesOutWhenItsSourceSays(string preset, double seconds)
    {
        var options = (RtmConnectionOptions)typeof(RtmConnectionOptions).GetMethod(preset)!.Invoke(null, null)!;
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(options, time);
        var login = machine.LoginAsync();

        time.Advance(Sec(seconds) - Tick);
        Assert.That(login.IsCompleted, Is.False);
        time.Advance(Tick);

        Assert.That(Assert.ThrowsAsync<RtmLoginException>(() => login)!.Reason, Is.EqualTo(RtmConnectionChangeReason.LoginTimeout));
    }
}
