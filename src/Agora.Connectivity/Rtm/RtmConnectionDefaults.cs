namespace Agora.Connectivity.Rtm;

/// <summary>The documented RTM timeouts (doc 003), in one place.</summary>
internal static class RtmConnectionDefaults
{
    public static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan InterruptionTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan PresenceTimeout = TimeSpan.FromSeconds(30);
}
