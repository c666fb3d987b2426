using System.Globalization;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;

namespace Agora.Connectivity.Sdk;

/// <summary>What the values of a forwarded call are, for its text.</summary>
internal enum SdkCallKind
{
    /// <summary>No value: <c>OnConnectionLost()</c>.</summary>
    None,

    /// <summary>An RTC state and reason.</summary>
    RtcState,

    /// <summary>An RTM 1.x state and reason.</summary>
    RtmState,

    /// <summary>An RTM 2.x link event: previous state, state, operation, reason, service type.</summary>
    LinkState,

    /// <summary>A uid and an offline reason.</summary>
    UserOffline,
}

/// <summary>
/// A call an SDK made into a follower, kept as its values and written out only when something is said of it (a deviation, a log): a
/// report that changes nothing (a repeat) formats no text and allocates nothing.
/// </summary>
internal readonly struct SdkCall
{
    private readonly int _a;
    private readonly int _b;
    private readonly int _c;
    private readonly int _d;
    private readonly int _e;

    public SdkCall(string method, SdkCallKind kind = SdkCallKind.None, int a = 0, int b = 0, int c = 0, int d = 0, int e = 0)
        => (Method, Kind, _a, _b, _c, _d, _e) = (method, kind, a, b, c, d, e);

    /// <summary>Gets the callback's name, for example <c>OnConnectionStateChanged</c>.</summary>
    public string Method { get; }

    /// <summary>Gets what its values are.</summary>
    public SdkCallKind Kind { get; }

    /// <summary>Writes the call as the SDK made it, each value with its name when it has one: <c>OnConnectionStateChanged(4 Reconnecting, 2 Interrupted)</c>.</summary>
    /// <returns>The call's text.</returns>
    public override string ToString() => Kind switch
    {
        // The reason as the SDK's release numbered it, and the library's reason it converts to (none when undefined there).
        SdkCallKind.RtcState => $"{Method}({Named<ConnectionState>(_a)}, {_b.ToString(CultureInfo.InvariantCulture)}{(_c >= 0 ? " " + (ConnectionChangedReason)_c : string.Empty)})",
        SdkCallKind.RtmState => $"{Method}({Named<RtmConnectionState>(_a)}, {Named<RtmConnectionChangeReason>(_b)})",
        SdkCallKind.LinkState => $"{Method}({Named<RtmLinkState>(_a)} -> {Named<RtmLinkState>(_b)}, {Named<RtmLinkOperation>(_c)}, {Named<RtmLinkStateChangeReason>(_d)}, {Named<RtmServiceType>(_e)})",
        SdkCallKind.UserOffline => $"{Method}({_a.ToString(CultureInfo.InvariantCulture)}, {Named<UserOfflineReason>(_b)})",
        _ => Method + "()",
    };

    private static string Named<TEnum>(int value)
        where TEnum : struct, Enum
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        foreach (var defined in Internal.EnumValues<TEnum>.All)
        {
            if (Convert.ToInt32(defined, CultureInfo.InvariantCulture) == value)
            {
                return text + " " + defined;
            }
        }

        return text;
    }
}
