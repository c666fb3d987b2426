using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// The RTM connection as doc 003 states it, with RTM 1.5's token warning and the server's drops as agora-rtm-sdk 1.5.1 ships them,
/// written independently of the library (see <see cref="RtcReferenceModel"/>).
/// </summary>
internal sealed class RtmReferenceModel
{
    private static readonly long LoginTimeout = TimeSpan.FromSeconds(6).Ticks;
    private static readonly long Interruption = TimeSpan.FromSeconds(4).Ticks;
    private static readonly long Presence = TimeSpan.FromSeconds(30).Ticks;
    private static readonly long TokenWarning = TimeSpan.FromSeconds(30).Ticks;

    private readonly List<string> _events = [];
    private RtmConnectionState _state = RtmConnectionState.Disconnected;
    private long _now;
    private long _lastData;
    private long _loginAt;
    private bool _presenceExpired;
    private long? _warnAt; // when the token's warning is due; null: none is (no token, given expired, or already warned)

    public IReadOnlyList<string> Events => _events;

    public void Apply(RtmStep step)
    {
        switch (step.Kind)
        {
            case RtmStepKind.Advance:
                AdvanceTo(_now + step.Ticks);
                break;
            case RtmStepKind.Login or RtmStepKind.LoginWithToken when _state == RtmConnectionState.Disconnected:
                _loginAt = _now;
                _warnAt = step.Kind == RtmStepKind.LoginWithToken ? WarnAt(step.Ticks) : null;
                Change(RtmConnectionState.Connecting, RtmConnectionChangeReason.Login);
                break;
            case RtmStepKind.Login or RtmStepKind.LoginWithToken:
                _events.Add($"{_now} threw InvalidOperationException");
                break;
            case RtmStepKind.RenewToken when LoggedIn:
                _warnAt = WarnAt(step.Ticks);
                break;
            case RtmStepKind.RenewToken:
                _events.Add($"{_now} threw InvalidOperationException");
                break;
            // agora-rtm-sdk 1.5.1 userDropHandler: ABORTED with the reason; TOKEN_EXPIRED is followed by TokenExpired.
            case RtmStepKind.DropTokenExpired when LoggedIn:
                Change(RtmConnectionState.Aborted, RtmConnectionChangeReason.TokenExpired);
                _events.Add($"{_now} TokenExpired");
                break;
            case RtmStepKind.DropInterrupted when LoggedIn:
                Change(RtmConnectionState.Aborted, RtmConnectionChangeReason.Interrupted);
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

        AdvanceTo(_now); // what fell due at once (a token given with less than the warning left)
    }

    // A token expiring `left` from now is warned 30 s before, at once when less is left, never when it has expired already.
    private long? WarnAt(long left) => left <= 0 ? null : Math.Max(_now, _now + left - TokenWarning);

    private bool LoggedIn => _state is RtmConnectionState.Connecting or RtmConnectionState.Connected or RtmConnectionState.Reconnecting;

    private void AdvanceTo(long target)
    {
        while (NextDeadline() is { } due && due <= target)
        {
            _now = due;
            if (LoggedIn && _warnAt is { } warnAt && warnAt == due && !(ConnectionDeadline() is { } first && first <= warnAt))
            {
                _warnAt = null;
                _events.Add($"{_now} RtmTokenPrivilegeWillExpire");
                continue;
            }

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

    // The connection's deadline, and the token's warning while logged in: whichever is due first; at one instant the connection's.
    private long? NextDeadline()
    {
        var connection = ConnectionDeadline();
        return LoggedIn && _warnAt is { } warnAt && (connection is null || warnAt < connection) ? warnAt : connection;
    }

    private long? ConnectionDeadline() => _state switch
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
    LoginWithToken,
    RenewToken,
    DropTokenExpired,
    DropInterrupted,
}

internal sealed record RtmStep(RtmStepKind Kind, long Ticks = 0)
{
    public override string ToString() => Kind is RtmStepKind.Advance or RtmStepKind.LoginWithToken or RtmStepKind.RenewToken ? $"{Kind}({TimeSpan.FromTicks(Ticks)})" : Kind.ToString();
}
