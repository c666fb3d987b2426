using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Sdk;

namespace Agora.Connectivity.Testing;

/// <summary>
/// Turns a simulated user's events into the calls its SDK makes on the app's handler, and makes them while it listens: what
/// <c>ForwardTo</c> returns. Each SDK's calls are one mapping (<see cref="Rtc"/>, <see cref="Rtm"/>, <see cref="Link"/>).
/// </summary>
internal sealed class SdkCalls : IDisposable
{
    private readonly Action<ConnectivityEvent> _call;
    private readonly List<IConnectivityEventSource> _sources = [];
    private bool _disposed;

    private SdkCalls(Action<ConnectivityEvent> call) => _call = call;

    /// <summary>Gets or sets what runs when the forwarding is disposed (the user forgets it).</summary>
    public Action<SdkCalls>? Detached { get; set; }

    /// <summary>
    /// The RTC SDK's calls, as its generation makes them: the state callback from v2.3.2 (values as the SDK passes them), and before it
    /// the interrupted, lost, rejoin and banned callbacks (doc 001); joins, leaves, tokens and remote users in every generation.
    /// </summary>
    public static SdkCalls Rtc(IRtcEngineEvents sink, RtcSdkBehavior behavior)
    {
        var legacy = behavior == RtcSdkBehavior.Legacy;
        return new SdkCalls(e =>
        {
            switch (e)
            {
                case ConnectionStateChanged c:
                    if (!legacy)
                    {
                        sink.OnConnectionStateChanged((int)c.State, (int)c.Reason);
                    }

                    if (c.State == ConnectionState.Disconnected)
                    {
                        sink.OnLeaveChannel();
                    }

                    break;
                case JoinChannelSucceeded:
                    sink.OnJoinChannelSuccess();
                    break;
                case RejoinChannelSucceeded:
                    sink.OnRejoinChannelSuccess();
                    break;
                case ConnectionInterrupted when legacy:
                    sink.OnConnectionInterrupted();
                    break;
                case ConnectionBanned when legacy:
                    sink.OnConnectionBanned();
                    break;
                case ConnectionLost:
                    sink.OnConnectionLost();
                    break;
                case TokenPrivilegeWillExpire:
                    sink.OnTokenPrivilegeWillExpire();
                    break;
                case TokenPrivilegeExpired:
                    sink.OnRequestToken();
                    break;
                case RemoteUserJoined j:
                    sink.OnUserJoined(j.Uid);
                    break;
                case RemoteUserOffline o:
                    sink.OnUserOffline(o.Uid, (int)o.Reason);
                    break;
            }
        });
    }

    /// <summary>The RTM 1.x SDK's calls: the state callback, the token callbacks and the channel's member callbacks (no callback tells the presence window).</summary>
    public static SdkCalls Rtm(IRtmClientEvents sink) => new(e =>
    {
        switch (e)
        {
            case RtmConnectionStateChanged c:
                sink.OnConnectionStateChanged((int)c.State, (int)c.Reason);
                break;
            case TokenExpired:
                sink.OnTokenExpired();
                break;
            case RtmTokenPrivilegeWillExpire:
                sink.OnTokenPrivilegeWillExpire();
                break;
            case MemberJoined j:
                sink.OnMemberJoined(j.UserId);
                break;
            case MemberLeft l:
                sink.OnMemberLeft(l.UserId);
                break;
        }
    });

    /// <summary>The RTM 2.x SDK's one link callback, its fields as values (no callback tells the presence timeout).</summary>
    public static SdkCalls Link(IRtmLinkEvents sink) => new(e =>
    {
        if (e is RtmLinkStateChanged c)
        {
            sink.OnLinkStateEvent((int)c.PreviousState, (int)c.State, (int)c.Operation, (int)c.Reason, (int)c.ServiceType);
        }
    });

    /// <summary>Forwards the calls of <paramref name="source"/>'s events, until disposed.</summary>
    public SdkCalls Listen(IConnectivityEventSource source)
    {
        if (!_disposed)
        {
            _sources.Add(source);
            source.EventRaised += OnEvent;
        }

        return this;
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

    private void OnEvent(object? sender, ConnectivityEvent e) => _call(e);
}
