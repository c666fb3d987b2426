namespace Agora.Connectivity.Presence;

/// <summary>The documented presence timeouts (docs 000, 001, 004), in one place.</summary>
internal static class PresenceDefaults
{
    public static readonly TimeSpan NativeOfflineTimeout = TimeSpan.FromSeconds(20);
    // The seeds' Web (agora-rtc-sdk 2.x): stream-removed 10 s after the last data (docs 000, 001).
    public static readonly TimeSpan WebOfflineTimeout = TimeSpan.FromSeconds(10);

    // agora-rtc-sdk 3.6.11 index.d.ts:2674 (peer-leave: "no data packet ... for 20 seconds") and agora-rtc-sdk-ng 4.24.8
    // rtc-sdk_en.d.ts:1634 (user-left: "no data packet ... for 20 seconds").
    public static readonly TimeSpan Web3And4OfflineTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan PeerLeaveTimeout = TimeSpan.FromMinutes(3);
}
