using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Stateless;

namespace Agora.Connectivity.Rtm2;

/// <summary>
/// The link's shape: every state, what moves it, what it does on the way (a Stateless table), and its timers. Each rule cites where
/// <c>agora-rtm-sdk</c> 2.3.0's bundle (<c>agora-rtm.js</c>) does it, by the call of <c>_updateLinkState</c> it makes; <c>docs/rtm2.md</c>
/// has the same table.
/// </summary>
public sealed partial class RtmLinkStateMachine : IMachineBehavior<RtmLinkState, RtmLinkStateMachine.Trigger, LinkCause>
{
    private static readonly LinkCause NetworkChangeCause = new(RtmLinkOperation.NetworkChange, RtmLinkStateChangeReason.NetworkChange);
    private static readonly LinkCause RetryCause = new(RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.AutoReconnect);

    // _handleLoginFailedState's codes, and _userDropHandler's.
    private static readonly RtmLinkStateChangeReason[] LoginFailures =
    [
        RtmLinkStateChangeReason.LoginRejected, RtmLinkStateChangeReason.InvalidToken, RtmLinkStateChangeReason.TokenExpired,
        RtmLinkStateChangeReason.LoginNotAuthorized, RtmLinkStateChangeReason.InconsistentAppId, RtmLinkStateChangeReason.InvalidUserId,
        RtmLinkStateChangeReason.ServiceNotSupported, RtmLinkStateChangeReason.OperationRateExceedLimitation, RtmLinkStateChangeReason.LoginTooFrequent,
    ];

    private static readonly RtmLinkStateChangeReason[] ServerRejections =
    [
        RtmLinkStateChangeReason.TokenExpired, RtmLinkStateChangeReason.SameUidLogin, RtmLinkStateChangeReason.LoginTooFrequent,
        RtmLinkStateChangeReason.KickedOutByServer, RtmLinkStateChangeReason.Unknown,
    ];

    /// <summary>What can move the link: the app's commands, the connection layer's reports and the timers.</summary>
    internal enum Trigger
    {
        Login,
        Logout,
        Accepted,
        Refused,
        Rejected,
        NetworkChange,
        RenewToken,
        AttemptTimeout,
        KeepAliveLost,
        Retry,
        GiveUp,
        TokenExpiry,
        SuspensionDue,
        PresenceDeadline,
    }

    private LinkCause AcceptedCause => _session.EverConnected
        ? new(RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.ReconnectSuccess, Resumed: !_session.Suspended)
        : new(RtmLinkOperation.Login, RtmLinkStateChangeReason.LoginSuccess);

    // The table, built once for every instance (it reads no static field while it is built, so the order of the partial files'
    // fields does not matter); its actions and guards act on the instance being fired.
    private static readonly MachineTable<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause> Table = new(RtmLinkState.Idle, ConfigureTable);

    private static RtmLinkStateMachine Current => MachineTable<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause>.Current;

    /// <summary>Describes the table for the diagrams (the README and <c>docs/diagrams/rtm-link.dot</c>).</summary>
    internal static MachineDescription Describe() => Table.Describe("RTM 2.x link");

    private static bool IsTimer(Trigger trigger) => trigger >= Trigger.AttemptTimeout;

    private static void Earliest(ref Trigger? best, ref long bestAt, Trigger trigger, long at)
    {
        if (at < bestAt)
        {
            (best, bestAt) = (trigger, at);
        }
    }

