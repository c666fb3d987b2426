using System.Globalization;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>The one strategy of the library: it reads a <see cref="CallbackTable"/>; platforms and generations differ only in their tables.</summary>
internal sealed class TableCallbackStrategy : ICallbackStrategy
{
    private static readonly IReadOnlyList<PlatformCallback> None = [];

    public TableCallbackStrategy(Platform platform, CallbackTable table)
    {
        Platform = platform;
        Table = table;
    }

    public Platform Platform { get; }

    public CallbackTable Table { get; }

    public IReadOnlyList<PlatformCallback> Map(ConnectivityEvent e)
    {
        Guard.NotNull(e);
        if (Templates(e) is not { } templates || IsUnseenChange(e))
        {
            return None;
        }

        var callbacks = new List<PlatformCallback>(templates.Length);
        foreach (var template in templates)
        {
            var arguments = new List<string>(template.Arguments.Length);
            foreach (var argument in template.Arguments)
            {
                if (Spell(argument, e) is { } spelled)
                {
                    arguments.Add(spelled);
                }
            }

            callbacks.Add(new PlatformCallback(template.Name, (IReadOnlyList<string>)arguments) { Timestamp = e.Timestamp });
        }

        return callbacks;
    }

    public override string ToString() => $"{Platform} ({Table.Title})";

    // A state change picks the most specific entry the table has (a leave from Connected, a leave, a state change), so a table
    // states only where a platform names a kind of change differently.
    private static IEnumerable<CallbackEvent> Kinds(ConnectionStateChanged c)
    {
        if (c.Reason == ConnectionChangedReason.LeaveChannel)
        {
            if (c.PreviousState == ConnectionState.Connected)
            {
                yield return CallbackEvent.LeaveFromConnected;
            }

            yield return CallbackEvent.Leave;
        }
        else if (c.State == ConnectionState.Failed && c.Reason == ConnectionChangedReason.TokenExpired)
        {
            yield return CallbackEvent.TokenExpiry;
        }
        else if (c.State == ConnectionState.Failed && c.Reason is not (ConnectionChangedReason.BannedByServer or ConnectionChangedReason.SameUidLogin or ConnectionChangedReason.JoinFailed))
        {
            yield return CallbackEvent.Refusal;
        }

        yield return CallbackEvent.StateChanged;
    }

    private CallbackTemplate[]? Templates(ConnectivityEvent e)
    {
        var kinds = e is ConnectionStateChanged c ? Kinds(c) : Kind(e) is { } kind ? [kind] : [];
        foreach (var candidate in kinds)
        {
            if (Table.Callbacks.TryGetValue(candidate, out var templates))
            {
                return templates;
            }
        }

        return null;
    }

    // A platform whose states are coarser than the library's (on the Web, Failed is DISCONNECTED; on Web 3.x, Reconnecting is
    // CONNECTING) fires nothing for a change it cannot see.
    private bool IsUnseenChange(ConnectivityEvent e)
        => e is ConnectionStateChanged c && Spellings.Spell(Table.Spellings.States, c.State) == Spellings.Spell(Table.Spellings.States, c.PreviousState);

    private static CallbackEvent? Kind(ConnectivityEvent e) => e switch
    {
        ConnectionStateChanged => CallbackEvent.StateChanged,
        JoinChannelSucceeded => CallbackEvent.JoinSucceeded,
        RejoinChannelSucceeded => CallbackEvent.RejoinSucceeded,
        ConnectionInterrupted => CallbackEvent.Interrupted,
        ConnectionLost => CallbackEvent.Lost,
        ConnectionBanned => CallbackEvent.Banned,
        TokenPrivilegeWillExpire => CallbackEvent.TokenWillExpire,
        TokenPrivilegeExpired => CallbackEvent.TokenPrivilegeExpired,
        RemoteUserJoined => CallbackEvent.UserJoined,
        RemoteUserOffline { Reason: UserOfflineReason.Quit } => CallbackEvent.UserQuit,
        RemoteUserOffline { Reason: UserOfflineReason.Dropped } => CallbackEvent.UserDropped,
        RemoteUserOffline { Reason: UserOfflineReason.BecomeAudience } => CallbackEvent.UserBecameAudience,
        RemoteUserOffline offline => throw Spellings.Undefined(offline.Reason),
        RemoteUserLeft => CallbackEvent.UserLeft,
        RtmConnectionStateChanged => CallbackEvent.RtmStateChanged,
        TokenExpired => CallbackEvent.RtmTokenExpired,
        RtmTokenPrivilegeWillExpire => CallbackEvent.RtmTokenWillExpire,
        MemberJoined => CallbackEvent.MemberJoined,
        MemberLeft => CallbackEvent.MemberLeft,
        _ => null,
    };

    private string? Spell(CallbackArgument argument, ConnectivityEvent e)
    {
        var spellings = Table.Spellings;
        return (argument, e) switch
        {
            (CallbackArgument.State, ConnectionStateChanged c) => Spellings.Spell(spellings.States, c.State),
            (CallbackArgument.State, RtmConnectionStateChanged r) => Spellings.Spell(spellings.RtmStates, r.State),
            (CallbackArgument.PreviousState, ConnectionStateChanged c) => Spellings.Spell(spellings.States, c.PreviousState),
            (CallbackArgument.PreviousState, RtmConnectionStateChanged r) => Spellings.Spell(spellings.RtmStates, r.PreviousState),
            (CallbackArgument.Reason, ConnectionStateChanged c) => Spellings.Spell(spellings.Reasons, c.Reason),
            (CallbackArgument.Reason, RtmConnectionStateChanged r) => Spellings.Spell(spellings.RtmReasons, r.Reason),
            (CallbackArgument.ReasonWhenDisconnected, ConnectionStateChanged c) => c.State is ConnectionState.Disconnected or ConnectionState.Failed
                ? Spellings.Spell(spellings.Reasons, c.Reason)
                : null,
            (CallbackArgument.Disconnecting, _) => "DISCONNECTING",
            (CallbackArgument.Uid, RemoteUserJoined u) => Uid(u.Uid),
            (CallbackArgument.Uid, RemoteUserOffline u) => Uid(u.Uid),
            (CallbackArgument.Uid, RemoteUserLeft u) => Uid(u.Uid),
            (CallbackArgument.OfflineReason, RemoteUserOffline u) => Spellings.Spell(spellings.OfflineReasons, u.Reason),
            (CallbackArgument.UserId, MemberJoined m) => m.UserId,
            (CallbackArgument.UserId, MemberLeft m) => m.UserId,
            _ => throw new InvalidOperationException($"The callback table '{Table.Title}' asks for {argument} of a {e.GetType().Name}, which has none."),
        };
    }

    private static string Uid(uint uid) => uid.ToString(CultureInfo.InvariantCulture);
}
