using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>The RTM connection as doc 003 states it, written independently of the library (see <see cref="RtcReferenceModel"/>).</summary>
internal sealed class RtmReferenceModel
{
    private static readonly long LoginTimeout = TimeSpan.FromSeconds(6).Ticks;
    private static readonly long Interruption = TimeSpan.FromSeconds(4).Ticks;
    private static readonly long Presence = TimeSpan.FromSeconds(30).Ticks;

    private readonly List<string> _events = [];
    private RtmConnectionState _state = RtmConnectionState.Disconnected;
    private long _now;
    private long _lastData;
    private long _loginAt;
    private bool _presenceExpired;

    public IReadOnlyList<string> Events => _events;

    public void Apply(RtmStep step)
    {
        switch (step.Kind)
        {
            case RtmStepKind.Advance:
                AdvanceTo(_now + step.Ticks);
                break;
            case RtmStepKind.Login when _state == RtmConnectionState.Disconnected:
                _loginAt = _now;
                Change(RtmConnectionState.Connecting, RtmConnectionChangeReason.Login);
                break;
            case RtmStepKind.Login:
                _events.Add($"{_now} threw InvalidOperationException");
                break;
            case RtmStepKind.Logout when _state != RtmConnectionState.Disconnected:
                Change(RtmConnectionState.Disconnected, RtmConnectionChangeReason.Logout);
                break;
            case RtmStepKind.LoginSuccess:
                _lastData = _now;
                if (_state is RtmConnectionState.Connecting or RtmConnectionState.Reconnecting)
                {
                    Change(RtmConnectionState.Connected, RtmConnectionChangeReason.LoginSuccess);
                }

                break;
            case RtmStepKind.LoginFailure when _state == RtmConnectionState.Connecting:
                Change(RtmConnectionState.Disconnected, RtmConnectionChangeReason.LoginFailure);
                break;
            case RtmStepKind.Activity:
                _lastData = _now;
                break;
            case RtmStepKind.RemoteLogin when LoggedIn:
                Change(RtmConnectionState.Aborted, RtmConnectionChangeReason.RemoteLogin);
                break;
            case RtmStepKind.Banned when LoggedIn:
                Change(RtmConnectionState.Aborted, RtmConnectionChangeReason.BannedByServer);
                break;
            // Raised only while reconnecting (RTM 1.x onTokenExpired; doc 003).
            case RtmStepKind.TokenExpired when _state == RtmConnectionState.Reconnecting:
                _events.Add($"{_now} TokenExpired");
                break;
        }
    }

    private bool LoggedIn => _state is RtmConnectionState.Connecting or RtmConnectionState.Connected or RtmConnectionState.Reconnecting;

    private void AdvanceTo(long target)
    {
        while (NextDeadline() is { } due && due <= target)
        {
            _now = due;
            switch (_state)
            {
                case RtmConnectionState.Connecting:
                    Change(RtmConnectionState.Disconnected, RtmConnectionChangeReason.LoginTimeout);
                    break;
                case RtmConnectionState.Connected:
                    _presenceExpired = false;
                    Change(RtmConnectionState.Reconnecting, RtmConnectionChangeReason.Interrupted);
                    break;
                default:
                    _presenceExpired = true;
                    _events.Add($"{_now} PresenceExpired");
                    break;
            }
        }

        _now = target;
    }

    private long? NextDeadline() => _state switch
    {
        RtmConnectionState.Connecting => _loginAt + LoginTimeout,
        RtmConnectionState.Connected => _lastData + Interruption,
        RtmConnectionState.Reconnecting when !_presenceExpired => _lastData + Presence,
        _ => null,
    };

    private void Change(RtmConnectionState state, RtmConnectionChangeReason reason)
    {
        _events.Add($"{_now} {_state}->{state} {reason}");
        _state = state;
    }
}

internal enum RtmStepKind
{
    Advance,
    Login,
    Logout,
    LoginSuccess,
    LoginFailure,
    Activity,
    RemoteLogin,
    Banned,
    TokenExpired,
}

internal sealed record RtmStep(RtmStepKind Kind, long Ticks = 0)
{
    public override string ToString() => Kind == RtmStepKind.Advance ? $"Advance({TimeSpan.FromTicks(Ticks)})" : Kind.ToString();
}
