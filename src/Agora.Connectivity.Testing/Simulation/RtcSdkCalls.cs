using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Sdk;

namespace Agora.Connectivity.Testing;

/// <summary>
/// Turns a simulated user's events into the calls its RTC SDK makes on the app's event handler, as its generation makes them: the
/// state callback from v2.3.2 (values as the SDK passes them), and before it the interrupted, lost, rejoin and banned callbacks
/// (doc 001); the join, leave, token and remote-user callbacks in every generation.
/// </summary>
internal sealed class RtcSdkCalls : IDisposable
{
    private readonly IRtcEngineEvents _sink;
    private readonly bool _legacy;
    private readonly List<IConnectivityEventSource> _sources = [];
    private bool _disposed;

    public RtcSdkCalls(IRtcEngineEvents sink, RtcSdkBehavior behavior)
    {
        _sink = sink;
        _legacy = behavior == RtcSdkBehavior.Legacy;
    }

    /// <summary>Gets or sets what runs when the forwarding is disposed (the user forgets it).</summary>
    public Action<RtcSdkCalls>? Detached { get; set; }

    /// <summary>Forwards the calls of <paramref name="source"/>'s events, until disposed.</summary>
    public void Listen(IConnectivityEventSource source)
    {
        if (!_disposed)
        {
            _sources.Add(source);
            source.EventRaised += OnEvent;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var source in _sources)
        {
            source.EventRaised -= OnEvent;
        }

        _sources.Clear();
        Detached?.Invoke(this);
    }

    private void OnEvent(object? sender, ConnectivityEvent e)
    {
        switch (e)
        {
            case ConnectionStateChanged c:
                if (!_legacy)
                {
                    _sink.OnConnectionStateChanged((int)c.State, (int)c.Reason);
                }

                if (c.State == ConnectionState.Disconnected)
                {
                    _sink.OnLeaveChannel();
                }

                break;
            case JoinChannelSucceeded:
                _sink.OnJoinChannelSuccess();
                break;
            case RejoinChannelSucceeded:
                _sink.OnRejoinChannelSuccess();
                break;
            case ConnectionInterrupted when _legacy:
                _sink.OnConnectionInterrupted();
                break;
            case ConnectionBanned when _legacy:
                _sink.OnConnectionBanned();
                break;
            case ConnectionLost:
                _sink.OnConnectionLost();
                break;
            case TokenPrivilegeWillExpire:
                _sink.OnTokenPrivilegeWillExpire();
                break;
            case TokenPrivilegeExpired:
                _sink.OnRequestToken();
                break;
            case RemoteUserJoined j:
                _sink.OnUserJoined(j.Uid);
                break;
            case RemoteUserOffline o:
                _sink.OnUserOffline(o.Uid, (int)o.Reason);
                break;
        }
    }
}
