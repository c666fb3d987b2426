namespace Agora.Connectivity.Rtc;

/// <summary>Which generation of Agora's RTC SDK a machine behaves like.</summary>
public enum RtcSdkBehavior
{
    /// <summary>
    /// v2.3.2 and later: connection-state callbacks; the lost timeout counts from the interruption;
    /// the SDK gives up (Failed) after the reconnect failure timeout.
    /// </summary>
    Current,

    /// <summary>
    /// Before v2.3.2: interrupted and lost callbacks and no state callback; the lost timeout counts
    /// from the last server data; the SDK never gives up.
    /// </summary>
    Legacy,
}
