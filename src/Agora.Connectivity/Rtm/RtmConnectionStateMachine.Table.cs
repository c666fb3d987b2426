using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Stateless;

namespace Agora.Connectivity.Rtm;

/// <summary>The machine's shape: every state, what moves it, what it does on the way (a Stateless table), and its deadlines.</summary>
public sealed partial class RtmConnectionStateMachine : IMachineBehavior<RtmConnectionState, RtmConnectionStateMachine.Trigger, RtmConnectionChangeReason>
{
    /// <summary>What can move the machine: the app's commands, the connection layer's reports and the deadlines.</summary>
    internal enum Trigger
    {
        Login,
        Logout,
        LoginAccepted,
        LoginRefused,
        LoginDeadline,
        ServerSilence,
        PresenceDeadline,
        ServerDrop,
        TokenExpired,
        RenewToken,
        TokenWarning,
    }

    // The table, built once for every instance; its actions and guards act on the instance being fired.
    private static readonly MachineTable<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason> Table = new(RtmConnectionState.Disconnected, ConfigureTable);

    private static RtmConnectionStateMachine Current => MachineTable<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason>.Current;

    /// <summary>Describes the table for the diagrams (the README and <c>docs/diagrams/rtm-connection.dot</c>).</summary>
    internal static MachineDescription Describe() => Table.Describe("RTM connection");

    /// <summary>Configures the type's Stateless engine: the whole table, state by state.</summary>
    private static void ConfigureTable(MachineTable<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason> table)
    {
        var machine = table.Engine;
        var serverDrop = table.CarryReason(Trigger.ServerDrop);

        machine.Configure(RtmConnectionState.Disconnected)
            .Permit(Trigger.Login, RtmConnectionState.Connecting)
            .Ignore(Trigger.Logout);

        // TokenExpired is raised only while reconnecting (RTM 1.x references of onTokenExpired: "this callback occurs
        // only when the SDK is reconnecting"; doc 003); the other states ignore the report.
        var connecting = machine.Configure(RtmConnectionState.Connecting)
            .OnEntry(() => Current.StartLogin_NeedsLock(), "start the login clock; take the login's token")
            .OnExit(transition => Current.SettleLogin_NeedsLock(transition), "complete or fault the pending login")
            .Permit(Trigger.LoginAccepted, RtmConnectionState.Connected)
            .Permit(Trigger.LoginRefused, RtmConnectionState.Disconnected)
            .Permit(Trigger.LoginDeadline, RtmConnectionState.Disconnected)
            .Ignore(Trigger.TokenExpired);
        LoggedIn(table, connecting);

        var connected = machine.Configure(RtmConnectionState.Connected)
            .OnEntry(transition => Current.Connected_NeedsLock(transition), "measure the time since the interruption")
            .Permit(Trigger.ServerSilence, RtmConnectionState.Reconnecting)
            .Ignore(Trigger.LoginAccepted)
            .Ignore(Trigger.TokenExpired);
        LoggedIn(table, connected);

        var reconnecting = machine.Configure(RtmConnectionState.Reconnecting)
            .OnEntry(() => Current.Interrupted_NeedsLock(), "note the interruption; open the presence window")
            .Permit(Trigger.LoginAccepted, RtmConnectionState.Connected);
        table.InternalTransition(reconnecting, Trigger.PresenceDeadline, () => Current.PresenceExpired_NeedsLock(), "raise PresenceExpired");
        table.InternalTransition(reconnecting, Trigger.TokenExpired, () => Current.RaiseTokenExpired_NeedsLock(), "raise TokenExpired");
        LoggedIn(table, reconnecting);

        // agora-rtm-sdk 1.5.1 index.js, userDropHandler: a drop for an expired token is ABORTED / TOKEN_EXPIRED, then TokenExpired.
        machine.Configure(RtmConnectionState.Aborted)
            .OnEntryFrom(serverDrop, reason =>
            {
                if (reason == RtmConnectionChangeReason.TokenExpired)
                {
                    Current.RaiseTokenExpired_NeedsLock();
                }
            }, "raise TokenExpired after a drop for an expired token")
            .Permit(Trigger.Logout, RtmConnectionState.Disconnected);
    }

    // What Connecting, Connected and Reconnecting share: a logout ends the session, the server may drop it (ABORTED), and the
    // token can be renewed and warns before it expires (agora-rtm-sdk 1.5.1: TokenPrivilegeWillExpire; renewToken).
    private static void LoggedIn(
        MachineTable<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason> table,
        StateMachine<RtmConnectionState, Trigger>.StateConfiguration state)
    {
        state.Permit(Trigger.Logout, RtmConnectionState.Disconnected)
            .Permit(Trigger.ServerDrop, RtmConnectionState.Aborted);
        table.InternalTransition(state, Trigger.RenewToken, () => Current.ReplaceToken_NeedsLock(), "replace the token");
        table.InternalTransition(state, Trigger.TokenWarning, () => Current.TokenWarning_NeedsLock(), "raise RtmTokenPrivilegeWillExpire");
    }

