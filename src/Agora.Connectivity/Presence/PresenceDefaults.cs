namespace Agora.Connectivity.Presence;

/// <summary>The documented presence timeouts (docs 000, 001, 004), in one place.</summary>
internal static class PresenceDefaults
{
    public static readonly TimeSpan NativeOfflineTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan WebOfflineTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan PeerLeaveTimeout = TimeSpan.FromMinutes(3);
}
