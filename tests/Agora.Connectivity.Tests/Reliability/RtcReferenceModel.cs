using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// The RTC connection as docs 001 and 004 state it, written independently of the library: no timers,
/// no table; each step computes the next deadline from the last server data (T3), the interruption (T4)
/// or the join, and emits what falls due, in time order. Times are in 100 ns ticks from the start.
/// </summary>
internal sealed class RtcReferenceModel
{
    private static readonly long Interruption = TimeSpan.FromSeconds(4).Ticks;
    private static readonly long Lost = TimeSpan.FromSeconds(10).Ticks;
    private static readonly long GiveUp = TimeSpan.FromMinutes(20).Ticks;

    private readonly bool _legacy;
    private readonly List<string> _events = [];
    private ConnectionState _state = ConnectionState.Disconnected;
    private long _now;
    private long _lastData;
    private long _joinedAt;
    private long _interruptedAt;
    private bool _lost;

    public RtcReferenceModel(RtcSdkBehavior behavior) => _legacy = behavior == RtcSdkBehavior.Legacy;

    public IReadOnlyList<string> Events => _events;

    public void Apply(RtcStep step)
    {
        switch (step.Kind)
        {
            case RtcStepKind.Advance:
                AdvanceTo(_now + step.Ticks);
                break;
            case RtcStepKind.Join when _state == ConnectionState.Disconnected:
                _joinedAt = _now;
                Change(ConnectionState.Connecting, ConnectionChangedReason.Connecting);
                break;
            case RtcStepKind.Join:
                _events.Add($"{_now} threw InvalidOperationException");
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

    private bool InChannel => _state is ConnectionState.Connecting or ConnectionState.Connected or ConnectionState.Reconnecting;

    private void AdvanceTo(long target)
    {
        while (NextDeadline() is { } due && due <= target)
        {
            _now = due;
            switch (_state)
            {
                case ConnectionState.Connecting:
                    Change(ConnectionState.Failed, ConnectionChangedReason.JoinFailed);
                    break;
                case ConnectionState.Connected:
                    _interruptedAt = _now;
                    _lost = false;
                    Change(ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted);
                    _events.Add($"{_now} ConnectionInterrupted");
                    break;
                case ConnectionState.Reconnecting when !_lost:
                    _lost = true;
                    _events.Add($"{_now} ConnectionLost");
                    break;
                default:
                    Change(ConnectionState.Failed, ConnectionChangedReason.JoinFailed);
                    break;
            }
        }

        _now = target;
    }

    private long? NextDeadline() => _state switch
    {
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
}

internal sealed record RtcStep(RtcStepKind Kind, long Ticks = 0)
{
    public override string ToString() => Kind == RtcStepKind.Advance ? $"Advance({TimeSpan.FromTicks(Ticks)})" : Kind.ToString();
}
