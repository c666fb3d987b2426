using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Presence;

/// <summary>How long a <see cref="RemoteUserTracker"/> waits before it reports a silent remote user.</summary>
public sealed class RemoteUserTrackerOptions
{
    internal static readonly TimeSpan MaxOfflineTimeout = TimeSpan.FromMinutes(10);

    internal static readonly TimeSpan MaxPeerLeaveTimeout = TimeSpan.FromHours(1);

    /// <summary>The default of <see cref="OfflineTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultOfflineTimeout = PresenceDefaults.NativeOfflineTimeout;

    /// <summary>The default of <see cref="PeerLeaveTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultPeerLeaveTimeout = PresenceDefaults.PeerLeaveTimeout;

    /// <summary>
    /// Gets or sets how long a remote user may be silent before it is reported offline (<see cref="UserOfflineReason.Dropped"/>).
    /// Native observers wait 20 s; a Web 2.x observer 10 s (its <c>stream-removed</c> delay, the seeds); Web 3.x and 4.x observers
    /// 20 s (<see cref="ForWebObserver"/>).
    /// </summary>
    /// <value>The default value is 20 seconds.</value>
    /// <remarks>At most 10 minutes: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan OfflineTimeout { get; set; } = DefaultOfflineTimeout;

    /// <summary>Gets or sets how long a remote user may be silent before the server lets go of it (<see cref="RemoteUserLeft"/>, the Web's <c>peer-leave</c>).</summary>
    /// <value>The default value is 3 minutes.</value>
    /// <remarks>At most 1 hour: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan PeerLeaveTimeout { get; set; } = DefaultPeerLeaveTimeout;

    /// <summary>Creates the options the documents give an observer on <paramref name="platform"/>: a 10 s offline timeout on the Web, 20 s elsewhere.</summary>
    /// <param name="platform">The observer's platform.</param>
    /// <returns>A new options object, which the caller may change further.</returns>
    public static RemoteUserTrackerOptions ForObserver(Platform platform) => new()
    {
        OfflineTimeout = platform == Platform.Web ? PresenceDefaults.WebOfflineTimeout : PresenceDefaults.NativeOfflineTimeout,
    };

    /// <summary>
    /// Creates the options of a Web observer of the line <paramref name="sdk"/>: 10 s for <see cref="WebSdk.V2"/> (the seeds' Web,
    /// <c>stream-removed</c>), 20 s for <see cref="WebSdk.V3"/> (<c>agora-rtc-sdk</c> 3.6.11 <c>index.d.ts</c>, <c>peer-leave</c>) and
    /// <see cref="WebSdk.V4"/> (<c>agora-rtc-sdk-ng</c> 4.24.8 <c>rtc-sdk_en.d.ts</c>, <c>user-left</c>).
    /// </summary>
    /// <param name="sdk">The observer's Web SDK line.</param>
    /// <returns>A new options object, which the caller may change further.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sdk"/> is not a defined value.</exception>
    public static RemoteUserTrackerOptions ForWebObserver(WebSdk sdk)
    {
        Guard.Defined(sdk);
        return new() { OfflineTimeout = sdk == WebSdk.V2 ? PresenceDefaults.WebOfflineTimeout : PresenceDefaults.Web3And4OfflineTimeout };
    }

    /// <summary>
    /// Gets or sets a value indicating whether the tracker follows the SDK an app runs instead of modelling it: what the SDK last reported,
    /// at once; no timer changes it, and an offline report for a user not online raises <see cref="Sdk.SdkDeviation"/>. As <see cref="Rtc.RtcConnectionOptions.FollowSdk"/>; see <c>docs/following.md</c>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool FollowSdk { get; set; }

    /// <inheritdoc cref="Rtc.RtcConnectionOptions.EventContext"/>
    public SynchronizationContext? EventContext { get; set; }

    internal RemoteUserTrackerOptions Clone() => (RemoteUserTrackerOptions)MemberwiseClone();

    internal List<string> Validate()
    {
        var failures = new List<string>();
        OptionsValidation.Timeout(failures, nameof(OfflineTimeout), OfflineTimeout, MaxOfflineTimeout);
        OptionsValidation.Timeout(failures, nameof(PeerLeaveTimeout), PeerLeaveTimeout, MaxPeerLeaveTimeout);
        if (failures.Count == 0 && OfflineTimeout >= PeerLeaveTimeout)
        {
            failures.Add($"OfflineTimeout must be shorter than PeerLeaveTimeout, since a user is reported offline before the server lets go of it; they were {OptionsValidation.Format(OfflineTimeout)} and {OptionsValidation.Format(PeerLeaveTimeout)}.");
        }

        return failures;
    }
}
