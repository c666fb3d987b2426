using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.StateMachines;

namespace Agora.Connectivity.Rtc;

/// <summary>The machine's shape: every state, what moves it, and what it does on the way, in one table.</summary>
public sealed partial class RtcConnectionStateMachine
{
    internal static readonly TransitionTable<RtcConnectionStateMachine, ConnectionState, Trigger> Table = BuildTable();

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
    }

    private static TransitionTable<RtcConnectionStateMachine, ConnectionState, Trigger> BuildTable()
    {
        var machine = new StateMachineBuilder<RtcConnectionStateMachine, ConnectionState, Trigger>("RTC connection", ConnectionState.Disconnected);

        machine.Configure(ConnectionState.Disconnected)
            .Permit(Trigger.JoinChannel, ConnectionState.Connecting)
            .Ignore(Trigger.LeaveChannel);

        machine.Configure(ConnectionState.Connecting)
            .OnEntry(static (m, _) => m._joinStartedAt = m._time.GetTimestamp(), "start the join attempt")
            .Permit(Trigger.JoinAccepted, ConnectionState.Connected)
            .PermitIf(Trigger.FailureDeadline, ConnectionState.Failed, static m => m.Behavior == RtcSdkBehavior.Current, "Current, 20 min after the join")
            .Permit(Trigger.JoinRefused, ConnectionState.Failed)
            .Permit(Trigger.Banned, ConnectionState.Failed)
            .Permit(Trigger.LeaveChannel, ConnectionState.Disconnected);

        machine.Configure(ConnectionState.Connected)
            .OnEntry(static (m, t) => m.RaiseFact_NeedsLock(t.Source == ConnectionState.Reconnecting ? new RejoinChannelSucceeded { Timestamp = m._transitionTime } : new JoinChannelSucceeded { Timestamp = m._transitionTime }), "raise JoinChannelSucceeded, or RejoinChannelSucceeded after a rejoin")
            .Permit(Trigger.ServerSilence, ConnectionState.Reconnecting)
            .Ignore(Trigger.JoinAccepted)
            .Permit(Trigger.JoinRefused, ConnectionState.Failed)
            .Permit(Trigger.Banned, ConnectionState.Failed)
            .Permit(Trigger.LeaveChannel, ConnectionState.Disconnected);

        machine.Configure(ConnectionState.Reconnecting)
            .OnEntry(static (m, _) => m.Interrupt_NeedsLock(), "note the interruption instant; raise ConnectionInterrupted")
            .Permit(Trigger.JoinAccepted, ConnectionState.Connected)
            .InternalTransition(Trigger.LostDeadline, static (m, _) => m.Lose_NeedsLock(), "raise ConnectionLost")
            .PermitIf(Trigger.FailureDeadline, ConnectionState.Failed, static m => m.Behavior == RtcSdkBehavior.Current, "Current, 20 min after the interruption")
            .Permit(Trigger.JoinRefused, ConnectionState.Failed)
            .Permit(Trigger.Banned, ConnectionState.Failed)
            .Permit(Trigger.LeaveChannel, ConnectionState.Disconnected);

        machine.Configure(ConnectionState.Failed)
            .OnEntry(static (m, t) => m.Fail_NeedsLock(t.Trigger), "raise ConnectionBanned when banned")
            .Permit(Trigger.LeaveChannel, ConnectionState.Disconnected);

        return machine.Build();
    }

    /// <summary>
    /// Applies a trigger and, when the state changed, raises the state change first and then the
    /// facts the entry actions noted, as the documents list them; then re-arms the timer for the new state.
    /// </summary>
    private FireResult Fire_NeedsLock(Trigger trigger, ConnectionChangedReason reason)
    {
        var previous = _state;
        var state = _state;
        var now = _transitionTime = _time.GetUtcNow();
        var result = Table.Fire(this, ref state, trigger);
        _state = state;
        if (result == FireResult.Transitioned)
        {
            Log.StateChanged(_logger, SourceName, previous.ToString(), state.ToString(), reason.ToString());
            _dispatcher.Raise_NeedsLock(new ConnectionStateChanged(previous, state, reason) { Timestamp = now });
            _waiters.Reached_NeedsLock(state);
            Rearm_NeedsLock();
        }

        foreach (var fact in _facts)
        {
            _dispatcher.Raise_NeedsLock(fact);
        }

        _facts.Clear();
        return result;
    }

    private void RaiseFact_NeedsLock(ConnectivityEvent fact) => _facts.Add(fact);

    private void Fail_NeedsLock(Trigger trigger)
    {
        if (trigger == Trigger.Banned)
        {
            _facts.Add(new ConnectionBanned { Timestamp = _transitionTime });
        }
    }

    private void Interrupt_NeedsLock()
    {
        _interruptedAt = _time.GetTimestamp();
        _lostRaised = false;
        _facts.Add(new ConnectionInterrupted { Timestamp = _transitionTime });
    }

    private void Lose_NeedsLock()
    {
        _lostRaised = true;
        _facts.Add(new ConnectionLost { Timestamp = _transitionTime });
    }
}
