using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Rtm;

/// <summary>How long an <see cref="RtmMemberTracker"/> waits before it reports a silent member as gone.</summary>
public sealed class RtmMemberTrackerOptions
{
    internal static readonly TimeSpan MaxPresenceTimeout = TimeSpan.FromHours(1);

    /// <summary>The default of <see cref="PresenceTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultPresenceTimeout = RtmConnectionDefaults.PresenceTimeout;

    /// <summary>Gets or sets how long a member may be silent before the RTM system drops it from the online list (<see cref="MemberLeft"/>).</summary>
    /// <value>The default value is 30 seconds.</value>
    /// <remarks>At most 1 hour: a longer one is almost surely a misread value; in configuration write <c>hh:mm:ss</c>.</remarks>
    public TimeSpan PresenceTimeout { get; set; } = DefaultPresenceTimeout;

    /// <inheritdoc cref="Rtc.RtcConnectionOptions.EventContext"/>
    public SynchronizationContext? EventContext { get; set; }

    internal RtmMemberTrackerOptions Clone() => (RtmMemberTrackerOptions)MemberwiseClone();

    internal List<string> Validate()
    {
        var failures = new List<string>();
        OptionsValidation.Timeout(failures, nameof(PresenceTimeout), PresenceTimeout, MaxPresenceTimeout);
        return failures;
    }
}
