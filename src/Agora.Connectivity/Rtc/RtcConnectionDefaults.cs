namespace Agora.Connectivity.Rtc;

/// <summary>The documented RTC timeouts (docs 001, 002 and 004), in one place.</summary>
internal static class RtcConnectionDefaults
{
    public static readonly TimeSpan InterruptionTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan ConnectionLostTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ReconnectFailureTimeout = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan TokenExpiryWarning = TimeSpan.FromSeconds(30);
}
