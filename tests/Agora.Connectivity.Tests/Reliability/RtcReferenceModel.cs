using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// The RTC connection as docs 001 and 004 and Agora's token and onConnectionLost references state it
/// (docs/tokens.md), written independently of the library: no timers, no table; each step computes the
/// next deadline from the last server data (T3), the interruption (T4), the join or the token, and emits
/// what falls due, in time order. At one instant the connection's own deadline comes first, then the
/// token's warning, then its expiry. Times are in 100 ns ticks from the start.
/// </summary>
internal sealed class RtcReferenceModel
{
    private static readonly long Interruption = TimeSpan.FromSeconds(4).Ticks;
    private static readonly long Lost = TimeSpan.FromSeconds(10).Ticks;
    private static readonly long GiveUp = TimeSpan.FromMinutes(20).Ticks;
    private static readonly long Warning = TimeSpan.FromSeconds(30).Ticks;

    private readonly bool _legacy;
    private readonly List<string> _events = [];
    private ConnectionState _state = ConnectionState.Disconnected;
    private long _now;
    private long _lastData;
    private long _joinedAt;
    private long _interruptedAt;
    private bool _lost;
    private long? _tokenExpiry;
    private long _warnAt;
    private bool _warned;

    public RtcReferenceModel(RtcSdkBehavior behavior) => _legacy = behavior == RtcSdkBehavior.Legacy;

    public IReadOnlyList<string> Events => _events;

    public void Apply(RtcStep step)
    {
        switch (step.Kind)
        {
            case RtcStepKind.Advance:
                AdvanceTo(_now + step.Ticks);
                break;
            case RtcStepKind.Join or RtcStepKind.JoinWithToken when _state == ConnectionState.Disconnected:
                Join(ConnectionChangedReason.Connecting, step.Kind == RtcStepKind.JoinWithToken ? step.Ticks : null);
                break;
            case RtcStepKind.Join or RtcStepKind.JoinWithToken:
            case RtcStepKind.RenewToken when _state == ConnectionState.Disconnected:
                _events.Add($"{_now} threw InvalidOperationException");
                break;
            case RtcStepKind.RenewToken when _state == ConnectionState.Failed:
                Join(ConnectionChangedReason.RenewToken, step.Ticks);
                break;
            case RtcStepKind.RenewToken:
                GiveToken(step.Ticks);
                AdvanceTo(_now);
                break;
            case RtcStepKind.TokenRefused when InChannel:
                Change(ConnectionState.Failed, ConnectionChangedReason.TokenExpired);
                _events.Add($"{_now} TokenPrivilegeExpired");
                break;
            case RtcStepKind.Leave when _state != ConnectionState.Disconnected:
                Change(ConnectionState.Disconnected, ConnectionChangedReason.LeaveChannel);
                break;
            case RtcStepKind.JoinSuccess:
                _lastData = _now;
                if (_state is ConnectionState.Connecting or ConnectionState.Reconnecting)
                {
                    var rejoin = _state == ConnectionState.Reconnecting;
                    Change(ConnectionState.Connected, ConnectionChangedReason.JoinSuccess);
                    _events.Add($"{_now} {(rejoin ? "RejoinChannelSucceeded" : "JoinChannelSucceeded")}");
                }

                break;
            case RtcStepKind.Activity:
                _lastData = _now;
                break;
            case RtcStepKind.Refused when InChannel:
                Change(ConnectionState.Failed, ConnectionChangedReason.InvalidToken);
                break;
            case RtcStepKind.Banned when InChannel:
                Change(ConnectionState.Failed, ConnectionChangedReason.BannedByServer);
                _events.Add($"{_now} ConnectionBanned");
                break;
        }
    }

    private void Join(ConnectionChangedReason reason, long? tokenLifetime)
    {
        _joinedAt = _now;
        _lost = false;
        Change(ConnectionState.Connecting, reason);
        _tokenExpiry = null;
        if (tokenLifetime is { } lifetime)
        {
            GiveToken(lifetime);
        }

        AdvanceTo(_now);
    }

    // Warned 30 s before the expiry, at once when less is left, never when the token is already expired.
    private void GiveToken(long lifetime)
    {
        _tokenExpiry = _now + Math.Max(lifetime, 0);
        _warnAt = Math.Max(_now, _now + lifetime - Warning);
        _warned = lifetime <= 0;
    }

    private bool InChannel => _state is ConnectionState.Connecting or ConnectionState.Connected or ConnectionState.Reconnecting;

    private void AdvanceTo(long target)
    {
        while (NextDeadline() is { } next && next.Due <= target)
        {
            _now = next.Due;
            switch (next.Kind)
            {
                case "warning":
                    _warned = true;
                    _events.Add($"{_now} TokenPrivilegeWillExpire");
                    break;
                case "expiry":
                    Change(ConnectionState.Failed, ConnectionChangedReason.TokenExpired);
                    _events.Add($"{_now} TokenPrivilegeExpired");
                    break;
                default:
                    Connection();
                    break;
            }
        }

        _now = target;
    }

    private void Connection()
    {
        switch (_state)
        {
            case ConnectionState.Connecting when !_lost:
            case ConnectionState.Reconnecting when !_lost:
                _lost = true;
                _events.Add($"{_now} ConnectionLost");
                break;
            case ConnectionState.Connected:
                _interruptedAt = _now;
                _lost = false;
                Change(ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted);
                _events.Add($"{_now} ConnectionInterrupted");
                break;
            default:
                Change(ConnectionState.Failed, ConnectionChangedReason.JoinFailed);
                break;
        }
    }

    private (long Due, string Kind)? NextDeadline()
    {
        (long Due, string Kind)? next = ConnectionDeadline() is { } due ? (due, "connection") : null;
        if (InChannel && _tokenExpiry is { } expiry)
        {
            if (!_warned && (next is null || _warnAt < next.Value.Due))
            {
                next = (_warnAt, "warning");
            }

            if (next is null || expiry < next.Value.Due)
            {
                next = (expiry, "expiry");
            }
        }

        return next;
    }

    private long? ConnectionDeadline() => _state switch
    {
        ConnectionState.Connecting when !_lost => _joinedAt + Lost,
        ConnectionState.Connecting when !_legacy => _joinedAt + GiveUp,
        ConnectionState.Connected => _lastData + Interruption,
        ConnectionState.Reconnecting when !_lost => _legacy ? _lastData + Lost : _interruptedAt + Lost,
        ConnectionState.Reconnecting when !_legacy => _interruptedAt + GiveUp,
        _ => null,
    };

    private void Change(ConnectionState state, ConnectionChangedReason reason)
    {
        _events.Add($"{_now} {_state}->{state} {reason}");
        _state = state;
    }
}

internal enum RtcStepKind
{
    Advance,
    Join,
    Leave,
    JoinSuccess,
    Activity,
    Refused,
    Banned,
    JoinWithToken,
    RenewToken,
    TokenRefused,
}

internal sealed record RtcStep(RtcStepKind Kind, long Ticks = 0)
{
    public override string ToString() => Kind is RtcStepKind.Advance or RtcStepKind.JoinWithToken or RtcStepKind.RenewToken ? $"{Kind}({TimeSpan.FromTicks(Ticks)})" : Kind.ToString();
}