    /// <summary>Configures the type's Stateless engine: the whole table, state by state.</summary>
    private static void ConfigureTable(MachineTable<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause> table)
    {
        var machine = table.Engine;
        var refused = table.CarryReason(Trigger.Refused);
        var rejected = table.CarryReason(Trigger.Rejected);

        // IDLE / LOGOUT: `_updateLinkState("IDLE","LOGOUT",...,"LOGOUT")`; a login that had not connected fails with it.
        machine.Configure(RtmLinkState.Idle)
            .OnEntry(() => Current.EndSession_NeedsLock(), "fault a pending login; forget the session")
            .Permit(Trigger.Login, RtmLinkState.Connecting)
            .Ignore(Trigger.Logout);

        // CONNECTING / LOGIN (LOGIN, or RELOGIN from FAILED); CONNECTING / AUTO_RECONNECT from DISCONNECTED or SUSPENDED (the
        // "login-request" listener). Each attempt times out after LoginAttemptTimeout (loginHandler's `gD(5e3)`).
        var connecting = machine.Configure(RtmLinkState.Connecting)
            .OnEntry(transition => Current.StartAttempt_NeedsLock(transition), "start the attempt's clock; a login starts the session")
            .Permit(Trigger.Accepted, RtmLinkState.Connected)
            .PermitIf(Trigger.AttemptTimeout, RtmLinkState.Disconnected, () => !Current._session.Suspended, "not suspended")
            .PermitIf(Trigger.AttemptTimeout, RtmLinkState.Suspended, () => Current._session.Suspended, "suspended")
            .Permit(Trigger.NetworkChange, RtmLinkState.Disconnected)
            .Permit(Trigger.Refused, RtmLinkState.Failed);
        LoggedIn(table, connecting);
        table.InternalTransition(connecting, Trigger.SuspensionDue, () => Current._session.Suspended = true, "note the link suspended");

        // CONNECTED / LOGIN / LOGIN_SUCCESS, or CONNECTED / AUTO_RECONNECT / RECONNECT_SUCCESS (the "userJoined" listener after a loss).
        var connected = machine.Configure(RtmLinkState.Connected)
            .OnEntry(() => Current.Connected_NeedsLock(), "complete a pending login; reset the timers of the outage")
            .Permit(Trigger.KeepAliveLost, RtmLinkState.Disconnected)
            .Ignore(Trigger.Accepted)
            .Ignore(Trigger.NetworkChange);
        LoggedIn(table, connected);

        // DISCONNECTED: HEARTBEAT_TIMEOUT / KEEP_ALIVE_TIMEOUT (the "connectionLost" listener), SERVER_TIMEOUT / LOGIN_TIMEOUT or
        // RECONNECT_TIMEOUT (the "login-timeout" listener), NETWORK_CHANGE / NETWORK_CHANGE ("net-change-abort-reconn"). Then the next
        // attempt after its wait (getFallBackTimer), or at once when the network comes back.
        var disconnected = machine.Configure(RtmLinkState.Disconnected)
            .OnEntry(transition => Current.Wait_NeedsLock(transition), "note the loss or the timeout; wait for the next attempt")
            .Permit(Trigger.Retry, RtmLinkState.Connecting)
            .Permit(Trigger.NetworkChange, RtmLinkState.Connecting);
        LoggedIn(table, disconnected);
        table.InternalTransition(disconnected, Trigger.SuspensionDue, () => Current._session.Suspended = true, "note the link suspended");

        // SUSPENDED / AUTO_RECONNECT / RECONNECT_TIMEOUT: an attempt timed out once `_suspended` is set (115 s after the first timeout).
        var suspended = machine.Configure(RtmLinkState.Suspended)
            .OnEntry(transition => Current.Wait_NeedsLock(transition), "wait for the next attempt")
            .Permit(Trigger.Retry, RtmLinkState.Connecting)
            .Permit(Trigger.NetworkChange, RtmLinkState.Connecting);
        LoggedIn(table, suspended);

        // FAILED: LOGIN (_handleLoginFailedState), SERVER_REJECT (_userDropHandler), AUTO_RECONNECT / RECONNECT_TIMEOUT
        // (_handleReconnectTimeout). The SDK stops; the app logs in again (RELOGIN) or out.
        machine.Configure(RtmLinkState.Failed)
            .OnEntryFrom(refused, cause => Current.Fail_NeedsLock(cause.Reason), "fault a pending login with the reason")
            .OnEntryFrom(rejected, cause => Current.Fail_NeedsLock(cause.Reason), "fault a pending login with the reason")
            .OnEntryFrom(Trigger.GiveUp, () => Current.Fail_NeedsLock(Current.DeadlineCause(Trigger.GiveUp).Reason), "fault a pending login: timed out")
            .OnEntryFrom(Trigger.TokenExpiry, () => Current.Fail_NeedsLock(RtmLinkStateChangeReason.TokenExpired), "fault a pending login: token expired")
            .Permit(Trigger.Login, RtmLinkState.Connecting)
            .Permit(Trigger.Logout, RtmLinkState.Idle);
    }

    // What Connecting, Connected, Disconnected and Suspended share: a logout ends the session, the server may reject it, the token may
    // be renewed and its expiry is a rejection, the reconnect timeout (when set) gives up, and a lost link's presence times out.
    private static void LoggedIn(
        MachineTable<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause> table,
        StateMachine<RtmLinkState, Trigger>.StateConfiguration state)
    {
        state.Permit(Trigger.Logout, RtmLinkState.Idle)
            .Permit(Trigger.Rejected, RtmLinkState.Failed)
            .Permit(Trigger.TokenExpiry, RtmLinkState.Failed);
        if (state.State != RtmLinkState.Connected)
        {
            state.Permit(Trigger.GiveUp, RtmLinkState.Failed);
            table.InternalTransition(state, Trigger.PresenceDeadline, () => Current.PresenceTimedOut_NeedsLock(), "raise RtmLinkPresenceTimedOut");
        }

        table.InternalTransition(state, Trigger.RenewToken, () => Current.ReplaceToken_NeedsLock(), "replace the token");
    }

