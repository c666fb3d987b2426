using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Rules = Agora.Connectivity.Internal.Machines.MachineTable<Agora.Connectivity.Rtm.RtmConnectionStateMachine, Agora.Connectivity.Rtm.RtmConnectionState, Agora.Connectivity.Rtm.RtmConnectionStateMachine.Trigger, Agora.Connectivity.Rtm.RtmConnectionChangeReason>.Rules;
using Step = Agora.Connectivity.Internal.Machines.MachineTable<Agora.Connectivity.Rtm.RtmConnectionStateMachine, Agora.Connectivity.Rtm.RtmConnectionState, Agora.Connectivity.Rtm.RtmConnectionStateMachine.Trigger, Agora.Connectivity.Rtm.RtmConnectionChangeReason>.Step;

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

    // The table, built once for every instance; its actions and guards take the instance being fired.
    private static readonly MachineTable<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason> Table = BuildTable();

    /// <summary>Describes the table for the diagrams (the README and <c>docs/diagrams/rtm-connection.dot</c>).</summary>
    internal static MachineDescription Describe() => BuildTable().Describe("RTM connection");

    /// <summary>Gets the table every instance fires, built once.</summary>
    internal static MachineTable<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason> SharedTable => Table;

    /// <summary>
    /// Builds the table from its rules: once for every instance, and anew for the diagrams and for the tests that compare a table built
    /// now with the shared one (the shared one is built before any test runs, so only a table built in a test shows a change to a rule).
    /// </summary>
    internal static MachineTable<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason> BuildTable() => new(RtmConnectionState.Disconnected, ConfigureTable);

    /// <summary>The whole table, state by state.</summary>
    private static void ConfigureTable(MachineTable<RtmConnectionStateMachine, RtmConnectionState, Trigger, RtmConnectionChangeReason> table)
    {
        // A login brings the login waiting for its outcome (and its token), a renewal its token, a server drop its reason.
        table.Carries(Trigger.Login);
        table.Carries(Trigger.RenewToken);
        table.Carries(Trigger.ServerDrop);

        table.Configure(RtmConnectionState.Disconnected)
            .Permit(Trigger.Login, RtmConnectionState.Connecting)
            .Ignore(Trigger.Logout);

        // TokenExpired is raised only while reconnecting (RTM 1.x references of onTokenExpired: "this callback occurs
        // only when the SDK is reconnecting"; doc 003); the other states ignore the report.
        LoggedIn(table.Configure(RtmConnectionState.Connecting)
            .OnEntry(static (m, step) => m.StartLogin_NeedsLock(step), "start the login clock; take the login's token")
            .OnExit(static (m, step) => m.SettleLogin_NeedsLock(step), "complete or fault the pending login")
            .Permit(Trigger.LoginAccepted, RtmConnectionState.Connected)
            .Permit(Trigger.LoginRefused, RtmConnectionState.Disconnected)
            .Permit(Trigger.LoginDeadline, RtmConnectionState.Disconnected)
            .Ignore(Trigger.TokenExpired));

        LoggedIn(table.Configure(RtmConnectionState.Connected)
            .OnEntry(static (m, step) => m.Connected_NeedsLock(step), "measure the time since the interruption")
            .Permit(Trigger.ServerSilence, RtmConnectionState.Reconnecting)
            .Ignore(Trigger.LoginAccepted)
            .Ignore(Trigger.TokenExpired));

        LoggedIn(table.Configure(RtmConnectionState.Reconnecting)
            .OnEntry(static (m, step) => m.Interrupted_NeedsLock(step), "note the interruption; open the presence window")
            .Permit(Trigger.LoginAccepted, RtmConnectionState.Connected)
            .Internal(Trigger.PresenceDeadline, static (m, step) => m.PresenceExpired_NeedsLock(step), "raise PresenceExpired")
            .Internal(Trigger.TokenExpired, static (m, step) => m.RaiseTokenExpired_NeedsLock(step), "raise TokenExpired"));

        // agora-rtm-sdk 1.5.1 index.js, userDropHandler: a drop for an expired token is ABORTED / TOKEN_EXPIRED, then TokenExpired.
        table.Configure(RtmConnectionState.Aborted)
            .OnEntryFrom(Trigger.ServerDrop, static (m, step) => m.Dropped_NeedsLock(step), "raise TokenExpired after a drop for an expired token")
            .Permit(Trigger.Logout, RtmConnectionState.Disconnected);
    }

    // What Connecting, Connected and Reconnecting share: a logout ends the session, the server may drop it (ABORTED), and the
    // token can be renewed and warns before it expires (agora-rtm-sdk 1.5.1: TokenPrivilegeWillExpire; renewToken).
    private static void LoggedIn(Rules state)
        => state.Permit(Trigger.Logout, RtmConnectionState.Disconnected)
            .Permit(Trigger.ServerDrop, RtmConnectionState.Aborted)
            .Internal(Trigger.RenewToken, static (m, step) => m.ReplaceToken_NeedsLock(step), "replace the token")
            .Internal(Trigger.TokenWarning, static (m, step) => m.TokenWarning_NeedsLock(step), "raise RtmTokenPrivilegeWillExpire");

    // Each deadline counts from its documented anchor (doc 003): the login times out 6 s after it began;
    // RECONNECTING at T3 + 4 s; the presence window closes at T3 + 30 s, T3 being the last server data.
    void IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.OfferDeadlines_NeedsLock(RtmConnectionState state, ref Deadlines<Trigger> deadlines)
    {
        var (deadline, anchor, timeout) = state switch
        {
            RtmConnectionState.Disconnected or RtmConnectionState.Aborted => (default(Trigger?), 0L, TimeSpan.Zero),
            RtmConnectionState.Connecting => (Trigger.LoginDeadline, _loginStartedAt, _options.LoginTimeout),
            // A followed SDK's silence is measured on data the machine does not see; the presence window is the server's, and no SDK
            // callback tells it: neither is an expectation of a follower.
            RtmConnectionState.Connected => (_runtime.Following ? null : Trigger.ServerSilence, Volatile.Read(ref _lastServerData), _options.InterruptionTimeout),
            RtmConnectionState.Reconnecting => (_presenceExpired || _runtime.Following ? null : Trigger.PresenceDeadline, Volatile.Read(ref _lastServerData), _options.PresenceTimeout),
        };
        if (state is RtmConnectionState.Disconnected or RtmConnectionState.Aborted)
        {
            return;
        }

        if (deadline is { } own)
        {
            deadlines.Offer(own, TimeMath.DueAt(_time, anchor, timeout));
        }

        if (_token.Expires && !_token.Warned)
        {
            deadlines.Offer(Trigger.TokenWarning, _token.WarnAt);
        }
    }

    RtmConnectionChangeReason IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.DeadlineReason(Trigger deadline) => deadline switch
    {
        Trigger.LoginDeadline => RtmConnectionChangeReason.LoginTimeout,
        Trigger.ServerSilence or Trigger.PresenceDeadline or Trigger.TokenWarning => RtmConnectionChangeReason.Interrupted,
        Trigger.Login or Trigger.Logout or Trigger.LoginAccepted or Trigger.LoginRefused or Trigger.ServerDrop or Trigger.TokenExpired or Trigger.RenewToken
            => throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "Not a deadline."),
    };

    RtmConnectionChangeReason IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.CommandReason(RtmConnectionState state, Trigger command, RtmConnectionChangeReason reason) => reason;

    bool IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.IsOutage(RtmConnectionState state) => state == RtmConnectionState.Reconnecting;

    string IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.MetricName => "rtm";

    bool IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.IsFailure(RtmConnectionState state, RtmConnectionChangeReason reason)
        => state == RtmConnectionState.Aborted || reason is RtmConnectionChangeReason.LoginFailure or RtmConnectionChangeReason.LoginTimeout;

    ConnectionHealth IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.Health(RtmConnectionState state) => state switch
    {
        RtmConnectionState.Connected => ConnectionHealth.Healthy,
        RtmConnectionState.Aborted => ConnectionHealth.Unhealthy,
        RtmConnectionState.Disconnected or RtmConnectionState.Connecting or RtmConnectionState.Reconnecting => ConnectionHealth.Degraded,
    };

    ConnectivityEvent IMachineBehavior<RtmConnectionState, Trigger, RtmConnectionChangeReason>.StateChanged(RtmConnectionState previousState, RtmConnectionState state, RtmConnectionChangeReason reason, DateTimeOffset timestamp)
        => new RtmConnectionStateChanged(previousState, state, reason) { Timestamp = timestamp };

    private void SettleLogin_NeedsLock(Step step)
    {
        // A followed SDK that reports RECONNECTING while connecting (its CONNECTED dropped from a queue) had connected: the login succeeded.
        if (step.Destination is RtmConnectionState.Connected or RtmConnectionState.Reconnecting)
        {
            _runtime.SucceedLogin_NeedsLock();
            return;
        }

        _runtime.FailLogin_NeedsLock(new RtmLoginException(step.Trigger switch
        {
            Trigger.LoginDeadline => RtmConnectionChangeReason.LoginTimeout,
            Trigger.Logout => RtmConnectionChangeReason.Logout,
            Trigger.ServerDrop => step.Args.Reason,
            Trigger.LoginRefused => RtmConnectionChangeReason.LoginFailure,
            // Only a followed SDK's jump leaves Connecting so (RECONNECTING reported while connecting): the login did not connect.
            Trigger.Login or Trigger.LoginAccepted or Trigger.ServerSilence or Trigger.PresenceDeadline or Trigger.TokenExpired or Trigger.RenewToken or Trigger.TokenWarning
                => RtmConnectionChangeReason.Interrupted,
        }));
    }

    private void Interrupted_NeedsLock(Step step)
    {
        _presenceExpired = false;
        _interruptedAt = step.Anchor;
        _runtime.Metrics.Interrupted("rtm", _runtime.ConnectionName);
    }

    private void Connected_NeedsLock(Step step)
    {
        if (step.Source == RtmConnectionState.Reconnecting)
        {
            _runtime.Metrics.Rejoined("rtm", TimeMath.Elapsed(_time, _interruptedAt, step.Anchor), _runtime.ConnectionName);
        }
    }

    private void StartLogin_NeedsLock(Step step)
    {
        var login = step.Args.Login;
        _loginStartedAt = step.Anchor;
        _runtime.BeginLogin_NeedsLock(login);
        _token = TokenLifetime.Start(login?.TokenExpiresAt, (step.At, step.Anchor), _time, _options.TokenExpiryWarning);
    }

    private void ReplaceToken_NeedsLock(Step step) => _token = TokenLifetime.Start(step.Args.TokenExpiresAt, (step.At, step.Anchor), _time, _options.TokenExpiryWarning);

    private void TokenWarning_NeedsLock(Step step)
    {
        _token = _token.WithWarned();
        _runtime.AddFact_NeedsLock(new RtmTokenPrivilegeWillExpire { Timestamp = step.At, TokenExpiresAt = _token.ExpiresAt ?? step.At + _options.TokenExpiryWarning });
    }

    private void Dropped_NeedsLock(Step step)
    {
        _abortedForToken = step.Args.Reason == RtmConnectionChangeReason.TokenExpired;
        if (_abortedForToken)
        {
            RaiseTokenExpired_NeedsLock(step);
        }
    }

    private void RaiseTokenExpired_NeedsLock(Step step) => _runtime.AddFact_NeedsLock(new TokenExpired { Timestamp = step.At });

    private void PresenceExpired_NeedsLock(Step step)
    {
        _presenceExpired = true;
        _runtime.AddFact_NeedsLock(new PresenceExpired { Timestamp = step.At });
    }
}
