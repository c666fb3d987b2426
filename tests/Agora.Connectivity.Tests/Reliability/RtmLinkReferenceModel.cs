using Agora.Connectivity.Rtm2;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// The RTM 2.x link as <c>agora-rtm-sdk</c> 2.3.0 runs it (docs/rtm2.md), written independently of the library as a plain event loop
/// over the instants at which something falls due (see <see cref="RtcReferenceModel"/>).
/// </summary>
internal sealed class RtmLinkReferenceModel
{
    private static readonly long Second = TimeSpan.TicksPerSecond;
    private static readonly long Heartbeat = 5 * Second;        // heartbeatInterval's default: the next ping 5 s after an answer
    private static readonly long KeepAlive = 9 * Second;        // heartbeat 5 s + RTM_LINK_KEEP_ALIVE_TIMEOUT 10 s - 6 s after a ping
    private static readonly long SocketRetry = 3 * Second;      // the socket's we(Ct), Ct=3e3: no attempt within 3 s of a loss
    private static readonly long Attempt = 5 * Second;          // gD(5e3)
    private static readonly long SuspendAfter = 115 * Second;   // 115e3
    private static readonly long Presence = 300 * Second;
    private static readonly long[] Waits = [2 * Second, 4 * Second, 8 * Second, 16 * Second, 32 * Second, 32 * Second];
    private static readonly long LastWait = 30 * Second;

    private readonly List<string> _events = [];
    private readonly long? _reconnectTimeout;
    private RtmLinkState _state = RtmLinkState.Idle;
    private long _now;
    private long _lastData;
    private long _nextPing;
    private bool _relogin;
    private long? _tokenAt;
    private bool _everConnected;
    private bool _lost;
    private bool _presenceDone;
    private long _outageData;
    private long? _giveUpAt;
    private long? _firstTimeout;
    private bool _suspended;
    private int _waitIndex;
    private long _attemptAt;
    private long _retryAt;

    public RtmLinkReferenceModel(TimeSpan? reconnectTimeout) => _reconnectTimeout = reconnectTimeout?.Ticks;

    public IReadOnlyList<string> Events => _events;

    private bool LoggedIn => _state is RtmLinkState.Connecting or RtmLinkState.Connected or RtmLinkState.Disconnected or RtmLinkState.Suspended;

    public void Apply(LinkStep step)
    {
        switch (step.Kind)
        {
            case LinkStepKind.Advance:
                AdvanceTo(_now + step.Ticks);
                break;
            case LinkStepKind.Login or LinkStepKind.LoginWithToken when _state is RtmLinkState.Idle or RtmLinkState.Failed:
                var relogin = _state == RtmLinkState.Failed;
                (_everConnected, _lost, _presenceDone, _firstTimeout, _suspended, _waitIndex, _relogin) = (false, false, false, null, false, 0, false);
                _giveUpAt = _now + _reconnectTimeout;
                _tokenAt = step.Kind == LinkStepKind.LoginWithToken ? _now + step.Ticks : null;
                _attemptAt = _now;
                Change(RtmLinkState.Connecting, RtmLinkOperation.Login, relogin ? RtmLinkStateChangeReason.Relogin : RtmLinkStateChangeReason.Login);
                break;
            case LinkStepKind.Login or LinkStepKind.LoginWithToken when _state is RtmLinkState.Disconnected or RtmLinkState.Suspended && _everConnected && !_relogin:
                // "custom reLogin, need retry right now": the outage goes on, with the new login's token (one relogin pending at a time).
                _relogin = true;
                _tokenAt = step.Kind == LinkStepKind.LoginWithToken ? _now + step.Ticks : null;
                _attemptAt = _now;
                Change(RtmLinkState.Connecting, RtmLinkOperation.Login, RtmLinkStateChangeReason.Relogin);
                break;
            case LinkStepKind.Login or LinkStepKind.LoginWithToken when _state == RtmLinkState.Connected:
                break; // if("CONNECTED"===this._linkState)return B
            case LinkStepKind.Login or LinkStepKind.LoginWithToken:
                _events.Add($"{_now} threw InvalidOperationException");
                break;
            case LinkStepKind.Logout when _state != RtmLinkState.Idle:
                _tokenAt = null;
                Change(RtmLinkState.Idle, RtmLinkOperation.Logout, RtmLinkStateChangeReason.Logout);
                break;
            case LinkStepKind.LoginSuccess:
                _lastData = _now;
                if (_state == RtmLinkState.Connecting)
                {
                    Change(
                        RtmLinkState.Connected,
                        _everConnected && !_relogin ? RtmLinkOperation.AutoReconnect : RtmLinkOperation.Login,
                        !_everConnected ? RtmLinkStateChangeReason.LoginSuccess : _relogin ? RtmLinkStateChangeReason.Relogin : RtmLinkStateChangeReason.ReconnectSuccess,
                        resumed: _everConnected && !_suspended);
                    (_everConnected, _lost, _presenceDone, _firstTimeout, _suspended, _waitIndex, _giveUpAt, _relogin) = (true, false, false, null, false, 0, null, false);
                    _nextPing = _now;
                }

                break;
            case LinkStepKind.LoginFailure when _state == RtmLinkState.Connecting:
                // A refused reconnect is a user drop whose code the handler does not know: UNKNOWN.
                Fail(_everConnected ? RtmLinkOperation.ServerReject : RtmLinkOperation.Login, _everConnected ? RtmLinkStateChangeReason.Unknown : RtmLinkStateChangeReason.InvalidToken);
                break;
            case LinkStepKind.Rejection when LoggedIn:
                Fail(RtmLinkOperation.ServerReject, RtmLinkStateChangeReason.SameUidLogin);
                break;
            case LinkStepKind.NetworkChange when _state == RtmLinkState.Connecting:
                _waitIndex = 0;
                _retryAt = _now + NextWait();
                Change(RtmLinkState.Disconnected, RtmLinkOperation.NetworkChange, RtmLinkStateChangeReason.NetworkChange);
                break;
            case LinkStepKind.NetworkChange when _state is RtmLinkState.Disconnected or RtmLinkState.Suspended:
                _attemptAt = _now;
                Change(RtmLinkState.Connecting, RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.AutoReconnect);
                break;
            case LinkStepKind.Activity:
                _lastData = _now;
                break;
            case LinkStepKind.HeartbeatAnswer:
                _lastData = _now;
                if (_now >= _nextPing)
                {
                    _nextPing = _now + Heartbeat;
                }

                break;
            case LinkStepKind.RenewToken when LoggedIn:
                _tokenAt = _now + step.Ticks;
                break;
            case LinkStepKind.RenewToken:
                _events.Add($"{_now} threw InvalidOperationException");
                break;
        }

        AdvanceTo(_now); // what fell due at once (a token given already expired)
    }

