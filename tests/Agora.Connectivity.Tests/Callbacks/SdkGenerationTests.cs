using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Callbacks;

/// <summary>SDK generations: 4.x names, the Web's 4.x events, and what stays as it was.</summary>
public class SdkGenerationTests
{
    private static readonly SdkGeneration[] AllGenerations = Enum.GetValues<SdkGeneration>();

    [Test]
    public void For_EveryPlatformAndGeneration_ReportsItsPlatform_IsShared_AndBehaviorAliasesTheirGeneration()
    {
        foreach (var platform in Enum.GetValues<Platform>())
        {
            foreach (var generation in AllGenerations)
            {
                var first = CallbackStrategies.For(platform, generation);
                var second = CallbackStrategies.For(platform, generation);
                Assert.That(first.Platform, Is.EqualTo(platform));
                Assert.That(second, Is.SameAs(first));
            }

            Assert.That(CallbackStrategies.For(platform, RtcSdkBehavior.Current), Is.SameAs(CallbackStrategies.For(platform, SdkGeneration.V3)));
            Assert.That(CallbackStrategies.For(platform), Is.SameAs(CallbackStrategies.For(platform, SdkGeneration.V3)));
            Assert.That(CallbackStrategies.For(platform, RtcSdkBehavior.Legacy), Is.SameAs(CallbackStrategies.For(platform, SdkGeneration.Legacy)));
        }

        Assert.That(CallbackStrategies.BehaviorOf(SdkGeneration.Legacy), Is.EqualTo(RtcSdkBehavior.Legacy));
        Assert.That(CallbackStrategies.BehaviorOf(SdkGeneration.V3), Is.EqualTo(RtcSdkBehavior.Current));
        Assert.That(CallbackStrategies.BehaviorOf(SdkGeneration.V4), Is.EqualTo(RtcSdkBehavior.Current));
    }

