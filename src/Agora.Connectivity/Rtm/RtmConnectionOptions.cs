using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Rtm;

/// <summary>The timeouts of an <see cref="RtmConnectionStateMachine"/>.</summary>
public sealed class RtmConnectionOptions
{
    internal static readonly TimeSpan MaxLoginTimeout = TimeSpan.FromMinutes(2);

    internal static readonly TimeSpan MaxInterruptionTimeout = TimeSpan.FromMinutes(1);

    internal static readonly TimeSpan MaxPresenceTimeout = TimeSpan.FromHours(1);

    internal static readonly TimeSpan MaxTokenExpiryWarning = TimeSpan.FromHours(24);

    /// <summary>The default of <see cref="LoginTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultLoginTimeout = RtmConnectionDefaults.LoginTimeout;

    /// <summary>The default of <see cref="InterruptionTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultInterruptionTimeout = RtmConnectionDefaults.InterruptionTimeout;

    /// <summary>The default of <see cref="PresenceTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultPresenceTimeout = RtmConnectionDefaults.PresenceTimeout;

    /// <summary>The default of <see cref="TokenExpiryWarning"/>, as the shipped RTM 1.5 SDK has it.</summary>
    public static readonly TimeSpan DefaultTokenExpiryWarning = RtmConnectionDefaults.TokenExpiryWarning;

    /// <summary>Gets or sets how long a login may take before it fails with <see cref="RtmConnectionChangeReason.LoginTimeout"/>.</summary>
    /// <value>The default value is 6 seconds.</value>
    /// <remarks>At most 2 minutes: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan LoginTimeout { get; set; } = DefaultLoginTimeout;

    /// <summary>Gets or sets how long the server may be silent while connected before the connection counts as interrupted (RECONNECTING).</summary>
    /// <value>The default value is 4 seconds.</value>
    /// <remarks>At most 1 minute: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan InterruptionTimeout { get; set; } = DefaultInterruptionTimeout;

    /// <summary>
    /// Gets or sets how long, from the last server data, the RTM system keeps the client on its online
    /// list; past it, a client still reconnecting raises <see cref="PresenceExpired"/>.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    /// <remarks>At most 1 hour: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan PresenceTimeout { get; set; } = DefaultPresenceTimeout;

    /// <summary>
    /// Gets or sets how long before a token given to <see cref="RtmConnectionStateMachine.LoginAsync(DateTimeOffset, CancellationToken)"/>
    /// or <see cref="RtmConnectionStateMachine.RenewToken"/> expires the machine raises <see cref="RtmTokenPrivilegeWillExpire"/>
    /// (<c>agora-rtm-sdk</c> 1.5.1 <c>index.d.ts</c>, <c>TokenPrivilegeWillExpire</c>: "will expire after 30 seconds").
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    /// <remarks>At most 24 hours: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan TokenExpiryWarning { get; set; } = DefaultTokenExpiryWarning;

    /// <summary>Starting options with the timing of doc 003 (the RTM "Manage Connection States" guide) — the defaults: a login times out after 6 s.</summary>
    /// <returns>New options, equal to <c>new RtmConnectionOptions()</c>.</returns>
    public static RtmConnectionOptions FromManageConnectionStatesGuide() => new();

    /// <summary>Starting options with a login timeout of 10 s, which this preset once attributed to the RTM Web SDK 1.4 reference.</summary>
    /// <returns>New options whose <see cref="LoginTimeout"/> is 10 seconds.</returns>
    /// <remarks>
    /// No Agora source gives 10 s: the shipped Web SDKs (<c>agora-rtm-sdk</c> 1.4.5 and 1.5.1, <c>index.js</c>: <c>12e3</c>) and the
    /// RTM 1.x references give up after 12 s. Use <see cref="FromShippedSdk"/>.
    /// </remarks>
    [Obsolete("No Agora source gives a 10 s RTM login timeout; the shipped RTM 1.x SDKs give up after 12 s. Use RtmConnectionOptions.FromShippedSdk().")]
    public static RtmConnectionOptions FromWebReference14() => new() { LoginTimeout = RtmConnectionDefaults.LoginTimeoutWeb14 };

