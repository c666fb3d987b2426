using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Sdk;

/// <summary>
/// Converts the values Agora's SDKs pass to their callbacks into the library's enums, as each release numbers them. Agora renumbered
/// connection-change reasons between releases, so the same number can mean different things; every rule and its source is in
/// <c>docs/following.md</c>.
/// </summary>
public static class SdkValues
{
    /// <summary>The release the state callback and the 20-minute give-up came with (doc 001: "v2.3.2 and later").</summary>
    public static readonly Version StateCallbackRelease = new(2, 3, 2);

    /// <summary>The newest RTC release the library's facts know: Agora's C# SDK <c>v4.6.2</c> (<c>AgoraIO-Extensions/Agora-C_Sharp-SDK</c>).</summary>
    public static readonly Version NewestRtcRelease = new(4, 6, 2);

    private static readonly Version V36 = new(3, 6);
    private static readonly Version V37 = new(3, 7);
    private static readonly Version V4 = new(4, 0);
    private static readonly Version V43 = new(4, 3);

    /// <summary>
    /// Converts a <c>CONNECTION_CHANGED_REASON_TYPE</c> value as <paramref name="sdkVersion"/> numbers it:
    /// <list type="bullet">
    /// <item>before 2.3.2: none (those releases have no state callback);</item>
    /// <item>2.3.2 to 3.5: 0–14 (<c>KEEP_ALIVE_TIMEOUT</c> is the last);</item>
    /// <item>3.6: 0–15, where 15 is <c>PROXY_SERVER_INTERRUPTED</c> (Unity 3.6.2), read as <see cref="ConnectionChangedReason.Interrupted"/>;</item>
    /// <item>3.7: 0–15 as in 3.6, 19 <c>SAME_UID_LOGIN</c> and 20 <c>TOO_MANY_BROADCASTERS</c> (react-native-agora 3.7.1: no 16–18);</item>
    /// <item>4.0 to 4.2: 0–22, where 21 is <c>LICENSE_VERIFY_FAILED</c> and 22 <c>STREAM_CHANNEL_NOT_AVAILABLE</c> (C# 4.0.1);</item>
    /// <item>4.3 and later: 0–24, 22 <c>CERTIFICATION_VERYFY_FAILURE</c>, 23 <c>STREAM_CHANNEL_NOT_AVAILABLE</c>, 24 <c>INCONSISTENT_APPID</c>
    /// (C# 4.6.2 stops at 22; react-native-agora 4.6.4 has 23 and 24) — the library's own numbering.</item>
    /// </list>
    /// </summary>
    /// <param name="value">The value the SDK passed.</param>
    /// <param name="sdkVersion">The SDK's release.</param>
    /// <returns>The reason, in the library's enum.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sdkVersion"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a reason <paramref name="sdkVersion"/> defines; the message says which it defines.</exception>
    public static ConnectionChangedReason RtcReason(int value, Version sdkVersion)
    {
        if (sdkVersion is null)
        {
            throw new ArgumentNullException(nameof(sdkVersion));
        }

        return TryRtcReason(value, sdkVersion, out var reason)
            ? reason
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Agora's RTC SDK {sdkVersion} defines no connection-change reason {value}: {RtcReasonsOf(sdkVersion)}.");
    }

    /// <summary>Converts a <c>CONNECTION_STATE_TYPE</c> value (1–5 in every release that has the state callback).</summary>
    /// <param name="value">The value the SDK passed.</param>
    /// <param name="state">The state, when <paramref name="value"/> is one.</param>
    /// <returns><see langword="true"/> when the value is a state.</returns>
    internal static bool TryRtcState(int value, out ConnectionState state)
    {
        state = (ConnectionState)value;
        return value is >= (int)ConnectionState.Disconnected and <= (int)ConnectionState.Failed;
    }

    /// <summary>Converts a reason without throwing: what a follower does on the SDK's thread.</summary>
    internal static bool TryRtcReason(int value, Version sdkVersion, out ConnectionChangedReason reason)
    {
        reason = default;
        if (sdkVersion < StateCallbackRelease || value < 0)
        {
            return false;
        }

        if (sdkVersion < V36)
        {
            return Defined(value <= 14, value, out reason);
        }

        if (sdkVersion < V4)
        {
            return value == 15 ? Defined(true, (int)ConnectionChangedReason.Interrupted, out reason)
                : Defined(value <= 14 || (sdkVersion >= V37 && value is 19 or 20), value, out reason);
        }

        if (sdkVersion < V43)
        {
            return value == 22 ? Defined(true, (int)ConnectionChangedReason.StreamChannelNotAvailable, out reason) : Defined(value <= 21, value, out reason);
        }

        return Defined(value <= (int)ConnectionChangedReason.InconsistentAppId, value, out reason);
    }

    /// <summary>The behavior of a release: <see cref="RtcSdkBehavior.Legacy"/> before 2.3.2, <see cref="RtcSdkBehavior.Current"/> from it.</summary>
    internal static RtcSdkBehavior BehaviorOf(Version sdkVersion) => sdkVersion < StateCallbackRelease ? RtcSdkBehavior.Legacy : RtcSdkBehavior.Current;

    /// <summary>Says which reasons a release defines, for a message.</summary>
    internal static string RtcReasonsOf(Version sdkVersion) => sdkVersion switch
    {
        _ when sdkVersion < StateCallbackRelease => "releases before 2.3.2 have no state callback and no reason",
        _ when sdkVersion < V36 => "it defines 0-14",
        _ when sdkVersion < V37 => "it defines 0-15",
        _ when sdkVersion < V4 => "it defines 0-15, 19 and 20",
        _ when sdkVersion < V43 => "it defines 0-22",
        _ => "it defines 0-24",
    };

    private static bool Defined(bool defined, int value, out ConnectionChangedReason reason)
    {
        reason = (ConnectionChangedReason)value;
        return defined;
    }
}
