using Agora.Connectivity.Callbacks;

namespace Agora.Connectivity.Testing;

/// <summary>One callback one user of a <see cref="ChannelSimulation"/> received.</summary>
/// <param name="At">When, measured from the simulation's start.</param>
/// <param name="Uid">The user who received it.</param>
/// <param name="Callback">The callback, spelled for the user's platform.</param>
public sealed record TimelineEntry(TimeSpan At, uint Uid, PlatformCallback Callback)
{
    /// <summary>Formats the entry as <c>T+1.200s uid 2 onUserJoined(1)</c>.</summary>
    /// <returns>The entry as one line.</returns>
    public override string ToString() => $"T+{At.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}s uid {Uid} {Callback}";
}
