using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Tests.Callbacks;

/// <summary>Every value of every enum a callback carries has a distinct spelling on each platform.</summary>
public class SpellingsTests
{
    [TestCase(Platform.Android)]
    [TestCase(Platform.Ios)]
    [TestCase(Platform.MacOS)]
    [TestCase(Platform.Windows)]
    [TestCase(Platform.Linux)]
    public void EveryConnectionStateAndReason_HasADistinctSpelling(Platform platform)
    {
        // 4.x: the generation that defines every reason 0-24 (3.x spells those it lacks as their numbers, distinct too).
        var strategy = CallbackStrategies.For(platform, SdkGeneration.V4);
        var states = Enum.GetValues<ConnectionState>().Select(s => strategy.Map(new ConnectionStateChanged(s == ConnectionState.Disconnected ? ConnectionState.Connected : ConnectionState.Disconnected, s, ConnectionChangedReason.Connecting)).Single().Arguments[0]).ToList();
        var reasons = Enum.GetValues<ConnectionChangedReason>().Select(r => strategy.Map(new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Failed, r)).Single().Arguments[1]).ToList();

        Assert.That(states, Is.Unique.And.All.Not.Empty);
        Assert.That(reasons, Has.Count.EqualTo(25).And.Unique.And.All.Not.Empty);
    }

    [TestCase(Platform.Android)]
    [TestCase(Platform.Ios)]
    [TestCase(Platform.MacOS)]
    [TestCase(Platform.Windows)]
    [TestCase(Platform.Linux)]
    [TestCase(Platform.Web)]
    public void EveryOfflineReasonAndRtmStateAndReason_HasASpelling(Platform platform)
    {
        var strategy = CallbackStrategies.For(platform);
        var offline = Enum.GetValues<UserOfflineReason>().Select(r => strategy.Map(new RemoteUserOffline(1, r)).Single().ToString()).ToList();
        var rtmStates = Enum.GetValues<RtmConnectionState>().Select(s => strategy.Map(new RtmConnectionStateChanged(RtmConnectionState.Disconnected, s, RtmConnectionChangeReason.Login)).Single().Arguments[0]).ToList();
        var rtmReasons = Enum.GetValues<RtmConnectionChangeReason>().Select(r => strategy.Map(new RtmConnectionStateChanged(RtmConnectionState.Disconnected, RtmConnectionState.Connecting, r)).Single().Arguments[1]).ToList();

        Assert.That(offline, Has.Count.EqualTo(3).And.All.Not.Empty);
        Assert.That(rtmStates, Has.Count.EqualTo(5).And.Unique.And.All.Not.Empty);
        Assert.That(rtmReasons, Has.Count.EqualTo(9).And.Unique.And.All.Not.Empty);
    }

    [TestCase(ConnectionChangedReason.ClientIpAddressChangedByUser, "CONNECTION_CHANGED_CLIENT_IP_ADDRESS_CHANGED_BY_USER", "AgoraConnectionChangedClientIpAddressChangedByUser")]
    [TestCase(ConnectionChangedReason.InvalidAppId, "CONNECTION_CHANGED_INVALID_APP_ID", "AgoraConnectionChangedInvalidAppId")]
    [TestCase(ConnectionChangedReason.CertificationVerifyFailure, "CONNECTION_CHANGED_CERTIFICATION_VERYFY_FAILURE", "AgoraConnectionChangedCertificationVerifyFailure")]
    [TestCase(ConnectionChangedReason.InconsistentAppId, "CONNECTION_CHANGED_INCONSISTENT_APPID", "AgoraConnectionChangedInconsistentAppId")]
    public void Reason_IsSpelledAsAgorasHeaders(ConnectionChangedReason reason, string native, string apple)
    {
        var changed = new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, reason);

        Assert.That(CallbackStrategies.For(Platform.Android, SdkGeneration.V4).Map(changed).Single().Arguments[1], Is.EqualTo(native));
        // Apple: the 3.x header for the reasons it defines (4.x adds the Reason infix to 0-17); 4.x for the rest.
        var appleGeneration = reason is ConnectionChangedReason.InvalidAppId ? SdkGeneration.V3 : SdkGeneration.V4;
        Assert.That(CallbackStrategies.For(Platform.Ios, appleGeneration).Map(changed).Single().Arguments[1], Is.EqualTo(apple));
    }
}
