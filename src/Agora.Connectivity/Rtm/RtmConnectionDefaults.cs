namespace Agora.Connectivity.Rtm;

/// <summary>The documented RTM timeouts (doc 003), in one place.</summary>
internal static class RtmConnectionDefaults
{
    public static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan InterruptionTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan PresenceTimeout = TimeSpan.FromSeconds(30);

    // The RTM Web SDK 1.4 reference: login times out after 10 s.
    public static readonly TimeSpan LoginTimeoutWeb14 = TimeSpan.FromSeconds(10);

    // The RTM 1.5 iOS and Java references: login times out after 12 s.
    public static readonly TimeSpan LoginTimeoutNative15 = TimeSpan.FromSeconds(12);
}
