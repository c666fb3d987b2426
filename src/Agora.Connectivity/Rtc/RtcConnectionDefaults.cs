namespace Agora.Connectivity.Rtc;

/// <summary>The documented RTC timeouts (docs 001, 002 and 004), in one place.</summary>
internal static class RtcConnectionDefaults
{
    public static readonly TimeSpan InterruptionTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan ConnectionLostTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ReconnectFailureTimeout = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan TokenExpiryWarning = TimeSpan.FromSeconds(30);

    // Doc 001: lost at T3 + 10 s, so 6 s after the interruption at T3 + 4 s.
    public static readonly TimeSpan InterruptionToLostFaq2021 = TimeSpan.FromSeconds(10) - InterruptionTimeout;

    // Doc 002: lost after 15 s without data, so 11 s after the interruption.
    public static readonly TimeSpan InterruptionToLostIosGuide = TimeSpan.FromSeconds(15) - InterruptionTimeout;
}
