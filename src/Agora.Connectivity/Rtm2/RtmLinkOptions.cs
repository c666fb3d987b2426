using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Rtm2;

/// <summary>
/// The timings of an <see cref="RtmLinkStateMachine"/>: the defaults and ranges are the ones Agora's RTM 2.x SDKs ship (each property
/// names its source; <c>docs/rtm2.md</c> has them all). Bind them from configuration under <c>Agora:RtmLink</c> (see
/// <c>ConnectivityServiceCollectionExtensions.AddRtmLinkConnection</c>); a value out of its range fails at start with a message naming it.
/// </summary>
public sealed class RtmLinkOptions
{
    /// <summary>The default <see cref="HeartbeatInterval"/>: 5 s (<c>agora-rtm-sdk</c> 2.3.0 <c>agora-rtm.d.ts</c>, <c>heartbeatInterval</c>: "@default 5").</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = RtmLinkDefaults.HeartbeatInterval;

    /// <summary>The default <see cref="KeepAliveMargin"/>: 4 s (<c>agora-rtm-sdk</c> 2.3.0 <c>agora-rtm.js</c>: <c>heartbeatInterval+Vh("RTM_LINK_KEEP_ALIVE_TIMEOUT")-6e3</c>, the parameter's default <c>1e4</c>).</summary>
    public static readonly TimeSpan DefaultKeepAliveMargin = RtmLinkDefaults.KeepAliveMargin;

    /// <summary>The default <see cref="LoginAttemptTimeout"/>: 5 s (<c>agora-rtm-sdk</c> 2.3.0 <c>agora-rtm.js</c>, <c>loginHandler</c>: <c>gD(5e3)</c>).</summary>
    public static readonly TimeSpan DefaultLoginAttemptTimeout = RtmLinkDefaults.LoginAttemptTimeout;

    /// <summary>The default <see cref="SuspendAfter"/>: 115 s (<c>agora-rtm-sdk</c> 2.3.0 <c>agora-rtm.js</c>, the <c>login-timeout</c> listener: <c>115e3</c>).</summary>
    public static readonly TimeSpan DefaultSuspendAfter = RtmLinkDefaults.SuspendAfter;

    /// <summary>The default <see cref="PresenceTimeout"/>: 300 s (<c>agora-rtm-sdk</c> 2.3.0 <c>agora-rtm.d.ts</c>, <c>presenceTimeout</c>: "The default value is 300 seconds").</summary>
    public static readonly TimeSpan DefaultPresenceTimeout = RtmLinkDefaults.PresenceTimeout;

    /// <summary>
    /// Gets or sets the interval of the link's heartbeat (RTM's <c>heartbeatInterval</c>): from 5 s to 1800 s, 5 s by default
    /// (<c>agora-rtm-sdk</c> 2.3.0 <c>agora-rtm.d.ts</c>: "value range 5-1800s @default 5"). The link is lost when no packet came for
    /// this interval and <see cref="KeepAliveMargin"/> more: after a ping that has no answer (<see cref="RtmLinkKeepAlive.PingAnswers"/>,
    /// the default), or after any packet (<see cref="RtmLinkKeepAlive.AnyPacket"/>); see <see cref="KeepAlive"/>.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>
    /// Gets or sets which packets keep the link alive: <see cref="RtmLinkKeepAlive.PingAnswers"/> (the default, as <c>agora-rtm-sdk</c>
    /// 2.3.0's bundle runs it: a ping at the connection and one <see cref="HeartbeatInterval"/> after each answer, the link lost
    /// <see cref="HeartbeatInterval"/> + <see cref="KeepAliveMargin"/> after a ping with no answer) or <see cref="RtmLinkKeepAlive.AnyPacket"/>
    /// (the type definitions' reading: lost that long after the last packet of any kind).
    /// </summary>
    public RtmLinkKeepAlive KeepAlive { get; set; }

    /// <summary>
    /// Gets or sets how much longer than <see cref="HeartbeatInterval"/> the link waits for a packet before it is lost
    /// (DISCONNECTED / HEARTBEAT_TIMEOUT / KEEP_ALIVE_TIMEOUT): 4 s by default, as the shipped Web SDK computes it
    /// (<c>agora-rtm.js</c>: <c>heartbeatInterval+Vh("RTM_LINK_KEEP_ALIVE_TIMEOUT")-6e3</c> with the parameter's default <c>1e4</c>).
    /// Set it to zero for the type definitions' reading ("if there is no communication with the background within the configured
    /// time, then the user is considered offline"). From zero to 60 s.
    /// </summary>
    public TimeSpan KeepAliveMargin { get; set; } = DefaultKeepAliveMargin;

    /// <summary>
    /// Gets or sets how long one login or reconnect attempt may take before it times out (DISCONNECTED / SERVER_TIMEOUT with
    /// LOGIN_TIMEOUT or RECONNECT_TIMEOUT): 5 s by default (<c>agora-rtm.js</c>, <c>loginHandler</c>: <c>gD(5e3)</c>, the timeout whose
    /// error emits <c>login-timeout</c>). Above zero, at most 2 min.
    /// </summary>
    public TimeSpan LoginAttemptTimeout { get; set; } = DefaultLoginAttemptTimeout;

