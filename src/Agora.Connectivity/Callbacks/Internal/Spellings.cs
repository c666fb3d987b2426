using System.Text;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>
/// How each platform family spells every enum value, computed once from the value's name (with the
/// few exceptions Agora's own headers make), and read by the strategies and by the generated docs alike.
/// </summary>
internal static class Spellings
{
    // Agora's C++ header spells these two its own way ("VERYFY", "APPID").
    private static readonly Dictionary<ConnectionChangedReason, string> NativeReasonExceptions = new()
    {
        [ConnectionChangedReason.CertificationVerifyFailure] = "CONNECTION_CHANGED_CERTIFICATION_VERYFY_FAILURE",
        [ConnectionChangedReason.InconsistentAppId] = "CONNECTION_CHANGED_INCONSISTENT_APPID",
    };

    private static readonly Dictionary<ConnectionState, string> NativeStates = Table<ConnectionState>(n => "CONNECTION_STATE_" + UpperSnake(n));
    private static readonly Dictionary<ConnectionChangedReason, string> NativeReasons = Table<ConnectionChangedReason>(n => "CONNECTION_CHANGED_" + UpperSnake(n), NativeReasonExceptions);
    private static readonly Dictionary<UserOfflineReason, string> NativeOfflineReasons = Table<UserOfflineReason>(n => "USER_OFFLINE_" + UpperSnake(n));
    private static readonly Dictionary<RtmConnectionState, string> NativeRtmStates = Table<RtmConnectionState>(n => "CONNECTION_STATE_" + UpperSnake(n));
    private static readonly Dictionary<RtmConnectionChangeReason, string> NativeRtmReasons = Table<RtmConnectionChangeReason>(n => "CONNECTION_CHANGE_REASON_" + UpperSnake(n));

    private static readonly Dictionary<ConnectionState, string> AppleStates = Table<ConnectionState>(n => "AgoraConnectionState" + n);
    private static readonly Dictionary<ConnectionChangedReason, string> AppleReasons = Table<ConnectionChangedReason>(n => "AgoraConnectionChanged" + n);
    private static readonly Dictionary<UserOfflineReason, string> AppleOfflineReasons = Table<UserOfflineReason>(n => "AgoraUserOfflineReason" + n);
    private static readonly Dictionary<RtmConnectionState, string> AppleRtmStates = Table<RtmConnectionState>(n => "AgoraRtmConnectionState" + n);
    private static readonly Dictionary<RtmConnectionChangeReason, string> AppleRtmReasons = Table<RtmConnectionChangeReason>(n => "AgoraRtmConnectionChangeReason" + n);

    private static readonly Dictionary<RtmConnectionState, string> WebRtmStates = Table<RtmConnectionState>(UpperSnake);
    private static readonly Dictionary<RtmConnectionChangeReason, string> WebRtmReasons = Table<RtmConnectionChangeReason>(UpperSnake);

    public static string Native(ConnectionState value) => Spell(NativeStates, value);

    public static string Native(ConnectionChangedReason value) => Spell(NativeReasons, value);

    public static string Native(UserOfflineReason value) => Spell(NativeOfflineReasons, value);

    public static string Native(RtmConnectionState value) => Spell(NativeRtmStates, value);

    public static string Native(RtmConnectionChangeReason value) => Spell(NativeRtmReasons, value);

    public static string Apple(ConnectionState value) => Spell(AppleStates, value);

    public static string Apple(ConnectionChangedReason value) => Spell(AppleReasons, value);

    public static string Apple(UserOfflineReason value) => Spell(AppleOfflineReasons, value);

    public static string Apple(RtmConnectionState value) => Spell(AppleRtmStates, value);

    public static string Apple(RtmConnectionChangeReason value) => Spell(AppleRtmReasons, value);

    public static string Web(RtmConnectionState value) => Spell(WebRtmStates, value);

    public static string Web(RtmConnectionChangeReason value) => Spell(WebRtmReasons, value);

    // An event built by hand can carry a value outside its enum ((ConnectionChangedReason)99): say so,
    // naming the value, rather than let the table's KeyNotFoundException escape from Map.
    private static string Spell<TEnum>(Dictionary<TEnum, string> table, TEnum value)
        where TEnum : struct, Enum
        => table.TryGetValue(value, out var spelled)
            ? spelled
            : throw new ArgumentOutOfRangeException("e", value, $"The event carries {value}, which is not a defined {typeof(TEnum).Name} value, so no platform spells it.");

    /// <summary>Turns <c>ClientIpAddressChanged</c> into <c>CLIENT_IP_ADDRESS_CHANGED</c>.</summary>
    public static string UpperSnake(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }

    private static Dictionary<TEnum, string> Table<TEnum>(Func<string, string> spell, Dictionary<TEnum, string>? exceptions = null)
        where TEnum : struct, Enum
    {
        var table = new Dictionary<TEnum, string>();
        foreach (TEnum value in Enum.GetValues(typeof(TEnum)))
        {
            table[value] = exceptions is not null && exceptions.TryGetValue(value, out var exception) ? exception : spell(value.ToString());
        }

        return table;
    }
}
