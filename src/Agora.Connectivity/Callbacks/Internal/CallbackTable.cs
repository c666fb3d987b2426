using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>What a table can name: one kind of event (a remote user's offline split by its reason, as the Web names them apart).</summary>
internal enum CallbackEvent
{
    StateChanged,

    /// <summary>A state change for a leave (<c>LeaveChannel</c>); a table without it names it as <see cref="StateChanged"/>.</summary>
    Leave,

    /// <summary>A leave from Connected; a table without it names it as <see cref="Leave"/>.</summary>
    LeaveFromConnected,

    /// <summary>A state change to Failed for the token's expiry; a table without it names it as <see cref="StateChanged"/>.</summary>
    TokenExpiry,

    /// <summary>
    /// A state change to Failed for a refusal of the join (not a ban, a second login of the uid, the token's expiry or the
    /// 20-minute give-up); a table without it names it as <see cref="StateChanged"/>.
    /// </summary>
    Refusal,

    JoinSucceeded,
    RejoinSucceeded,
    Interrupted,
    Lost,
    Banned,
    TokenWillExpire,
    TokenPrivilegeExpired,
    UserJoined,
    UserQuit,
    UserDropped,
    UserBecameAudience,
    UserLeft,
    RtmStateChanged,
    RtmTokenExpired,
    RtmTokenWillExpire,
    MemberJoined,
    MemberLeft,
}

/// <summary>What a callback's argument is taken from.</summary>
internal enum CallbackArgument
{
    /// <summary>The new state (RTC or RTM).</summary>
    State,

    /// <summary>The state before the change (RTC or RTM).</summary>
    PreviousState,

    /// <summary>The reason of the change (RTC or RTM).</summary>
    Reason,

    /// <summary>The reason, only when the new state is Disconnected or Failed (the Web 4.x <c>connection-state-change</c>); otherwise no argument.</summary>
    ReasonWhenDisconnected,

    /// <summary>The DISCONNECTING state, which the library's machines pass through in no time (the Web SDKs report it on a leave).</summary>
    Disconnecting,

    /// <summary>A remote user's uid, in decimal.</summary>
    Uid,

    /// <summary>Why a remote user went offline.</summary>
    OfflineReason,

    /// <summary>An RTM member's user id.</summary>
    UserId,
}

/// <summary>One callback a platform fires: its name and where each argument comes from.</summary>
internal sealed record CallbackTemplate(string Name, params CallbackArgument[] Arguments);

/// <summary>How one table spells every enum value an event carries.</summary>
internal sealed record EnumSpellings(
    IReadOnlyDictionary<ConnectionState, string> States,
    IReadOnlyDictionary<ConnectionChangedReason, string> Reasons,
    IReadOnlyDictionary<UserOfflineReason, string> OfflineReasons,
    IReadOnlyDictionary<RtmConnectionState, string> RtmStates,
    IReadOnlyDictionary<RtmConnectionChangeReason, string> RtmReasons);

/// <summary>
/// The callbacks of one platform family in one SDK generation, as data: which callbacks each event maps to
/// (none when the event is absent) and how enum values are spelled. Tables are derived from one another
/// with <see cref="With(CallbackEvent, CallbackTemplate[])"/>, <see cref="Without"/>, <see cref="WithReasons"/> and <see cref="In"/>, so each states only
/// how it differs from the one it comes from.
/// </summary>
internal sealed record CallbackTable(string Family, SdkGeneration Generation, EnumSpellings Spellings, IReadOnlyDictionary<CallbackEvent, CallbackTemplate[]> Callbacks)
{
    /// <summary>Gets how the table is named in messages: its family and generation, unless a Web line names it otherwise.</summary>
    public string Title => TitleOverride ?? $"{Family}, {Generation}";

    /// <summary>Gets a title for a table that no <see cref="SdkGeneration"/> names (a Web SDK line).</summary>
    public string? TitleOverride { get; init; }

    public CallbackTable With(CallbackEvent kind, params CallbackTemplate[] callbacks)
    {
        var changed = Callbacks.ToDictionary(p => p.Key, p => p.Value);
        changed[kind] = callbacks;
        return this with { Callbacks = changed };
    }

    public CallbackTable In(SdkGeneration generation) => this with { Generation = generation };

    public CallbackTable WithStates(IReadOnlyDictionary<ConnectionState, string> states) => this with { Spellings = Spellings with { States = states } };

    public CallbackTable WithReasons(IReadOnlyDictionary<ConnectionChangedReason, string> reasons) => this with { Spellings = Spellings with { Reasons = reasons } };

    public CallbackTable Without(params CallbackEvent[] kinds)
        => this with { Callbacks = Callbacks.Where(p => !kinds.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value) };
}
