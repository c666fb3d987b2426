using Agora.Connectivity;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.PackageTests.NetStandard;

/// <summary>Uses the core package's public surface from netstandard2.0.</summary>
public sealed class ConnectionWatcher : System.IDisposable
{
    private readonly RtcConnectionStateMachine _machine;
    private readonly System.IDisposable _subscription;

    public ConnectionWatcher(ITimeProvider time, System.Action<string> write)
    {
        _machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy }, time);
        _subscription = _machine.Subscribe(CallbackStrategies.For(Platform.Windows, RtcSdkBehavior.Legacy), c => write(c.ToString()));
    }

    public ConnectionState State => _machine.State;

    public void Join() => _machine.JoinChannel();

    public void Dispose()
    {
        _subscription.Dispose();
        _machine.Dispose();
    }
}