    private void AdvanceTo(long target)
    {
        while (LoggedIn)
        {
            // At one instant: the token, the give-up, the suspension, the presence window, then the state's own timer.
            var candidates = new List<(long? At, Action Fire)>
            {
                (_tokenAt, () => Fail(_everConnected ? RtmLinkOperation.ServerReject : RtmLinkOperation.Login, RtmLinkStateChangeReason.TokenExpired)),
            };
            if (_state != RtmLinkState.Connected)
            {
                candidates.Add((_giveUpAt, () => Fail(
                    _everConnected ? RtmLinkOperation.AutoReconnect : RtmLinkOperation.Login,
                    _everConnected ? RtmLinkStateChangeReason.ReconnectTimeout : RtmLinkStateChangeReason.LoginTimeout)));
                candidates.Add((_firstTimeout is { } first && !_suspended && _state != RtmLinkState.Suspended ? first + SuspendAfter : null, () => _suspended = true));
                candidates.Add((_lost && !_presenceDone ? _outageData + Presence : null, () =>
                {
                    _presenceDone = true;
                    _events.Add($"{_now} RtmLinkPresenceTimedOut");
                }
                ));
            }

            candidates.Add(_state switch
            {
                RtmLinkState.Connecting => (_attemptAt + Attempt, AttemptTimedOut),
                RtmLinkState.Connected => (_nextPing + KeepAlive, LinkLost),
                _ => (_retryAt, Retry),
            });

            var next = candidates.Where(c => c.At is not null).OrderBy(c => c.At!.Value).First();
            if (next.At > target)
            {
                break;
            }

            _now = Math.Max(_now, next.At!.Value); // a token given already expired falls due now, not in the past
            next.Fire();
        }

        _now = target;
    }

    private void AttemptTimedOut()
    {
        _firstTimeout ??= _now;
        _retryAt = _now + NextWait();
        if (_suspended)
        {
            Change(RtmLinkState.Suspended, RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.ReconnectTimeout);
        }
        else
        {
            Change(RtmLinkState.Disconnected, RtmLinkOperation.ServerTimeout, _everConnected ? RtmLinkStateChangeReason.ReconnectTimeout : RtmLinkStateChangeReason.LoginTimeout);
        }
    }

    private void LinkLost()
    {
        (_lost, _outageData, _retryAt, _giveUpAt) = (true, _lastData, _now + SocketRetry, _now + _reconnectTimeout);
        Change(RtmLinkState.Disconnected, RtmLinkOperation.HeartbeatLost, RtmLinkStateChangeReason.KeepAliveTimeout);
    }

    private void Retry()
    {
        _attemptAt = _now;
        Change(RtmLinkState.Connecting, RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.AutoReconnect);
    }

    private long NextWait() => _waitIndex < Waits.Length ? Waits[_waitIndex++] : LastWait;

    private void Fail(RtmLinkOperation operation, RtmLinkStateChangeReason reason)
    {
        _tokenAt = null;
        Change(RtmLinkState.Failed, operation, reason);
    }

    private void Change(RtmLinkState state, RtmLinkOperation operation, RtmLinkStateChangeReason reason, bool resumed = false)
    {
        _events.Add($"{_now} {_state}->{state} {operation}/{reason}{(resumed ? " resumed" : string.Empty)}");
        _state = state;
    }
}

internal enum LinkStepKind
{
    Advance,
    Login,
    LoginWithToken,
    Logout,
    LoginSuccess,
    LoginFailure,
    Rejection,
    NetworkChange,
    Activity,
    HeartbeatAnswer,
    RenewToken,
}

internal sealed record LinkStep(LinkStepKind Kind, long Ticks = 0)
{
    public override string ToString() => Kind is LinkStepKind.Advance or LinkStepKind.LoginWithToken or LinkStepKind.RenewToken ? $"{Kind}({TimeSpan.FromTicks(Ticks)})" : Kind.ToString();
}
