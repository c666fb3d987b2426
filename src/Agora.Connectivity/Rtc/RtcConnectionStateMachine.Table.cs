using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Stateless;

namespace Agora.Connectivity.Rtc;

/// <summary>The machine's shape: every state, what moves it, what it does on the way (a Stateless table), and its deadlines.</summary>
public sealed partial class RtcConnectionStateMachine : IMachineBehavior<ConnectionState, RtcConnectionStateMachine.Trigger, ConnectionChangedReason>
{
    /// <summary>What can move the machine: the app's commands, the connection layer's reports and the deadlines.</summary>
    internal enum Trigger
    {
        JoinChannel,
        LeaveChannel,
        JoinAccepted,
        ServerSilence,
        LostDeadline,
        FailureDeadline,
        JoinRefused,
        Banned,
        RenewToken,
        TokenWarning,
        TokenExpiry,
    }

    // The table, built once for every instance; its actions and guards act on the instance being fired.
    private static readonly MachineTable<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason> Table = new(ConnectionState.Disconnected, ConfigureTable);

    private static RtcConnectionStateMachine Current => MachineTable<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason>.Current;

    /// <summary>Describes the table for the diagrams (the README and <c>docs/diagrams/rtc-connection.dot</c>).</summary>
    internal static MachineDescription Describe() => Table.Describe("RTC connection");

    /// <summary>Configures the type's Stateless engine: the whole table, state by state.</summary>
    private static void ConfigureTable(MachineTable<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason> table)
    {
        var machine = table.Engine;
        table.CarryReason(Trigger.JoinRefused);
        Func<bool> current = () => Current._options.Behavior == RtcSdkBehavior.Current;

        machine.Configure(ConnectionState.Disconnected)
            .Permit(Trigger.JoinChannel, ConnectionState.Connecting)
            .Ignore(Trigger.LeaveChannel);

        var connecting = machine.Configure(ConnectionState.Connecting)
            .OnEntry(() => Current.StartJoin_NeedsLock(), "start the join attempt with the token it carries")
            .Permit(Trigger.JoinAccepted, ConnectionState.Connected)
            .PermitIf(Trigger.FailureDeadline, ConnectionState.Failed, current, "Current, 20 min after the join");
        table.InternalTransition(connecting, Trigger.LostDeadline, () => Current.Lost_NeedsLock(), "raise ConnectionLost");
        InChannel(table, connecting);

        var connected = machine.Configure(ConnectionState.Connected)
            .OnEntry(transition => Current.Joined_NeedsLock(transition), "raise JoinChannelSucceeded, or RejoinChannelSucceeded after a rejoin")
            .Permit(Trigger.ServerSilence, ConnectionState.Reconnecting)
            .Ignore(Trigger.JoinAccepted);
        InChannel(table, connected);

        var reconnecting = machine.Configure(ConnectionState.Reconnecting)
            .OnEntry(() => Current.Interrupted_NeedsLock(), "note the interruption instant; raise ConnectionInterrupted")
            .Permit(Trigger.JoinAccepted, ConnectionState.Connected)
            .PermitIf(Trigger.FailureDeadline, ConnectionState.Failed, current, "Current, 20 min after the interruption");
        table.InternalTransition(reconnecting, Trigger.LostDeadline, () => Current.Lost_NeedsLock(), "raise ConnectionLost");
        InChannel(table, reconnecting);

        machine.Configure(ConnectionState.Failed)
            .OnEntryFrom(Trigger.Banned, () => Current.Banned_NeedsLock(), "raise ConnectionBanned")
            .OnEntryFrom(Trigger.TokenExpiry, () => Current.TokenExpired_NeedsLock(), "raise TokenPrivilegeExpired")
            .Permit(Trigger.RenewToken, ConnectionState.Connecting)
            .Permit(Trigger.LeaveChannel, ConnectionState.Disconnected);
    }

    // What Connecting, Connected and Reconnecting share: a refusal, a ban or the token's expiry fails the
    // connection, a leave ends it, and the token can be renewed (and warns before it expires) in each.
    private static void InChannel(
        MachineTable<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason> table,
        StateMachine<ConnectionState, Trigger>.StateConfiguration state)
    {
        state.Permit(Trigger.JoinRefused, ConnectionState.Failed)
            .Permit(Trigger.Banned, ConnectionState.Failed)
            .Permit(Trigger.TokenExpiry, ConnectionState.Failed)
            .Permit(Trigger.LeaveChannel, ConnectionState.Disconnected);
        table.InternalTransition(state, Trigger.RenewToken, () => Current.ReplaceToken_NeedsLock(), "replace the token");
        table.InternalTransition(state, Trigger.TokenWarning, () => Current.TokenWarning_NeedsLock(), "raise TokenPrivilegeWillExpire");
    }