    [Test]
    public void For_UndefinedValues_ThrowNamingTheParameter()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => CallbackStrategies.For(Platform.Web, (SdkGeneration)3))!.ParamName, Is.EqualTo("generation"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => CallbackStrategies.For((Platform)(-1), SdkGeneration.V4))!.ParamName, Is.EqualTo("platform"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => CallbackStrategies.BehaviorOf((SdkGeneration)7))!.ParamName, Is.EqualTo("generation"));
        Assert.Throws<ArgumentNullException>(() => CallbackStrategies.For(Platform.Web, SdkGeneration.V4).Map(null!));
    }

    [TestCase(Platform.Ios)]
    [TestCase(Platform.MacOS)]
    public void Apple4x_ReasonsUpTo17_HaveTheReasonInfix_LaterOnesDoNot(Platform platform)
    {
        var strategy = CallbackStrategies.For(platform, SdkGeneration.V4);

        Assert.That(Map(strategy, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            Is.EqualTo(new[] { "connectionChangedToState(AgoraConnectionStateReconnecting, AgoraConnectionChangedReasonInterrupted)" }));
        Assert.That(Map(strategy, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.EchoTest)),
            Is.EqualTo(new[] { "connectionChangedToState(AgoraConnectionStateFailed, AgoraConnectionChangedReasonEchoTest)" }));
        Assert.That(Map(strategy, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.SameUidLogin)),
            Is.EqualTo(new[] { "connectionChangedToState(AgoraConnectionStateFailed, AgoraConnectionChangedSameUidLogin)" }));
    }

    [Test]
    public void Apple3x_ReasonsThe3xHeaderDoesNotDefine_AreTheirNumber_The4xHeaderNamesThem()
    {
        var v3 = CallbackStrategies.For(Platform.Ios);

        Assert.That(Map(v3, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.Lost)),
            Is.EqualTo(new[] { "connectionChangedToState(AgoraConnectionStateFailed, 16)" }));
        Assert.That(Map(v3, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            Is.EqualTo(new[] { "connectionChangedToState(AgoraConnectionStateReconnecting, AgoraConnectionChangedInterrupted)" }));
        Assert.That(Map(CallbackStrategies.For(Platform.Ios, SdkGeneration.V4), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.Lost)),
            Is.EqualTo(new[] { "connectionChangedToState(AgoraConnectionStateFailed, AgoraConnectionChangedReasonLost)" }));
    }

    [Test]
    public void DeprecatedCallbacks_AreHeardBeforeV232Only_BothOfThem()
    {
        foreach (var platform in new[] { Platform.Android, Platform.Ios })
        {
            foreach (var generation in AllGenerations)
            {
                var strategy = CallbackStrategies.For(platform, generation);
                var expected = generation == SdkGeneration.Legacy ? 1 : 0;
                Assert.That(strategy.Map(new ConnectionInterrupted()), Has.Count.EqualTo(expected), $"{platform} {generation}");
                Assert.That(strategy.Map(new ConnectionBanned()), Has.Count.EqualTo(expected), $"{platform} {generation}");
            }
        }
    }

    [Test]
    public void Native4x_SpeaksAs3x_ButNamesTheReasonsOnly4xDefines()
    {
        foreach (var e in GoldenOutputTests.EveryEvent())
        {
            var v3 = Map(CallbackStrategies.For(Platform.Android, SdkGeneration.V3), e);
            var v4 = Map(CallbackStrategies.For(Platform.Android, SdkGeneration.V4), e);
            if (e is ConnectionStateChanged { Reason: ConnectionChangedReason.RejoinSuccess or ConnectionChangedReason.Lost or ConnectionChangedReason.EchoTest or ConnectionChangedReason.ClientIpAddressChangedByUser or >= ConnectionChangedReason.LicenseValidationFailure } c)
            {
                Assert.That(v3.Single(), Does.EndWith($", {(int)c.Reason})"), GoldenOutputTests.Describe(e));
                Assert.That(v4.Single(), Does.Contain("CONNECTION_CHANGED_"), GoldenOutputTests.Describe(e));
            }
            else
            {
                Assert.That(v4, Is.EqualTo(v3), GoldenOutputTests.Describe(e));
            }
        }
    }

    [Test]
    public void Web4x_ConnectionStateChange_CurrentThenPrevious_ReasonOnlyWhenDisconnected()
    {
        var web = CallbackStrategies.For(Platform.Web, SdkGeneration.V4);

        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting)),
            Is.EqualTo(new[] { "connection-state-change(CONNECTING, DISCONNECTED)" }));
        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted)),
            Is.EqualTo(new[] { "connection-state-change(RECONNECTING, CONNECTED)" }));
        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel)),
            Is.EqualTo(new[] { "connection-state-change(DISCONNECTING, CONNECTED)", "connection-state-change(DISCONNECTED, DISCONNECTING, LEAVE)" }));
        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel)),
            Is.EqualTo(new[] { "connection-state-change(DISCONNECTING, RECONNECTING)", "connection-state-change(DISCONNECTED, DISCONNECTING, LEAVE)" }));
        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Failed, ConnectionChangedReason.JoinFailed)),
            Is.EqualTo(new[] { "connection-state-change(DISCONNECTED, RECONNECTING, NETWORK_ERROR)" }));
        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.BannedByServer)),
            Is.EqualTo(new[] { "connection-state-change(DISCONNECTED, CONNECTED, UID_BANNED)" }));
        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.SameUidLogin)),
            Is.EqualTo(new[] { "connection-state-change(DISCONNECTED, CONNECTING, UID_BANNED)" }));
        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.TokenExpired)),
            Is.EqualTo(new[] { "connection-state-change(DISCONNECTING, CONNECTED)", "connection-state-change(DISCONNECTED, DISCONNECTING, TOKEN_EXPIRE)" }));
        foreach (var refusal in new[] { ConnectionChangedReason.InvalidToken, ConnectionChangedReason.InvalidAppId, ConnectionChangedReason.RejectedByServer, ConnectionChangedReason.InconsistentAppId })
        {
            Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, refusal)),
                Is.EqualTo(new[] { "connection-state-change(DISCONNECTED, CONNECTING)" }), $"{refusal}: the join's promise is rejected; no reason, never SERVER_ERROR");
        }

        // Failed and Disconnected are both DISCONNECTED on the Web: a leave after a failure changes nothing it can see.
        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Failed, ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel)), Is.Empty);
        Assert.That(Map(web, new ConnectionStateChanged(ConnectionState.Failed, ConnectionState.Connecting, ConnectionChangedReason.RenewToken)),
            Is.EqualTo(new[] { "connection-state-change(CONNECTING, DISCONNECTED)" }));
    }

    [Test]
    public void Web4x_RemoteUsers_JoinedThenPublished_UnpublishedThenLeftWithTheReason()
    {
        var web = CallbackStrategies.For(Platform.Web, SdkGeneration.V4);

        Assert.That(Map(web, new RemoteUserJoined(2)), Is.EqualTo(new[] { "user-joined(2)", "user-published(2)" }));
        Assert.That(Map(web, new RemoteUserOffline(2, UserOfflineReason.Quit)), Is.EqualTo(new[] { "user-unpublished(2)", "user-left(2, Quit)" }));
        Assert.That(Map(web, new RemoteUserOffline(2, UserOfflineReason.Dropped)), Is.EqualTo(new[] { "user-unpublished(2)", "user-left(2, ServerTimeOut)" }));
        Assert.That(Map(web, new RemoteUserOffline(2, UserOfflineReason.BecomeAudience)), Is.EqualTo(new[] { "user-unpublished(2)", "user-left(2, BecomeAudience)" }));
        Assert.That(Map(web, new RemoteUserLeft(2)), Is.Empty, "4.x already said user-left when the user went offline");
        Assert.That(Map(web, new JoinChannelSucceeded()), Is.Empty);
        Assert.That(Map(web, new ConnectionLost()), Is.Empty);
        Assert.Throws<ArgumentOutOfRangeException>(() => web.Map(new RemoteUserOffline(2, (UserOfflineReason)5)));
    }

    [Test]
    public void Simulation_Web4xObserver_HearsUserLeftWithServerTimeOut_At20s_AndNothingWhenTheServerLetsGo()
    {
        using var simulation = new ChannelSimulation();
        var native = simulation.AddUser(1, Platform.Android, SdkGeneration.V4);
        var web = simulation.AddUser(2, Platform.Web, SdkGeneration.V4);
        native.JoinChannel();
        web.JoinChannel();
        simulation.Advance(Sec(1));
        native.KillProcess();

        simulation.Advance(Min(5));

        Assert.That(web.Callbacks.Select(c => $"{c.At.TotalSeconds:0.0} {c.Callback}"), Is.EqualTo(new[]
        {
            "0.0 connection-state-change(CONNECTING, DISCONNECTED)",
            "0.2 connection-state-change(CONNECTED, CONNECTING)",
            "0.3 user-joined(1)",
            "0.3 user-published(1)",
            "21.0 user-unpublished(1)",
            "21.0 user-left(1, ServerTimeOut)",
        }));
    }

    [Test]
    public void Simulation_LegacyGeneration_BehavesLegacy_NeverFails()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.Ios, SdkGeneration.Legacy);
        user.JoinChannel();
        simulation.Advance(Sec(1));
        user.DropNetwork();

        simulation.Advance(Min(30));

        Assert.That(user.State, Is.EqualTo(ConnectionState.Reconnecting));
        Assert.That(user.Callbacks.Select(c => c.Callback.Name), Is.EqualTo(new[] { "didJoinChannel", "rtcEngineConnectionDidInterrupted", "rtcEngineConnectionDidLost" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => simulation.AddUser(2, Platform.Ios, (SdkGeneration)9));
    }

    private static IEnumerable<string> Map(ICallbackStrategy strategy, ConnectivityEvent e) => strategy.Map(e).Select(c => c.ToString());
}
