using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Rtm;

/// <summary>The timeouts of an <see cref="RtmConnectionStateMachine"/>.</summary>
public sealed class RtmConnectionOptions
{
    /// <summary>The default of <see cref="LoginTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultLoginTimeout = RtmConnectionDefaults.LoginTimeout;

    /// <summary>The default of <see cref="InterruptionTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultInterruptionTimeout = RtmConnectionDefaults.InterruptionTimeout;

    /// <summary>The default of <see cref="PresenceTimeout"/>, as the documents give it.</summary>
    public static readonly TimeSpan DefaultPresenceTimeout = RtmConnectionDefaults.PresenceTimeout;

    /// <summary>Gets or sets how long a login may take before it fails with <see cref="RtmConnectionChangeReason.LoginTimeout"/>.</summary>
    /// <value>The default value is 6 seconds.</value>
    public TimeSpan LoginTimeout { get; set; } = DefaultLoginTimeout;

    /// <summary>Gets or sets how long the server may be silent while connected before the connection counts as interrupted (RECONNECTING).</summary>
    /// <value>The default value is 4 seconds.</value>
    public TimeSpan InterruptionTimeout { get; set; } = DefaultInterruptionTimeout;

    /// <summary>
    /// Gets or sets how long, from the last server data, the RTM system keeps the client on its online
    /// list; past it, a client still reconnecting raises <see cref="PresenceExpired"/>.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan PresenceTimeout { get; set; } = DefaultPresenceTimeout;

    /// <summary>Starting options with the timing of doc 003 (the RTM "Manage Connection States" guide) — the defaults: a login times out after 6 s.</summary>
    /// <returns>New options, equal to <c>new RtmConnectionOptions()</c>.</returns>
    public static RtmConnectionOptions FromManageConnectionStatesGuide() => new();

    /// <summary>Starting options with the RTM Web SDK 1.4 reference's login timeout: 10 s. Change any property afterwards.</summary>
    /// <returns>New options whose <see cref="LoginTimeout"/> is 10 seconds.</returns>
    public static RtmConnectionOptions FromWebReference14() => new() { LoginTimeout = RtmConnectionDefaults.LoginTimeoutWeb14 };

    /// <summary>Starting options with the RTM 1.5 iOS and Java references' login timeout: 12 s. Change any property afterwards.</summary>
    /// <returns>New options whose <see cref="LoginTimeout"/> is 12 seconds.</returns>
    public static RtmConnectionOptions FromNativeReference15() => new() { LoginTimeout = RtmConnectionDefaults.LoginTimeoutNative15 };

    internal RtmConnectionOptions Clone() => (RtmConnectionOptions)MemberwiseClone();

    internal void CopyTo(RtmConnectionOptions target)
    {
        target.LoginTimeout = LoginTimeout;
        target.InterruptionTimeout = InterruptionTimeout;
        target.PresenceTimeout = PresenceTimeout;
    }

    internal List<string> Validate()
    {
        var failures = new List<string>();
        OptionsValidation.Timeout(failures, nameof(LoginTimeout), LoginTimeout);
        OptionsValidation.Timeout(failures, nameof(InterruptionTimeout), InterruptionTimeout);
        OptionsValidation.Timeout(failures, nameof(PresenceTimeout), PresenceTimeout);
        if (failures.Count == 0 && InterruptionTimeout >= PresenceTimeout)
        {
            failures.Add($"InterruptionTimeout must be shorter than PresenceTimeout, since both count from the last server data; they were {OptionsValidation.Format(InterruptionTimeout)} and {OptionsValidation.Format(PresenceTimeout)}.");
        }

        return failures;
    }
}
