namespace Agora.Connectivity.Rtm;

/// <summary>The documented RTM timeouts (doc 003), in one place.</summary>
internal static class RtmConnectionDefaults
{
    public static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan InterruptionTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan PresenceTimeout = TimeSpan.FromSeconds(30);

    // agora-rtm-sdk 1.5.1 index.d.ts:699 (TokenPrivilegeWillExpire): "will expire after 30 seconds".
    public static readonly TimeSpan TokenExpiryWarning = TimeSpan.FromSeconds(30);

    // Found in no Agora source (issue 26): kept only for FromWebReference14, which is obsolete.
    public static readonly TimeSpan LoginTimeoutWeb14 = TimeSpan.FromSeconds(10);

    // The RTM 1.5 iOS and Java references ("timed out for 12 seconds"), and the shipped Web SDK: agora-rtm-sdk 1.4.5 and 1.5.1
    // index.js, loginHandler's default `12e3` and LOGIN_TIMEOUT raised with `12e3`.
    public static readonly TimeSpan LoginTimeoutNative15 = TimeSpan.FromSeconds(12);
}