    /// <summary>
    /// Starting options with the login timeout Agora's shipped RTM 1.x SDKs use: 12 s (<c>agora-rtm-sdk</c> 1.4.5 and 1.5.1,
    /// <c>index.js</c>: <c>loginHandler</c>'s default <c>12e3</c>, and <c>LOGIN_TIMEOUT</c> raised after <c>12e3</c>; the RTM 1.5
    /// iOS and Java references say the same). Change any property afterwards.
    /// </summary>
    /// <returns>New options whose <see cref="LoginTimeout"/> is 12 seconds.</returns>
    public static RtmConnectionOptions FromShippedSdk() => new() { LoginTimeout = RtmConnectionDefaults.LoginTimeoutNative15 };

    /// <summary>Starting options with the RTM 1.5 iOS and Java references' login timeout: 12 s, as <see cref="FromShippedSdk"/>. Change any property afterwards.</summary>
    /// <returns>New options whose <see cref="LoginTimeout"/> is 12 seconds.</returns>
    public static RtmConnectionOptions FromNativeReference15() => new() { LoginTimeout = RtmConnectionDefaults.LoginTimeoutNative15 };

    /// <summary>The default of <see cref="FollowTolerance"/>.</summary>
    public static readonly TimeSpan DefaultFollowTolerance = Rtc.RtcConnectionOptions.DefaultFollowTolerance;

    /// <summary>
    /// Gets or sets a value indicating whether the machine follows the SDK an app runs instead of modelling it: what the SDK last reported,
    /// at once; no timer changes it, and a report the documents do not allow at that instant raises <see cref="Sdk.SdkDeviation"/>
    /// and is still followed. As <see cref="Rtc.RtcConnectionOptions.FollowSdk"/>; see <c>docs/following.md</c>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool FollowSdk { get; set; }

    /// <summary>Gets or sets how far from its documented instant a followed report may come before it is a deviation (as <see cref="Rtc.RtcConnectionOptions.FollowTolerance"/>).</summary>
    /// <value>The default value is 1 second.</value>
    /// <remarks>From zero to 1 minute; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan FollowTolerance { get; set; } = DefaultFollowTolerance;

    /// <inheritdoc cref="Rtc.RtcConnectionOptions.EventContext"/>
    public SynchronizationContext? EventContext { get; set; }

    internal RtmConnectionOptions Clone() => (RtmConnectionOptions)MemberwiseClone();

    internal void CopyTo(RtmConnectionOptions target)
    {
        target.FollowSdk = FollowSdk;
        target.FollowTolerance = FollowTolerance;
        target.LoginTimeout = LoginTimeout;
        target.InterruptionTimeout = InterruptionTimeout;
        target.PresenceTimeout = PresenceTimeout;
        target.TokenExpiryWarning = TokenExpiryWarning;
    }

    internal List<string> Validate()
    {
        var failures = new List<string>();
        OptionsValidation.Timeout(failures, nameof(FollowTolerance), FollowTolerance, Rtc.RtcConnectionOptions.MaxFollowTolerance, allowZero: true);
        OptionsValidation.Timeout(failures, nameof(LoginTimeout), LoginTimeout, MaxLoginTimeout);
        OptionsValidation.Timeout(failures, nameof(InterruptionTimeout), InterruptionTimeout, MaxInterruptionTimeout);
        OptionsValidation.Timeout(failures, nameof(PresenceTimeout), PresenceTimeout, MaxPresenceTimeout);
        OptionsValidation.Timeout(failures, nameof(TokenExpiryWarning), TokenExpiryWarning, MaxTokenExpiryWarning);
        if (failures.Count == 0 && InterruptionTimeout >= PresenceTimeout)
        {
            failures.Add($"InterruptionTimeout must be shorter than PresenceTimeout, since both count from the last server data; they were {OptionsValidation.Format(InterruptionTimeout)} and {OptionsValidation.Format(PresenceTimeout)}.");
        }

        return failures;
    }
}
