using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Callbacks.Internal;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Tests.Callbacks;

/// <summary>What a strategy and a callback show in a log or a debugger, how callbacks hash, and what a wrong table says.</summary>
public class StrategyDiagnosticsTests
{
    [TestCase(Platform.Android, SdkGeneration.V4, "Android (Android, Windows, Linux, V4)")]
    [TestCase(Platform.Ios, SdkGeneration.Legacy, "Ios (iOS, macOS, Legacy)")]
    [TestCase(Platform.Web, SdkGeneration.V3, "Web (Web, V3)")]
    public void Strategy_ToString_NamesThePlatformAndItsTable(Platform platform, SdkGeneration generation, string expected)
        => Assert.That(CallbackStrategies.For(platform, generation).ToString(), Is.EqualTo(expected));

    [Test]
    public void ATableThatAsksForAnArgumentTheEventLacks_FailsNamingTheTableTheArgumentAndTheEvent()
    {
        var broken = CallbackTables.NativeV3.With(CallbackEvent.StateChanged, new CallbackTemplate("onConnectionStateChanged", CallbackArgument.Uid));
        var strategy = new TableCallbackStrategy(Platform.Android, broken);

        var error = Assert.Throws<InvalidOperationException>(() => strategy.Map(new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting)));

        Assert.That(error!.Message, Is.EqualTo("The callback table 'Android, Windows, Linux, V3' asks for Uid of a ConnectionStateChanged, which has none."));
    }

    [Test]
    public void EqualCallbacks_HashAlike_AndEachDifferenceChangesTheHash()
    {
        var callback = new PlatformCallback("onUserOffline", "9", "USER_OFFLINE_DROPPED");

        Assert.That(new PlatformCallback("onUserOffline", new List<string> { "9", "USER_OFFLINE_DROPPED" }).GetHashCode(), Is.EqualTo(callback.GetHashCode()));
        Assert.That(
            new[]
            {
                new PlatformCallback("onUserJoined", "9", "USER_OFFLINE_DROPPED"),
                new PlatformCallback("onUserOffline", "8", "USER_OFFLINE_DROPPED"),
                new PlatformCallback("onUserOffline", "USER_OFFLINE_DROPPED", "9"),
                new PlatformCallback("onUserOffline", "9"),
                new PlatformCallback("onUserOffline", "9", "USER_OFFLINE_DROPPED", "9"),
            }.Select(c => c.GetHashCode()),
            Has.None.EqualTo(callback.GetHashCode()));
    }
}