    /// <summary>
    /// Gets or sets how long after the outage's first timed-out attempt the link counts as suspended: the first attempt to time out
    /// after it reports SUSPENDED instead of DISCONNECTED. 115 s by default (<c>agora-rtm.js</c>, the <c>login-timeout</c> listener:
    /// <c>setTimeout((()=>{this._suspended=!0}),115e3)</c>). Above zero, at most 1 h.
    /// </summary>
    public TimeSpan SuspendAfter { get; set; } = DefaultSuspendAfter;

    /// <summary>
    /// Gets or sets when the link gives up: <see langword="null"/> (the default) or <see cref="TimeSpan.Zero"/> (<c>0</c> in
    /// configuration) never — it keeps retrying, as the SDKs do ("Default: 0 seconds, never timeout, keep retrying",
    /// <c>agora-react-native-rtm</c> 2.2.6 <c>IAgoraRtmClient.ts</c>, <c>reconnectTimeout</c>; <c>agora-rtm-sdk</c> 2.3.0 <c>agora-rtm.js</c>:
    /// "is 0, normalized to undefined"); otherwise from 15 s to 3600 s ("Range: [15, 3600]"; the SDKs clamp a value outside it, the
    /// library refuses it at start and says what the SDK would have used), counted from the loss of the link (then FAILED / AUTO_RECONNECT /
    /// RECONNECT_TIMEOUT) or from a login that has not succeeded (FAILED / LOGIN / LOGIN_TIMEOUT; <c>agora-rtm.js</c>:
    /// <c>MIN_RECONNECT_TIMEOUT_IN_SECONDS</c>, <c>_handleReconnectTimeout</c>).
    /// </summary>
    public TimeSpan? ReconnectTimeout { get; set; }

    /// <summary>
    /// Gets or sets how long the link may be down before the server tells the channel's other users that this one timed out
    /// (REMOTE_TIMEOUT) and clears its temporary state: the machine raises <see cref="RtmLinkPresenceTimedOut"/> then. From 5 s to
    /// 300 s, 300 s by default (<c>agora-rtm.d.ts</c>, <c>presenceTimeout</c>; <c>agora-rtm.js</c> clamps it: <c>A>300?A=300:A&lt;5&amp;&amp;(A=5)</c>).
    /// </summary>
    public TimeSpan PresenceTimeout { get; set; } = DefaultPresenceTimeout;

    internal TimeSpan KeepAliveTimeout => HeartbeatInterval + KeepAliveMargin;

    /// <summary>Gets the reconnect timeout in force: <see langword="null"/> for never (unset, or zero as the SDKs read it).</summary>
    internal TimeSpan? GiveUpAfter => ReconnectTimeout is { } timeout && timeout != TimeSpan.Zero ? timeout : null;

    /// <summary>The default of <see cref="FollowTolerance"/>.</summary>
    public static readonly TimeSpan DefaultFollowTolerance = Rtc.RtcConnectionOptions.DefaultFollowTolerance;

    /// <summary>
    /// Gets or sets a value indicating whether the link follows the SDK an app runs instead of modelling it: what the SDK last reported,
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

    internal RtmLinkOptions Clone() => (RtmLinkOptions)MemberwiseClone();

    internal List<string> Validate()
    {
        const string Clamps = "agora-rtm-sdk 2.3.0";
        var failures = new List<string>();
        OptionsValidation.Timeout(failures, nameof(FollowTolerance), FollowTolerance, Rtc.RtcConnectionOptions.MaxFollowTolerance, allowZero: true);
        OptionsValidation.Range(failures, nameof(HeartbeatInterval), HeartbeatInterval, RtmLinkDefaults.MinHeartbeatInterval, RtmLinkDefaults.MaxHeartbeatInterval, "agora-rtm-sdk 2.3.0's range", Clamps);
        OptionsValidation.Range(failures, nameof(KeepAliveMargin), KeepAliveMargin, TimeSpan.Zero, RtmLinkDefaults.MaxKeepAliveMargin, "zero for the type definitions' reading");
        OptionsValidation.Defined(failures, nameof(KeepAlive), KeepAlive);
        OptionsValidation.Timeout(failures, nameof(LoginAttemptTimeout), LoginAttemptTimeout, RtmLinkDefaults.MaxLoginAttemptTimeout);
        OptionsValidation.Timeout(failures, nameof(SuspendAfter), SuspendAfter, RtmLinkDefaults.MaxSuspendAfter);
        if (GiveUpAfter is { } reconnect)
        {
            OptionsValidation.Range(failures, nameof(ReconnectTimeout), reconnect, RtmLinkDefaults.MinReconnectTimeout, RtmLinkDefaults.MaxReconnectTimeout, "agora-react-native-rtm 2.2.6's range; leave it unset or zero to keep retrying", Clamps);
        }

        OptionsValidation.Range(failures, nameof(PresenceTimeout), PresenceTimeout, RtmLinkDefaults.MinPresenceTimeout, RtmLinkDefaults.MaxPresenceTimeout, "agora-rtm-sdk 2.3.0's range", Clamps);
        return failures;
    }
}
