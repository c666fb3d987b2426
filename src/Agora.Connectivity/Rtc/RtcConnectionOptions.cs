using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Rtc;

/// <summary>The timeouts and SDK generation of an <see cref="RtcConnectionStateMachine"/>.</summary>
public sealed class RtcConnectionOptions
{
    internal static readonly TimeSpan MaxInterruptionTimeout = TimeSpan.FromMinutes(1);

    internal static readonly TimeSpan MaxConnectionLostTimeout = TimeSpan.FromHours(1);

    internal static readonly TimeSpan MaxReconnectFailureTimeout = TimeSpan.FromHours(24);

    internal static readonly TimeSpan MaxTokenExpiryWarning = TimeSpan.FromHours(24);

    /// <summary>The default of <see cref="InterruptionTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultInterruptionTimeout = RtcConnectionDefaults.InterruptionTimeout;

    /// <summary>The default of <see cref="ConnectionLostTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultConnectionLostTimeout = RtcConnectionDefaults.ConnectionLostTimeout;

    /// <summary>The default of <see cref="ReconnectFailureTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultReconnectFailureTimeout = RtcConnectionDefaults.ReconnectFailureTimeout;

    /// <summary>The default of <see cref="TokenExpiryWarning"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultTokenExpiryWarning = RtcConnectionDefaults.TokenExpiryWarning;

    /// <summary>Gets or sets how long the server may be silent while connected before the connection counts as interrupted (RECONNECTING).</summary>
    /// <value>The default value is 4 seconds.</value>
    /// <remarks>At most 1 minute: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan InterruptionTimeout { get; set; } = DefaultInterruptionTimeout;

    /// <summary>
    /// Gets or sets when the app hears that the connection is lost: under <see cref="RtcSdkBehavior.Current"/>
    /// counted from the interruption (doc 004: T5 = T4 + 10 s), under <see cref="RtcSdkBehavior.Legacy"/>
    /// from the last server data (doc 001: T5 = T3 + 10 s).
    /// </summary>
    /// <value>The default value is 10 seconds.</value>
    /// <remarks>At most 1 hour: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan ConnectionLostTimeout { get; set; } = DefaultConnectionLostTimeout;

    /// <summary>
    /// Gets or sets how long the SDK keeps trying to join or rejoin before it gives up (FAILED / JoinFailed),
    /// counted from the interruption or from the join. Used by <see cref="RtcSdkBehavior.Current"/> only.
    /// </summary>
    /// <value>The default value is 20 minutes.</value>
    /// <remarks>At most 24 hours: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan ReconnectFailureTimeout { get; set; } = DefaultReconnectFailureTimeout;

    /// <summary>
    /// Gets or sets how long before a token expires <see cref="TokenPrivilegeWillExpire"/> is raised (Agora's
    /// <c>onTokenPrivilegeWillExpire</c>: "occurs when the token expires in 30 seconds"). A token given with less left raises it at once.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    /// <remarks>At most 24 hours: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan TokenExpiryWarning { get; set; } = DefaultTokenExpiryWarning;

    /// <summary>Gets or sets which generation of the SDK to behave like.</summary>
    /// <value>The default value is <see cref="RtcSdkBehavior.Current"/>.</value>
    public RtcSdkBehavior Behavior { get; set; } = RtcSdkBehavior.Current;

    /// <summary>
    /// Starting options with the timing of doc 004 ("Does Agora have reconnection mechanisms?", today's page) — the
    /// defaults: lost at T4 + 10 s, 14 s after the last server data. Change any property afterwards.
    /// </summary>
    /// <returns>New options, equal to <c>new RtcConnectionOptions()</c>.</returns>
    public static RtcConnectionOptions FromReconnectionFaq() => new();

    /// <summary>
    /// Starting options with the timing of doc 001 (the same FAQ as of 2021-02-23), whose "v2.3.2 and later" list puts
    /// the lost callback at T3 + 10 s: 10 s after the last server data, so 6 s after the interruption. Change any property afterwards.
    /// </summary>
    /// <returns>New options whose <see cref="ConnectionLostTimeout"/> is 6 seconds.</returns>
    public static RtcConnectionOptions FromReconnectionFaq2021() => new() { ConnectionLostTimeout = RtcConnectionDefaults.InterruptionToLostFaq2021 };

    /// <summary>
    /// Starting options with the timing of doc 002 (the iOS "Channel Connection" guide, 2020): the lost callback after
    /// 15 s without data from the server, so 11 s after the interruption. Change any property afterwards.
    /// </summary>
    /// <returns>New options whose <see cref="ConnectionLostTimeout"/> is 11 seconds.</returns>
    public static RtcConnectionOptions FromIosChannelConnectionGuide() => new() { ConnectionLostTimeout = RtcConnectionDefaults.InterruptionToLostIosGuide };

    /// <summary>The default of <see cref="FollowTolerance"/>.</summary>
    public static readonly TimeSpan DefaultFollowTolerance = TimeSpan.FromSeconds(1);

    internal static readonly TimeSpan MaxFollowTolerance = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets a value indicating whether the machine follows the SDK an app runs instead of modelling it: the state is what the
    /// SDK last reported through a follower (<see cref="Sdk.RtcSdkFollower"/>, or the machine's own reports), at once, with its reason;
    /// no timer of the machine changes it. The documented deadlines become expectations: a report the documents do not allow at that
    /// instant raises <see cref="Sdk.SdkDeviation"/> and is still followed. The app's own commands say what it asked the SDK; one the
    /// state no longer allows (the SDK reported first) is ignored. See <c>docs/following.md</c>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: the machine runs the documented timers.</value>
    public bool FollowSdk { get; set; }

