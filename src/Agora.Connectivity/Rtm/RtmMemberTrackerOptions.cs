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

    /// <summary>
    /// Gets or sets where the events are delivered: <see langword="null"/> (the default) delivers them on the thread that made the
    /// change (the SDK's callback thread, a timer's thread), after the lock is released; a <see cref="SynchronizationContext"/> (a
    /// WPF, WinForms or MAUI UI thread's, Unity's main thread's) delivers them on it, in order, still after the lock is released.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: on the reporting thread.</value>
    /// <remarks>
    /// Capture it on the UI thread (<c>SynchronizationContext.Current</c>). A call the UI thread makes is then delivered at once on
    /// it; a call from another thread is posted. <c>Dispose</c> still waits for a handler running on the context's thread, so do not
    /// dispose from another thread while blocking the UI thread on that call. Set in code only: configuration does not bind it.
    /// </remarks>
    public SynchronizationContext? EventContext { get; set; }

    internal RtmMemberTrackerOptions Clone() => (RtmMemberTrackerOptions)MemberwiseClone();

    internal List<string> Validate()
    {
        var failures = new List<string>();
        OptionsValidation.Timeout(failures, nameof(PresenceTimeout), PresenceTimeout, MaxPresenceTimeout);
        return failures;
    }
}