    // Every timer counts from its anchor: the attempt's start, the last packet, the wait's start, the outage's first timeout, the loss.
    // At one instant the earliest in this order wins: token expiry, give-up, suspension, presence, then the state's own.
    Trigger? IMachineBehavior<RtmLinkState, Trigger, LinkCause>.NextDeadline_NeedsLock(RtmLinkState state, out long dueAt)
    {
        Trigger? next = null;
        dueAt = long.MaxValue;
        if (state is RtmLinkState.Idle or RtmLinkState.Failed)
        {
            return null;
        }

        if (_token.Expires)
        {
            Earliest(ref next, ref dueAt, Trigger.TokenExpiry, _token.DueAt);
        }

        if (state != RtmLinkState.Connected)
        {
            Earliest(ref next, ref dueAt, Trigger.GiveUp, _session.GiveUpAt);
            if (_session.HasTimedOut && !_session.Suspended && state != RtmLinkState.Suspended)
            {
                Earliest(ref next, ref dueAt, Trigger.SuspensionDue, TimeMath.DueAt(_time, _session.FirstTimeoutAt, _options.SuspendAfter));
            }

            if (_session.Lost && !_session.PresenceTimedOut)
            {
                Earliest(ref next, ref dueAt, Trigger.PresenceDeadline, TimeMath.DueAt(_time, _session.OutageDataAt, _options.PresenceTimeout));
            }
        }

        var (own, anchor, timeout) = state switch
        {
            RtmLinkState.Connecting => (Trigger.AttemptTimeout, _session.AttemptStartedAt, _options.LoginAttemptTimeout),
            RtmLinkState.Connected => (Trigger.KeepAliveLost, Volatile.Read(ref _lastServerData), _options.KeepAliveTimeout),
            _ => (Trigger.Retry, _session.WaitStartedAt, _session.RetryDelay),
        };
        Earliest(ref next, ref dueAt, own, TimeMath.DueAt(_time, anchor, timeout));
        return next;
    }

    LinkCause IMachineBehavior<RtmLinkState, Trigger, LinkCause>.DeadlineReason(Trigger deadline) => DeadlineCause(deadline);

    bool IMachineBehavior<RtmLinkState, Trigger, LinkCause>.IsOutage(RtmLinkState state)
        => _session.Lost && state is RtmLinkState.Connecting or RtmLinkState.Disconnected or RtmLinkState.Suspended;

    string IMachineBehavior<RtmLinkState, Trigger, LinkCause>.MetricName => "rtm2";

    bool IMachineBehavior<RtmLinkState, Trigger, LinkCause>.IsFailure(RtmLinkState state, LinkCause reason) => state == RtmLinkState.Failed;

    ConnectivityEvent IMachineBehavior<RtmLinkState, Trigger, LinkCause>.StateChanged(RtmLinkState previousState, RtmLinkState state, LinkCause reason, DateTimeOffset timestamp)
        => new RtmLinkStateChanged(previousState, state, reason.Operation, reason.Reason, RtmServiceType.Message) { Timestamp = timestamp, IsResumed = reason.Resumed };

    private LinkCause DeadlineCause(Trigger deadline) => deadline switch
    {
        // "login-timeout": `this._suspended?..("SUSPENDED","AUTO_RECONNECT",[],"RECONNECT_TIMEOUT")
        // :..("DISCONNECTED","SERVER_TIMEOUT",[],A?"RECONNECT_TIMEOUT":"LOGIN_TIMEOUT")`, A being whether the SDK is reconnecting.
        Trigger.AttemptTimeout when _session.Suspended => new(RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.ReconnectTimeout),
        Trigger.AttemptTimeout => new(RtmLinkOperation.ServerTimeout, _session.EverConnected ? RtmLinkStateChangeReason.ReconnectTimeout : RtmLinkStateChangeReason.LoginTimeout),
        Trigger.KeepAliveLost => new(RtmLinkOperation.HeartbeatLost, RtmLinkStateChangeReason.KeepAliveTimeout),
        Trigger.Retry => RetryCause,
        Trigger.GiveUp when _session.EverConnected => new(RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.ReconnectTimeout),
        Trigger.GiveUp => new(RtmLinkOperation.Login, RtmLinkStateChangeReason.LoginTimeout),
        Trigger.TokenExpiry => new(_session.EverConnected ? RtmLinkOperation.ServerReject : RtmLinkOperation.Login, RtmLinkStateChangeReason.TokenExpired),
        _ => default,
    };

