using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using Moq;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Callbacks;

/// <summary>A consumer writes its own strategy: here one that drives the app's own handler interface.</summary>
public class CustomStrategyTests
{
    public interface IAppConnectionHandler
    {
        void Online();

        void Offline(bool permanently);
    }

    [Test]
    public void CustomStrategy_DrivesTheAppsOwnHandler()
    {
        var time = new FakeTimeProvider();
        var handler = new Mock<IAppConnectionHandler>(MockBehavior.Strict);
        var sequence = new MockSequence();
        handler.InSequence(sequence).Setup(h => h.Online());
        handler.InSequence(sequence).Setup(h => h.Offline(false));
        handler.InSequence(sequence).Setup(h => h.Offline(true));
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        using var subscription = machine.Subscribe(new AppStrategy(), callback =>
        {
            switch (callback.Name)
            {
                case "online":
                    handler.Object.Online();
                    break;
                case "offline":
                    handler.Object.Offline(callback.Arguments[0] == "permanently");
                    break;
            }
        });

        machine.JoinChannel();
        machine.ReportJoinSuccess();
        time.Advance(Min(21));

        handler.Verify(h => h.Online(), Times.Once);
        handler.Verify(h => h.Offline(false), Times.Once);
        handler.Verify(h => h.Offline(true), Times.Once);
    }

    private sealed class AppStrategy : ICallbackStrategy
    {
        public Platform Platform => Platform.Android;

        public IReadOnlyList<PlatformCallback> Map(ConnectivityEvent e) => e switch
        {
            ConnectionStateChanged { State: ConnectionState.Connected } => [new PlatformCallback("online")],
            ConnectionStateChanged { State: ConnectionState.Reconnecting } => [new PlatformCallback("offline", "for now")],
            ConnectionStateChanged { State: ConnectionState.Failed } => [new PlatformCallback("offline", "permanently")],
            _ => [],
        };
    }
}
