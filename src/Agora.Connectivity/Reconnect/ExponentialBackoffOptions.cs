using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Reconnect;

/// <summary>
/// The settings of an <see cref="ExponentialBackoffPolicy"/> as options, for a reconnect driver registered in a host
/// (<c>services.AddRtcConnectionDriver&lt;TTransport&gt;().Bind(section)</c>); the defaults are gRPC's.
/// </summary>
public sealed class ExponentialBackoffOptions
{
    /// <summary>Gets or sets the gap between the first two attempts.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how much each gap grows; at least 1.</summary>
    /// <value>The default value is 1.6.</value>
    public double Multiplier { get; set; } = 1.6;

    /// <summary>Gets or sets the relative randomness of each gap, from 0 to 1 (0.2 is ±20 %).</summary>
    /// <value>The default value is 0.2.</value>
    public double Jitter { get; set; } = 0.2;

    /// <summary>Gets or sets the longest gap; at least <see cref="InitialBackoff"/>.</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets or sets the shortest time an attempt may run.</summary>
    /// <value>The default value is 20 seconds.</value>
    public TimeSpan MinConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Creates the policy these options describe.</summary>
    /// <returns>A new <see cref="ExponentialBackoffPolicy"/>.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public ExponentialBackoffPolicy CreatePolicy()
    {
        OptionsValidation.ThrowIfInvalid(Validate(), nameof(ExponentialBackoffOptions), "options");
        return new ExponentialBackoffPolicy(InitialBackoff, Multiplier, Jitter, MaxBackoff, MinConnectTimeout);
    }

    internal List<string> Validate()
    {
        var failures = new List<string>();
        OptionsValidation.Timeout(failures, nameof(InitialBackoff), InitialBackoff, TimeSpan.FromHours(1));
        OptionsValidation.Timeout(failures, nameof(MaxBackoff), MaxBackoff, TimeSpan.FromHours(1));
        OptionsValidation.Timeout(failures, nameof(MinConnectTimeout), MinConnectTimeout, TimeSpan.FromHours(1));
        if (double.IsNaN(Multiplier) || Multiplier < 1)
        {
            failures.Add($"Multiplier must be at least 1; it was {Multiplier.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        if (double.IsNaN(Jitter) || Jitter < 0 || Jitter > 1)
        {
            failures.Add($"Jitter must be between 0 and 1; it was {Jitter.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        if (failures.Count == 0 && MaxBackoff < InitialBackoff)
        {
            failures.Add($"MaxBackoff must be at least InitialBackoff; they were {OptionsValidation.Format(MaxBackoff)} and {OptionsValidation.Format(InitialBackoff)}.");
        }

        return failures;
    }
}