    private long AnchorOf(Trigger trigger) => IsTimer(trigger) ? _runtime.DeadlineDueAt : _time.GetTimestamp();

    private void StartAttempt_NeedsLock(StateMachine<RtmLinkState, Trigger>.Transition transition)
    {
        var at = AnchorOf(transition.Trigger);
        if (transition.Trigger == Trigger.Login)
        {
            _token = TokenLifetime.Start(_pendingLogin?.TokenExpiresAt, _time, TimeSpan.Zero);
            _session = new Session { GiveUpAt = GiveUpFrom(at) };
        }

        _session.AttemptStartedAt = at;
    }

    private void Connected_NeedsLock()
    {
        if (_session.Lost)
        {
            _runtime.Metrics.Rejoined("rtm2", TimeMath.Elapsed(_time, _session.LostAt, _time.GetTimestamp()), _runtime.ConnectionName);
        }

        if (_pendingLogin is { } pending)
        {
            _pendingLogin = null;
            pending.Succeed();
        }

        // `_clearLinkTimers`: the suspension and its timer, the waits (`resetLinkIntervals`); the reconnect timeout with them.
        _session = new Session { EverConnected = true, GiveUpAt = long.MaxValue };
    }

    private void Wait_NeedsLock(StateMachine<RtmLinkState, Trigger>.Transition transition)
    {
        var at = AnchorOf(transition.Trigger);
        switch (transition.Trigger)
        {
            case Trigger.KeepAliveLost:
                // The link is lost: reconnect at once; the reconnect timeout (when set) and the presence window count from here.
                _session.Lost = true;
                _session.LostAt = at;
                _session.OutageDataAt = Volatile.Read(ref _lastServerData);
                _session.GiveUpAt = GiveUpFrom(at);
                _session.RetryDelay = TimeSpan.Zero;
                _runtime.Metrics.Interrupted("rtm2", _runtime.ConnectionName);
                break;
            case Trigger.NetworkChange:
                // `this.linkIntervals=[...nt]` before the wait is taken: the next attempt comes after the list's first wait, 2 s.
                _session.NextDelay = 0;
                _session.RetryDelay = NextRetryDelay();
                break;
            default:
                if (!_session.HasTimedOut)
                {
                    (_session.HasTimedOut, _session.FirstTimeoutAt) = (true, at);
                }

                _session.RetryDelay = NextRetryDelay();
                break;
        }

        _session.WaitStartedAt = at;
    }

    private TimeSpan NextRetryDelay()
        => _session.NextDelay < RtmLinkDefaults.RetryDelays.Length ? RtmLinkDefaults.RetryDelays[_session.NextDelay++] : RtmLinkDefaults.RetryDelayAfterList;

    private long GiveUpFrom(long at) => _options.ReconnectTimeout is { } timeout ? TimeMath.DueAt(_time, at, timeout) : long.MaxValue;

    private void Fail_NeedsLock(RtmLinkStateChangeReason reason)
    {
        _token = default;
        if (_pendingLogin is { } pending)
        {
            _pendingLogin = null;
            pending.Fail(new RtmLinkLoginException(reason));
        }
    }

    private void EndSession_NeedsLock()
    {
        Fail_NeedsLock(RtmLinkStateChangeReason.Logout);
        _session = default;
    }

    private void ReplaceToken_NeedsLock() => _token = TokenLifetime.Start(_pendingToken, _time, TimeSpan.Zero);

    private void PresenceTimedOut_NeedsLock()
    {
        _session.PresenceTimedOut = true;
        _runtime.AddFact_NeedsLock(new RtmLinkPresenceTimedOut { Timestamp = _runtime.TransitionTime });
    }

    /// <summary>One login's timers and counters, from the login to the logout; reset by each connection.</summary>
    private struct Session
    {
        public bool EverConnected;
        public bool Lost;
        public bool PresenceTimedOut;
        public bool HasTimedOut;
        public bool Suspended;
        public int NextDelay;
        public long LostAt;
        public long OutageDataAt;
        public long GiveUpAt;
        public long AttemptStartedAt;
        public long WaitStartedAt;
        public long FirstTimeoutAt;
        public TimeSpan RetryDelay;
    }
}

/// <summary>What a link state change reports besides the states: the operation, the reason code, and whether a reconnect resumed the session.</summary>
/// <param name="Operation">What caused the change.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Resumed">Whether a reconnect came before the link was suspended.</param>
internal readonly record struct LinkCause(RtmLinkOperation Operation, RtmLinkStateChangeReason Reason, bool Resumed = false)
{
    // Logs and metrics name the reason code, as the SDKs' own logs do.
    public override string ToString() => Reason.ToString();
}
