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
        if (Kind(e) is not { } kind || !Table.Callbacks.TryGetValue(kind, out var templates))
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

            if (!IsNoChange(template, arguments))
            {
                callbacks.Add(new PlatformCallback(template.Name, (IReadOnlyList<string>)arguments));
            }
        }

        return callbacks;
    }

    public override string ToString() => $"{Platform} ({Table.Family}, {Table.Generation})";

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
        MemberJoined => CallbackEvent.MemberJoined,
        MemberLeft => CallbackEvent.MemberLeft,
        _ => null,
    };

    // A platform whose states are coarser than the library's (Web 4.x: Failed is DISCONNECTED) fires nothing
    // for a change it cannot see.
    private static bool IsNoChange(CallbackTemplate template, List<string> arguments)
    {
        var state = Array.IndexOf(template.Arguments, CallbackArgument.State);
        var previous = Array.IndexOf(template.Arguments, CallbackArgument.PreviousState);
        return state != -1 && previous != -1 && arguments[state] == arguments[previous];
    }

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
            (CallbackArgument.Uid, RemoteUserJoined u) => Uid(u.Uid),
            (CallbackArgument.Uid, RemoteUserOffline u) => Uid(u.Uid),
            (CallbackArgument.Uid, RemoteUserLeft u) => Uid(u.Uid),
            (CallbackArgument.OfflineReason, RemoteUserOffline u) => Spellings.Spell(spellings.OfflineReasons, u.Reason),
            (CallbackArgument.UserId, MemberJoined m) => m.UserId,
            (CallbackArgument.UserId, MemberLeft m) => m.UserId,
            _ => throw new InvalidOperationException($"The callback table '{Table.Family}, {Table.Generation}' asks for {argument} of a {e.GetType().Name}, which has none."),
        };
    }

    private static string Uid(uint uid) => uid.ToString(CultureInfo.InvariantCulture);
}