    /// <summary>
    /// Gets or sets how far from its documented instant a followed SDK's report of a deadline (lost 10 s after the interruption, failed
    /// 20 minutes after it) may come before it is an <see cref="Sdk.SdkDeviation"/>. Used only when <see cref="FollowSdk"/> is set.
    /// </summary>
    /// <value>The default value is 1 second.</value>
    /// <remarks>The SDKs' own timers and callback queues (Unity drains its queue once a frame) are that close. From zero to 1 minute; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan FollowTolerance { get; set; } = DefaultFollowTolerance;

    /// <summary>
    /// Gets or sets the release of Agora's RTC SDK the app runs, for a follower (<see cref="Sdk.RtcSdkFollower"/>): it converts the
    /// SDK's values as that release numbers them (<see cref="Sdk.SdkValues.RtcReason"/>), and one before 2.3.2 is followed through its
    /// interrupted, lost and rejoin callbacks. It must agree with <see cref="Behavior"/> (before 2.3.2: <see cref="RtcSdkBehavior.Legacy"/>).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the newest release the library's facts know (<see cref="Sdk.SdkValues.NewestRtcRelease"/>).</value>
    public Version? SdkVersion { get; set; }

    /// <summary>
    /// Gets or sets where the events are delivered: <see langword="null"/> (the default) delivers them on the thread that made the
    /// change (the SDK's callback thread, a timer's thread), after the lock is released; a <see cref="SynchronizationContext"/> (a
    /// WPF, WinForms or MAUI UI thread's, Unity's main thread's) delivers them on it, in order, still after the lock is released.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: on the reporting thread.</value>
    /// <remarks>
    /// Capture it on the UI thread (<c>SynchronizationContext.Current</c>). A call made where <c>SynchronizationContext.Current</c> is
    /// this very instance (WinForms, MAUI and Unity keep one) is delivered at once; any other is posted, still in order (WPF may hand
    /// out a new instance per operation, so its UI thread's own calls are posted too). <c>Dispose</c> still waits for a handler
    /// running on the context's thread, so do not dispose from another thread while blocking the UI thread on that call. The same
    /// option is on every machine's and tracker's options. Set in code only: configuration does not bind it.
    /// </remarks>
    public SynchronizationContext? EventContext { get; set; }

    internal RtcConnectionOptions Clone() => (RtcConnectionOptions)MemberwiseClone();

    internal void CopyTo(RtcConnectionOptions target)
    {
        target.FollowSdk = FollowSdk;
        target.FollowTolerance = FollowTolerance;
        target.InterruptionTimeout = InterruptionTimeout;
        target.ConnectionLostTimeout = ConnectionLostTimeout;
        target.ReconnectFailureTimeout = ReconnectFailureTimeout;
        target.TokenExpiryWarning = TokenExpiryWarning;
        target.Behavior = Behavior;
    }

    /// <summary>Lists every problem with these options, each a sentence naming the property and its value.</summary>
    internal List<string> Validate()
    {
        var failures = new List<string>();
        OptionsValidation.Timeout(failures, nameof(FollowTolerance), FollowTolerance, Rtc.RtcConnectionOptions.MaxFollowTolerance, allowZero: true);
        OptionsValidation.Timeout(failures, nameof(InterruptionTimeout), InterruptionTimeout, MaxInterruptionTimeout);
        OptionsValidation.Timeout(failures, nameof(ConnectionLostTimeout), ConnectionLostTimeout, MaxConnectionLostTimeout);
        OptionsValidation.Timeout(failures, nameof(ReconnectFailureTimeout), ReconnectFailureTimeout, MaxReconnectFailureTimeout);
        OptionsValidation.Timeout(failures, nameof(TokenExpiryWarning), TokenExpiryWarning, MaxTokenExpiryWarning);
        OptionsValidation.Defined(failures, nameof(Behavior), Behavior);
        if (failures.Count > 0)
        {
            return failures;
        }

        if (Behavior == RtcSdkBehavior.Current && ConnectionLostTimeout >= ReconnectFailureTimeout)
        {
            failures.Add($"ConnectionLostTimeout must be shorter than ReconnectFailureTimeout under the Current behavior, since both count from the interruption; they were {OptionsValidation.Format(ConnectionLostTimeout)} and {OptionsValidation.Format(ReconnectFailureTimeout)}.");
        }

        if (SdkVersion is { } version && Sdk.SdkValues.BehaviorOf(version) is var behavior && behavior != Behavior)
        {
            failures.Add($"SdkVersion {version} behaves as {behavior} (the state callback and the 20-minute give-up came with v2.3.2), but Behavior is {Behavior}; set Behavior to {behavior}, or leave SdkVersion unset.");
        }

        if (Behavior == RtcSdkBehavior.Legacy && InterruptionTimeout >= ConnectionLostTimeout)
        {
            failures.Add($"InterruptionTimeout must be shorter than ConnectionLostTimeout under the Legacy behavior, since both count from the last server data; they were {OptionsValidation.Format(InterruptionTimeout)} and {OptionsValidation.Format(ConnectionLostTimeout)}.");
        }

        return failures;
    }
}