    // Each deadline counts from its documented anchor (doc 004): T4 = T3 + 4 s, T5 = T4 + 10 s and
    // T7 = T4 + 20 min for Current; T5 = T3 + 10 s for Legacy (doc 001); a join is lost 10 s after it began
    // (onConnectionLost reference) and fails 20 min after it (Current). The token's warning and expiry
    // (docs/tokens.md) share the one timer: whichever of the three is due first is next.
    Trigger? IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.NextDeadline_NeedsLock(ConnectionState state, out long dueAt)
    {
        var current = _options.Behavior == RtcSdkBehavior.Current;
        (Trigger? deadline, long anchor, TimeSpan timeout) next = state switch
        {
            ConnectionState.Connecting when !_lostRaised => (Trigger.LostDeadline, _joinStartedAt, _options.ConnectionLostTimeout),
            ConnectionState.Connecting when current => (Trigger.FailureDeadline, _joinStartedAt, _options.ReconnectFailureTimeout),
            ConnectionState.Connected => (Trigger.ServerSilence, Volatile.Read(ref _lastServerData), _options.InterruptionTimeout),
            ConnectionState.Reconnecting when current && !_lostRaised => (Trigger.LostDeadline, _interruptedAt, _options.ConnectionLostTimeout),
            ConnectionState.Reconnecting when current => (Trigger.FailureDeadline, _interruptedAt, _options.ReconnectFailureTimeout),
            ConnectionState.Reconnecting when !_lostRaised => (Trigger.LostDeadline, Volatile.Read(ref _lastServerData), _options.ConnectionLostTimeout),
            _ => (null, 0, TimeSpan.Zero),
        };
        var deadline = next.deadline;
        dueAt = deadline is null ? long.MaxValue : TimeMath.DueAt(_time, next.anchor, next.timeout);
        if (state is ConnectionState.Connecting or ConnectionState.Connected or ConnectionState.Reconnecting && _token.Expires)
        {
            if (!_token.Warned && _token.WarnAt < dueAt)
            {
                (deadline, dueAt) = (Trigger.TokenWarning, _token.WarnAt);
            }

            if (_token.DueAt < dueAt)
            {
                (deadline, dueAt) = (Trigger.TokenExpiry, _token.DueAt);
            }
        }

        return deadline;
    }

    ConnectionChangedReason IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.DeadlineReason(Trigger deadline) => deadline switch
    {
        Trigger.FailureDeadline => ConnectionChangedReason.JoinFailed,
        Trigger.TokenExpiry => ConnectionChangedReason.TokenExpired,
        _ => ConnectionChangedReason.Interrupted,
    };

    bool IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.IsOutage(ConnectionState state) => state == ConnectionState.Reconnecting;

    string IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.MetricName => "rtc";

    bool IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.IsFailure(ConnectionState state, ConnectionChangedReason reason)
        => state == ConnectionState.Failed;

    ConnectivityEvent IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.StateChanged(ConnectionState previousState, ConnectionState state, ConnectionChangedReason reason, DateTimeOffset timestamp)
        => new ConnectionStateChanged(previousState, state, reason) { Timestamp = timestamp };

    private void Joined_NeedsLock(StateMachine<ConnectionState, Trigger>.Transition transition)
    {
        if (transition.Source == ConnectionState.Reconnecting)
        {
            _runtime.Metrics.Rejoined("rtc", TimeMath.Elapsed(_time, _interruptedAt, _time.GetTimestamp()), _runtime.ConnectionName);
            _runtime.AddFact_NeedsLock(new RejoinChannelSucceeded { Timestamp = _runtime.TransitionTime });
        }
        else
        {
            _runtime.AddFact_NeedsLock(new JoinChannelSucceeded { Timestamp = _runtime.TransitionTime });
        }
    }

    private void Interrupted_NeedsLock()
    {
        _interruptedAt = _runtime.DeadlineDueAt;
        _lostRaised = false;
        _runtime.Metrics.Interrupted("rtc", _runtime.ConnectionName);
        _runtime.AddFact_NeedsLock(new ConnectionInterrupted { Timestamp = _runtime.TransitionTime });
    }

    private void Lost_NeedsLock()
    {
        _lostRaised = true;
        _runtime.AddFact_NeedsLock(new ConnectionLost { Timestamp = _runtime.TransitionTime });
    }

    private void Banned_NeedsLock() => _runtime.AddFact_NeedsLock(new ConnectionBanned { Timestamp = _runtime.TransitionTime });

    private void StartJoin_NeedsLock()
    {
        _joinStartedAt = _time.GetTimestamp();
        _lostRaised = false;
        _token = TokenLifetime.Start(_pendingToken, _time, _options.TokenExpiryWarning);
    }

    private void ReplaceToken_NeedsLock() => _token = TokenLifetime.Start(_pendingToken, _time, _options.TokenExpiryWarning);

    private void TokenWarning_NeedsLock()
    {
        _token = _token.WithWarned();
        _runtime.AddFact_NeedsLock(new TokenPrivilegeWillExpire { Timestamp = _runtime.TransitionTime, TokenExpiresAt = _token.ExpiresAt });
    }

    private void TokenExpired_NeedsLock()
        => _runtime.AddFact_NeedsLock(new TokenPrivilegeExpired { Timestamp = _runtime.TransitionTime, TokenExpiresAt = _token.ExpiresAt });
}
