using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Rules = Agora.Connectivity.Internal.Machines.MachineTable<Agora.Connectivity.Rtc.RtcConnectionStateMachine, Agora.Connectivity.Rtc.ConnectionState, Agora.Connectivity.Rtc.RtcConnectionStateMachine.Trigger, Agora.Connectivity.Rtc.ConnectionChangedReason>.Rules;
using Step = Agora.Connectivity.Internal.Machines.MachineTable<Agora.Connectivity.Rtc.RtcConnectionStateMachine, Agora.Connectivity.Rtc.ConnectionState, Agora.Connectivity.Rtc.RtcConnectionStateMachine.Trigger, Agora.Connectivity.Rtc.ConnectionChangedReason>.Step;

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

    // The table, built once for every instance; its actions and guards take the instance being fired.
    private static readonly MachineTable<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason> Table = BuildTable();

    /// <summary>Gets a value indicating whether the connection gives up (FAILED / JOIN_FAILED) after <see cref="RtcConnectionOptions.ReconnectFailureTimeout"/>: v2.3.2 and later do, older SDKs retry for ever (doc 001).</summary>
    private bool GivesUp => _options.Behavior == RtcSdkBehavior.Current;

    /// <summary>Describes the table for the diagrams (the README and <c>docs/diagrams/rtc-connection.dot</c>).</summary>
    internal static MachineDescription Describe() => BuildTable().Describe("RTC connection");

    /// <summary>Gets the table every instance fires, built once.</summary>
    internal static MachineTable<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason> SharedTable => Table;

    /// <summary>
    /// Builds the table from its rules: once for every instance, and anew for the diagrams and for the tests that compare a table built
    /// now with the shared one (the shared one is built before any test runs, so only a table built in a test shows a change to a rule).
    /// </summary>
    internal static MachineTable<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason> BuildTable() => new(ConnectionState.Disconnected, ConfigureTable);

    /// <summary>The whole table, state by state.</summary>
    private static void ConfigureTable(MachineTable<RtcConnectionStateMachine, ConnectionState, Trigger, ConnectionChangedReason> table)
    {
        // A join and a renewal bring a token, which the entry action and the internal transition take from the trigger.
        table.Carries(Trigger.JoinChannel);
        table.Carries(Trigger.RenewToken);

        table.Configure(ConnectionState.Disconnected)
            .Permit(Trigger.JoinChannel, ConnectionState.Connecting)
            .Ignore(Trigger.LeaveChannel);

        InChannel(table.Configure(ConnectionState.Connecting)
            .OnEntry(static (m, step) => m.StartJoin_NeedsLock(step), "start the join attempt with the token it carries")
            .Permit(Trigger.JoinAccepted, ConnectionState.Connected)
            .PermitIf(Trigger.FailureDeadline, ConnectionState.Failed, static m => m.GivesUp, "Current, 20 min after the join")
            .Internal(Trigger.LostDeadline, static (m, step) => m.Lost_NeedsLock(step), "raise ConnectionLost"));

        InChannel(table.Configure(ConnectionState.Connected)
            .OnEntry(static (m, step) => m.Joined_NeedsLock(step), "raise JoinChannelSucceeded, or RejoinChannelSucceeded after a rejoin")
            .Permit(Trigger.ServerSilence, ConnectionState.Reconnecting)
            .Ignore(Trigger.JoinAccepted));

        InChannel(table.Configure(ConnectionState.Reconnecting)
            .OnEntry(static (m, step) => m.Interrupted_NeedsLock(step), "note the interruption instant; raise ConnectionInterrupted")
            .Permit(Trigger.JoinAccepted, ConnectionState.Connected)
            .PermitIf(Trigger.FailureDeadline, ConnectionState.Failed, static m => m.GivesUp, "Current, 20 min after the interruption")
            .Internal(Trigger.LostDeadline, static (m, step) => m.Lost_NeedsLock(step), "raise ConnectionLost"));

        table.Configure(ConnectionState.Failed)
            .OnEntryFrom(Trigger.Banned, static (m, step) => m.Banned_NeedsLock(step), "raise ConnectionBanned")
            .OnEntryFrom(Trigger.TokenExpiry, static (m, step) => m.TokenExpired_NeedsLock(step), "raise TokenPrivilegeExpired")
            .Permit(Trigger.RenewToken, ConnectionState.Connecting)
            .Permit(Trigger.LeaveChannel, ConnectionState.Disconnected);
    }

    // What Connecting, Connected and Reconnecting share: a refusal, a ban or the token's expiry fails the
    // connection, a leave ends it, and the token can be renewed (and warns before it expires) in each.
    private static void InChannel(Rules state)
        => state.Permit(Trigger.JoinRefused, ConnectionState.Failed)
            .Permit(Trigger.Banned, ConnectionState.Failed)
            .Permit(Trigger.TokenExpiry, ConnectionState.Failed)
            .Permit(Trigger.LeaveChannel, ConnectionState.Disconnected)
            .Internal(Trigger.RenewToken, static (m, step) => m.ReplaceToken_NeedsLock(step), "replace the token")
            .Internal(Trigger.TokenWarning, static (m, step) => m.TokenWarning_NeedsLock(step), "raise TokenPrivilegeWillExpire");

    // Each deadline counts from its documented anchor (doc 004): T4 = T3 + 4 s, T5 = T4 + 10 s and T7 = T4 + 20 min for Current;
    // T5 = T3 + 10 s for Legacy (doc 001); a join is lost 10 s after it began (onConnectionLost reference) and fails 20 min after it
    // (Current). The token's warning and expiry (docs/tokens.md) share the one timer: whichever is due first is next.
    void IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.OfferDeadlines_NeedsLock(ConnectionState state, ref Deadlines<Trigger> deadlines)
    {
        var (deadline, dueAt) = state switch
        {
            ConnectionState.Disconnected or ConnectionState.Failed => (default(Trigger?), long.MaxValue),
            ConnectionState.Connecting => LostThenFailure(_joinStartedAt, _joinStartedAt),
            // A followed SDK's silence is measured on data the machine does not see: its interruption is not an expectation.
            ConnectionState.Connected => _runtime.Following ? (null, long.MaxValue) : (Trigger.ServerSilence, TimeMath.DueAt(_time, Volatile.Read(ref _lastServerData), _options.InterruptionTimeout)),
            ConnectionState.Reconnecting => LostThenFailure(GivesUp ? _interruptedAt : LastServerDataBeforeInterruption, _interruptedAt),
        };
        if (state is ConnectionState.Disconnected or ConnectionState.Failed)
        {
            return;
        }

        if (deadline is { } own)
        {
            deadlines.Offer(own, dueAt);
        }

        if (_token.Expires)
        {
            if (!_token.Warned)
            {
                deadlines.Offer(Trigger.TokenWarning, _token.WarnAt);
            }

            deadlines.Offer(Trigger.TokenExpiry, _token.DueAt);
        }
    }

    ConnectionChangedReason IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.DeadlineReason(Trigger deadline) => deadline switch
    {
        Trigger.FailureDeadline => ConnectionChangedReason.JoinFailed,
        Trigger.TokenExpiry => ConnectionChangedReason.TokenExpired,
        Trigger.ServerSilence or Trigger.LostDeadline or Trigger.TokenWarning => ConnectionChangedReason.Interrupted,
        Trigger.JoinChannel or Trigger.LeaveChannel or Trigger.JoinAccepted or Trigger.JoinRefused or Trigger.Banned or Trigger.RenewToken
            => throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "Not a deadline."),
    };

    ConnectionChangedReason IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.CommandReason(ConnectionState state, Trigger command, ConnectionChangedReason reason) => reason;

    bool IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.IsOutage(ConnectionState state) => state == ConnectionState.Reconnecting;

    string IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.MetricName => "rtc";

    bool IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.IsFailure(ConnectionState state, ConnectionChangedReason reason)
        => state == ConnectionState.Failed;

    ConnectionHealth IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.Health(ConnectionState state) => state switch
    {
        ConnectionState.Connected => ConnectionHealth.Healthy,
        ConnectionState.Failed => ConnectionHealth.Unhealthy,
        ConnectionState.Disconnected or ConnectionState.Connecting or ConnectionState.Reconnecting => ConnectionHealth.Degraded,
    };

    ConnectivityEvent IMachineBehavior<ConnectionState, Trigger, ConnectionChangedReason>.StateChanged(ConnectionState previousState, ConnectionState state, ConnectionChangedReason reason, DateTimeOffset timestamp)
        => new ConnectionStateChanged(previousState, state, reason) { Timestamp = timestamp };

    // Legacy counts the lost callback from the last server data (T3). A followed SDK declared the interruption after
    // InterruptionTimeout of silence, so its last data came that long before the interruption.
    private long LastServerDataBeforeInterruption => _runtime.Following
        ? _interruptedAt - TimeMath.ToTimestampUnits(_time, _options.InterruptionTimeout)
        : Volatile.Read(ref _lastServerData);

    // Lost once, then (when the machine gives up) failed: the lost timeout is the shorter (RtcConnectionOptions.Validate).
    private (Trigger? Deadline, long DueAt) LostThenFailure(long lostAnchor, long failureAnchor)
        => !_lostRaised ? (Trigger.LostDeadline, TimeMath.DueAt(_time, lostAnchor, _options.ConnectionLostTimeout))
            : GivesUp ? (Trigger.FailureDeadline, TimeMath.DueAt(_time, failureAnchor, _options.ReconnectFailureTimeout))
            : (null, long.MaxValue);

    private void Joined_NeedsLock(Step step)
    {
        if (step.Source == ConnectionState.Reconnecting)
        {
            _runtime.Metrics.Rejoined("rtc", TimeMath.Elapsed(_time, _interruptedAt, step.Anchor), _runtime.ConnectionName);
            _runtime.AddFact_NeedsLock(new RejoinChannelSucceeded { Timestamp = step.At });
        }
        else
        {
            _runtime.AddFact_NeedsLock(new JoinChannelSucceeded { Timestamp = step.At });
        }
    }

    private void Interrupted_NeedsLock(Step step)
    {
        _interruptedAt = step.Anchor;
        _lostRaised = false;
        _runtime.Metrics.Interrupted("rtc", _runtime.ConnectionName);
        _runtime.AddFact_NeedsLock(new ConnectionInterrupted { Timestamp = step.At });
    }

    private void Lost_NeedsLock(Step step)
    {
        _lostRaised = true;
        _runtime.AddFact_NeedsLock(new ConnectionLost { Timestamp = step.At });
    }

    private void Banned_NeedsLock(Step step) => _runtime.AddFact_NeedsLock(new ConnectionBanned { Timestamp = step.At });

    private void StartJoin_NeedsLock(Step step)
    {
        _joinStartedAt = step.Anchor;
        _lostRaised = false;
        ReplaceToken_NeedsLock(step);
    }

    private void ReplaceToken_NeedsLock(Step step) => _token = TokenLifetime.Start(step.Args.TokenExpiresAt, (step.At, step.Anchor), _time, _options.TokenExpiryWarning);

    private void TokenWarning_NeedsLock(Step step)
    {
        _token = _token.WithWarned();
        // A followed SDK's warning carries no expiry: unless the app gave one, it is the documented warning's lead from now.
        var expiresAt = _token.ExpiresAt ?? step.At + _options.TokenExpiryWarning;
        _runtime.AddFact_NeedsLock(new TokenPrivilegeWillExpire { Timestamp = step.At, TokenExpiresAt = expiresAt });
    }

    private void TokenExpired_NeedsLock(Step step)
        => _runtime.AddFact_NeedsLock(new TokenPrivilegeExpired { Timestamp = step.At, TokenExpiresAt = _token.ExpiresAt ?? (_runtime.Following ? step.At : null) });
}
