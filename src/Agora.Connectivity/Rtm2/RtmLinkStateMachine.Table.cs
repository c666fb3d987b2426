using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Rules = Agora.Connectivity.Internal.Machines.MachineTable<Agora.Connectivity.Rtm2.RtmLinkStateMachine, Agora.Connectivity.Rtm2.RtmLinkState, Agora.Connectivity.Rtm2.RtmLinkStateMachine.Trigger, Agora.Connectivity.Rtm2.LinkCause>.Rules;
using Step = Agora.Connectivity.Internal.Machines.MachineTable<Agora.Connectivity.Rtm2.RtmLinkStateMachine, Agora.Connectivity.Rtm2.RtmLinkState, Agora.Connectivity.Rtm2.RtmLinkStateMachine.Trigger, Agora.Connectivity.Rtm2.LinkCause>.Step;

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
    private static readonly LinkCause LogoutCause = new(RtmLinkOperation.Logout, RtmLinkStateChangeReason.Logout);

    // _handleLoginFailedState's codes, and _userDropHandler's.
    internal static readonly RtmLinkStateChangeReason[] LoginFailures =
    [
        RtmLinkStateChangeReason.LoginRejected, RtmLinkStateChangeReason.InvalidToken, RtmLinkStateChangeReason.TokenExpired,
        RtmLinkStateChangeReason.LoginNotAuthorized, RtmLinkStateChangeReason.InconsistentAppId, RtmLinkStateChangeReason.InvalidUserId,
        RtmLinkStateChangeReason.ServiceNotSupported, RtmLinkStateChangeReason.OperationRateExceedLimitation, RtmLinkStateChangeReason.LoginTooFrequent,
    ];

    internal static readonly RtmLinkStateChangeReason[] ServerRejections =
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

    // The "userJoined" listener a loss sets up: `A?"LOGIN":"AUTO_RECONNECT"`, `A?"RELOGIN":"RECONNECT_SUCCESS"`, `!this._suspended`, A being
    // whether the app logged in again while the link was down; before the first connection, `login()`'s own "LOGIN_SUCCESS".
    private LinkCause AcceptedCause => _session switch
    {
        { EverConnected: false } => new(RtmLinkOperation.Login, RtmLinkStateChangeReason.LoginSuccess),
        { Relogin: true } => new(RtmLinkOperation.Login, RtmLinkStateChangeReason.Relogin, Resumed: !_session.Suspended),
        _ => new(RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.ReconnectSuccess, Resumed: !_session.Suspended),
    };

    // A refused reconnect goes to `_userDropHandler` (`this.handleFailed("user resp error",g)`), which names the drop codes it knows
    // (`kTimestampExpired`, `kJoinTooFrequently`; the others of its switch are no login failure) and any other
    // "User kicked off for unknown code: " with UNKNOWN.
    private static LinkCause RefusedReconnect(RtmLinkStateChangeReason reason) => new(
        RtmLinkOperation.ServerReject,
        reason is RtmLinkStateChangeReason.TokenExpired or RtmLinkStateChangeReason.LoginTooFrequent ? reason : RtmLinkStateChangeReason.Unknown);

    // The table, built once for every instance (it reads no static field while it is built, so the order of the partial files'
    // fields does not matter); its actions and guards take the instance being fired.
    private static readonly MachineTable<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause> Table = BuildTable();

    /// <summary>Describes the table for the diagrams (the README and <c>docs/diagrams/rtm-link.dot</c>).</summary>
    internal static MachineDescription Describe() => BuildTable().Describe("RTM 2.x link");

    /// <summary>Gets the table every instance fires, built once.</summary>
    internal static MachineTable<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause> SharedTable => Table;

    /// <summary>
    /// Builds the table from its rules: once for every instance, and anew for the diagrams and for the tests that compare a table built
    /// now with the shared one (the shared one is built before any test runs, so only a table built in a test shows a change to a rule).
    /// </summary>
    internal static MachineTable<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause> BuildTable() => new(RtmLinkState.Idle, ConfigureTable);

    /// <summary>The whole table, state by state.</summary>
    private static void ConfigureTable(MachineTable<RtmLinkStateMachine, RtmLinkState, Trigger, LinkCause> table)
    {
        // A login brings the login waiting for its outcome (and its token), a renewal its token, a refusal and a rejection their reason.
        table.Carries(Trigger.Login);
        table.Carries(Trigger.RenewToken);
        table.Carries(Trigger.Refused);
        table.Carries(Trigger.Rejected);

        // IDLE / LOGOUT: `_updateLinkState("IDLE","LOGOUT",...,"LOGOUT")`; a login that had not connected fails with it.
        table.Configure(RtmLinkState.Idle)
            .OnEntry(static (m, _) => m.EndSession_NeedsLock(), "fault a pending login; forget the session")
            .Permit(Trigger.Login, RtmLinkState.Connecting)
            .Ignore(Trigger.Logout);

        // CONNECTING / LOGIN (LOGIN, or RELOGIN from FAILED); CONNECTING / AUTO_RECONNECT from DISCONNECTED or SUSPENDED (the
        // "login-request" listener). Each attempt times out after LoginAttemptTimeout (loginHandler's `gD(5e3)`).
        LoggedIn(table.Configure(RtmLinkState.Connecting)
            .OnEntry(static (m, step) => m.StartAttempt_NeedsLock(step), "start the attempt's clock; a login starts the session")
            .Permit(Trigger.Accepted, RtmLinkState.Connected)
            .PermitIf(Trigger.AttemptTimeout, RtmLinkState.Disconnected, static m => !m._session.Suspended, "not suspended")
            .PermitIf(Trigger.AttemptTimeout, RtmLinkState.Suspended, static m => m._session.Suspended, "suspended")
            .Permit(Trigger.NetworkChange, RtmLinkState.Disconnected)
            .Permit(Trigger.Refused, RtmLinkState.Failed))
            .Internal(Trigger.SuspensionDue, static (m, _) => m._session.Suspended = true, "note the link suspended");

        // CONNECTED / LOGIN / LOGIN_SUCCESS, or CONNECTED / AUTO_RECONNECT / RECONNECT_SUCCESS (the "userJoined" listener after a loss),
        // or CONNECTED / LOGIN / RELOGIN after a relogin. A login here returns at once (`if("CONNECTED"===this._linkState)return B`).
        LoggedIn(table.Configure(RtmLinkState.Connected)
            .OnEntry(static (m, step) => m.Connected_NeedsLock(step), "complete a pending login; reset the timers of the outage; ping")
            .Internal(Trigger.Login, static (_, step) => step.Args.Login?.Succeed(), "complete the login at once, no event")
            .Permit(Trigger.KeepAliveLost, RtmLinkState.Disconnected)
            .Ignore(Trigger.Accepted)
            .Ignore(Trigger.NetworkChange));

        // DISCONNECTED: HEARTBEAT_TIMEOUT / KEEP_ALIVE_TIMEOUT (the "connectionLost" listener), SERVER_TIMEOUT / LOGIN_TIMEOUT or
        // RECONNECT_TIMEOUT (the "login-timeout" listener), NETWORK_CHANGE / NETWORK_CHANGE ("net-change-abort-reconn"). Then the next
        // attempt after its wait (3 s after a loss, the socket's `we(Ct)`; getFallBackTimer after a timeout), or at once when the network
        // comes back or the app logs in again ("custom reLogin, need retry right now").
        Waiting(table.Configure(RtmLinkState.Disconnected)
            .OnEntry(static (m, step) => m.Wait_NeedsLock(step), "note the loss or the timeout; wait for the next attempt"))
            .Internal(Trigger.SuspensionDue, static (m, _) => m._session.Suspended = true, "note the link suspended");

        // SUSPENDED / AUTO_RECONNECT / RECONNECT_TIMEOUT: an attempt timed out once `_suspended` is set (115 s after the first timeout).
        Waiting(table.Configure(RtmLinkState.Suspended)
            .OnEntry(static (m, step) => m.Wait_NeedsLock(step), "wait for the next attempt"));

        // FAILED: LOGIN (_handleLoginFailedState), SERVER_REJECT (_userDropHandler), AUTO_RECONNECT / RECONNECT_TIMEOUT
        // (_handleReconnectTimeout). The SDK stops; the app logs in again (RELOGIN) or out.
        table.Configure(RtmLinkState.Failed)
            .OnEntryFrom(Trigger.Refused, static (m, step) => m.Fail_NeedsLock(step.Args.Reason.Reason), "fault a pending login with the reason")
            .OnEntryFrom(Trigger.Rejected, static (m, step) => m.Fail_NeedsLock(step.Args.Reason.Reason), "fault a pending login with the reason")
            .OnEntryFrom(Trigger.GiveUp, static (m, _) => m.Fail_NeedsLock(m.DeadlineCause(Trigger.GiveUp).Reason), "fault a pending login: timed out")
            .OnEntryFrom(Trigger.TokenExpiry, static (m, _) => m.Fail_NeedsLock(RtmLinkStateChangeReason.TokenExpired), "fault a pending login: token expired")
            .Permit(Trigger.Login, RtmLinkState.Connecting)
            .Permit(Trigger.Logout, RtmLinkState.Idle);
    }

    // What Disconnected and Suspended share: the next attempt after the wait, at once on a network change, and a login while the link is
    // down after a loss is a relogin at once (before the first connection, or after a relogin that has not connected yet, a login is
    // still pending and retried on its own: a second is refused, so no caller's task is left behind).
    private static Rules Waiting(Rules state) => LoggedIn(state
        .Permit(Trigger.Retry, RtmLinkState.Connecting)
        .Permit(Trigger.NetworkChange, RtmLinkState.Connecting)
        .PermitIf(Trigger.Login, RtmLinkState.Connecting, static m => m._session.EverConnected && m._runtime.PendingLogin_NeedsLock is null, "after a loss, no login pending"));

    // What Connecting, Connected, Disconnected and Suspended share: a logout ends the session, the server may reject it, the token may
    // be renewed and its expiry is a rejection, the reconnect timeout (when set) gives up, and a lost link's presence times out.
    private static Rules LoggedIn(Rules state)
    {
        state.Permit(Trigger.Logout, RtmLinkState.Idle)
            .Permit(Trigger.Rejected, RtmLinkState.Failed)
            .Permit(Trigger.TokenExpiry, RtmLinkState.Failed);
        if (state.State != RtmLinkState.Connected)
        {
            state.Permit(Trigger.GiveUp, RtmLinkState.Failed)
                .Internal(Trigger.PresenceDeadline, static (m, step) => m.PresenceTimedOut_NeedsLock(step), "raise RtmLinkPresenceTimedOut");
        }

        return state.Internal(Trigger.RenewToken, static (m, step) => m.ReplaceToken_NeedsLock(step), "replace the token");
    }

    // Every timer counts from its anchor: the attempt's start, the last packet, the wait's start, the outage's first timeout, the loss.
    // At one instant the earliest in this order wins: token expiry, give-up, suspension, presence, then the state's own.
    void IMachineBehavior<RtmLinkState, Trigger, LinkCause>.OfferDeadlines_NeedsLock(RtmLinkState state, ref Deadlines<Trigger> deadlines)
    {
        var (own, anchor, timeout) = state switch
        {
            RtmLinkState.Idle or RtmLinkState.Failed => (default(Trigger?), 0L, TimeSpan.Zero),
            RtmLinkState.Connecting => (Trigger.AttemptTimeout, _session.AttemptStartedAt, _options.LoginAttemptTimeout),
            // A followed SDK's keep-alive is measured on pings the machine does not see: its loss is not an expectation.
            RtmLinkState.Connected => (_runtime.Following ? null : Trigger.KeepAliveLost, KeepAliveFrom, _options.KeepAliveTimeout),
            RtmLinkState.Disconnected or RtmLinkState.Suspended => (Trigger.Retry, _session.WaitStartedAt, _session.RetryDelay),
        };
        if (state is RtmLinkState.Idle or RtmLinkState.Failed)
        {
            return;
        }

        if (_token.Expires)
        {
            deadlines.Offer(Trigger.TokenExpiry, _token.DueAt);
        }

        if (state != RtmLinkState.Connected)
        {
            deadlines.Offer(Trigger.GiveUp, _session.GiveUpAt);
            if (_session.HasTimedOut && !_session.Suspended && state != RtmLinkState.Suspended)
            {
                deadlines.Offer(Trigger.SuspensionDue, TimeMath.DueAt(_time, _session.FirstTimeoutAt, _options.SuspendAfter));
            }

            if (_session.Lost && !_session.PresenceTimedOut)
            {
                deadlines.Offer(Trigger.PresenceDeadline, TimeMath.DueAt(_time, _session.OutageDataAt, _options.PresenceTimeout));
            }
        }

        if (own is { } ownDeadline)
        {
            deadlines.Offer(ownDeadline, TimeMath.DueAt(_time, anchor, timeout));
        }
    }

    LinkCause IMachineBehavior<RtmLinkState, Trigger, LinkCause>.DeadlineReason(Trigger deadline) => DeadlineCause(deadline);

    // A login from FAILED, DISCONNECTED or SUSPENDED is a relogin (`_updateLinkState("CONNECTING","LOGIN",[],"RELOGIN")`).
    LinkCause IMachineBehavior<RtmLinkState, Trigger, LinkCause>.CommandReason(RtmLinkState state, Trigger command, LinkCause reason)
        => command == Trigger.Login && state is RtmLinkState.Failed or RtmLinkState.Disconnected or RtmLinkState.Suspended
            ? reason with { Reason = RtmLinkStateChangeReason.Relogin }
            : reason;

    bool IMachineBehavior<RtmLinkState, Trigger, LinkCause>.IsOutage(RtmLinkState state)
        => _session.Lost && state is RtmLinkState.Connecting or RtmLinkState.Disconnected or RtmLinkState.Suspended;

    string IMachineBehavior<RtmLinkState, Trigger, LinkCause>.MetricName => "rtm2";

    bool IMachineBehavior<RtmLinkState, Trigger, LinkCause>.IsFailure(RtmLinkState state, LinkCause reason) => state == RtmLinkState.Failed;

    ConnectionHealth IMachineBehavior<RtmLinkState, Trigger, LinkCause>.Health(RtmLinkState state) => state switch
    {
        RtmLinkState.Connected => ConnectionHealth.Healthy,
        RtmLinkState.Failed => ConnectionHealth.Unhealthy,
        RtmLinkState.Idle or RtmLinkState.Connecting or RtmLinkState.Disconnected or RtmLinkState.Suspended => ConnectionHealth.Degraded,
    };

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
        // Internal transitions: they change no state, so their cause is never reported.
        Trigger.SuspensionDue or Trigger.PresenceDeadline => default,
        Trigger.Login or Trigger.Logout or Trigger.Accepted or Trigger.Refused or Trigger.Rejected or Trigger.NetworkChange or Trigger.RenewToken
            => throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "Not a deadline."),
    };

    // The keep-alive counts from the pending (or next) ping, or from the last packet of any kind (RtmLinkKeepAlive).
    private long KeepAliveFrom => _options.KeepAlive == RtmLinkKeepAlive.AnyPacket ? Volatile.Read(ref _lastServerData) : Volatile.Read(ref _nextPingAt);

    private void StartAttempt_NeedsLock(Step step)
    {
        if (step.Trigger == Trigger.Login)
        {
            var login = step.Args.Login;
            _runtime.BeginLogin_NeedsLock(login);
            _token = TokenLifetime.Start(login?.TokenExpiresAt, (step.At, step.Anchor), _time, TimeSpan.Zero);
            if (step.Source is RtmLinkState.Idle or RtmLinkState.Failed)
            {
                _session = new Session { GiveUpAt = GiveUpFrom(step.Anchor) };
            }
            else
            {
                // A relogin while the link is down keeps the outage: its timers, the suspension, and the reconnect timeout.
                _session.Relogin = true;
            }
        }

        _session.AttemptStartedAt = step.Anchor;
    }

    private void Connected_NeedsLock(Step step)
    {
        if (_session.Lost)
        {
            _runtime.Metrics.Rejoined("rtm2", TimeMath.Elapsed(_time, _session.LostAt, step.Anchor), _runtime.ConnectionName);
        }

        _runtime.SucceedLogin_NeedsLock();

        // `_clearLinkTimers`: the suspension and its timer, the waits (`resetLinkIntervals`); the reconnect timeout with them. The
        // keep-alive sender pings the new socket at once (`initKeepAliveSender`: `this.startPingTimer(A,!0)`).
        _session = new Session { EverConnected = true, GiveUpAt = long.MaxValue };
        Volatile.Write(ref _nextPingAt, step.Anchor);
    }

    private void Wait_NeedsLock(Step step)
    {
        var at = step.Anchor;
        switch (step.Trigger)
        {
            case Trigger.KeepAliveLost:
                // The link is lost: the socket reconnects 3 s later; the reconnect timeout (when set) and the presence window count from here.
                _session.Lost = true;
                _session.LostAt = at;
                _session.OutageDataAt = Volatile.Read(ref _lastServerData);
                _session.GiveUpAt = GiveUpFrom(at);
                _session.RetryDelay = RtmLinkDefaults.ReconnectDelayAfterLoss;
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

    private long GiveUpFrom(long at) => _options.GiveUpAfter is { } timeout ? TimeMath.DueAt(_time, at, timeout) : long.MaxValue;

    private void Fail_NeedsLock(RtmLinkStateChangeReason reason)
    {
        _token = default;
        _runtime.FailLogin_NeedsLock(new RtmLinkLoginException(reason));
    }

    private void EndSession_NeedsLock()
    {
        Fail_NeedsLock(RtmLinkStateChangeReason.Logout);
        _session = default;
    }

    private void ReplaceToken_NeedsLock(Step step) => _token = TokenLifetime.Start(step.Args.TokenExpiresAt, (step.At, step.Anchor), _time, TimeSpan.Zero);

    private void PresenceTimedOut_NeedsLock(Step step)
    {
        _session.PresenceTimedOut = true;
        _runtime.AddFact_NeedsLock(new RtmLinkPresenceTimedOut { Timestamp = step.At });
    }

    /// <summary>One login's timers and counters, from the login to the logout; reset by each connection.</summary>
    private struct Session
    {
        public bool EverConnected;
        public bool Lost;
        public bool PresenceTimedOut;
        public bool HasTimedOut;
        public bool Suspended;
        public bool Relogin;
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