    // Each deadline counts from its documented anchor (doc 003): the login times out 6 s after it began;
    // RECONNECTING at T3 + 4 s; the presence window closes at T3 + 30 s, T3 being the last server data.
    Trigger? IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.NextDeadline_NeedsLock(RtmConnectionState state, out long dueAt)
    {
        (Trigger? deadline, long anchor, TimeSpan timeout) next = state switch
        {
            RtmConnectionState.Connecting => (Trigger.LoginDeadline, _loginStartedAt, _options.LoginTimeout),
            RtmConnectionState.Connected => (Trigger.ServerSilence, Volatile.Read(ref _lastServerData), _options.InterruptionTimeout),
            RtmConnectionState.Reconnecting when !_presenceExpired => (Trigger.PresenceDeadline, Volatile.Read(ref _lastServerData), _options.PresenceTimeout),
            _ => (null, 0, TimeSpan.Zero),
        };
        var deadline = next.deadline;
        dueAt = deadline is null ? long.MaxValue : TimeMath.DueAt(_time, next.anchor, next.timeout);
        if (state != RtmConnectionState.Disconnected && state != RtmConnectionState.Aborted && _token.Expires && !_token.Warned && _token.WarnAt < dueAt)
        {
            (deadline, dueAt) = (Trigger.TokenWarning, _token.WarnAt);
        }

        return deadline;
    }

    RtmConnectionChangeReason IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.DeadlineReason(Trigger deadline)
        => deadline == Trigger.LoginDeadline ? RtmConnectionChangeReason.LoginTimeout : RtmConnectionChangeReason.Interrupted;

    bool IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.IsOutage(RtmConnectionState state) => state == RtmConnectionState.Reconnecting;

    string IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.MetricName => "rtm";

    bool IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.IsFailure(RtmConnectionState state, RtmConnectionChangeReason reason)
        => state == RtmConnectionState.Aborted || reason is RtmConnectionChangeReason.LoginFailure or RtmConnectionChangeReason.LoginTimeout;

    ConnectivityEvent IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.StateChanged(RtmConnectionState previousState, RtmConnectionState state, RtmConnectionChangeReason reason, DateTimeOffset timestamp)
        => new RtmConnectionStateChanged(previousState, state, reason) { Timestamp = timestamp };

    private void SettleLogin_NeedsLock(StateMachine<RtmConnectionState, Trigger>.Transition transition)
    {
        if (_pendingLogin is not { } pending)
        {
            return;
        }

        _pendingLogin = null;
        if (transition.Destination == RtmConnectionState.Connected)
        {
            pending.Succeed();
        }
        else if (pending.CancelRequested)
        {
            pending.Cancel();
        }
        else
        {
            pending.Fail(new RtmLoginException(transition.Trigger switch
            {
                Trigger.LoginDeadline => RtmConnectionChangeReason.LoginTimeout,
                Trigger.Logout => RtmConnectionChangeReason.Logout,
                Trigger.ServerDrop => (RtmConnectionChangeReason)transition.Parameters[0],
                _ => RtmConnectionChangeReason.LoginFailure,
            }));
        }
    }

    private void Interrupted_NeedsLock()
    {
        _presenceExpired = false;
        _interruptedAt = _runtime.DeadlineDueAt;
        _runtime.Metrics.Interrupted("rtm", _runtime.ConnectionName);
    }

    private void Connected_NeedsLock(StateMachine<RtmConnectionState, Trigger>.Transition transition)
    {
        if (transition.Source == RtmConnectionState.Reconnecting)
        {
            _runtime.Metrics.Rejoined("rtm", TimeMath.Elapsed(_time, _interruptedAt, _time.GetTimestamp()), _runtime.ConnectionName);
        }
    }

    private void StartLogin_NeedsLock()
    {
        _loginStartedAt = _time.GetTimestamp();
        _token = TokenLifetime.Start(_pendingLogin?.TokenExpiresAt, _time, _options.TokenExpiryWarning);
    }

    private void ReplaceToken_NeedsLock() => _token = TokenLifetime.Start(_pendingToken, _time, _options.TokenExpiryWarning);

    private void TokenWarning_NeedsLock()
    {
        _token = _token.WithWarned();
        _runtime.AddFact_NeedsLock(new RtmTokenPrivilegeWillExpire { Timestamp = _runtime.TransitionTime, TokenExpiresAt = _token.ExpiresAt!.Value });
    }

    private void RaiseTokenExpired_NeedsLock() => _runtime.AddFact_NeedsLock(new TokenExpired { Timestamp = _runtime.TransitionTime });

    private void PresenceExpired_NeedsLock()
    {
        _presenceExpired = true;
        _runtime.AddFact_NeedsLock(new PresenceExpired { Timestamp = _runtime.TransitionTime });
    }
}
