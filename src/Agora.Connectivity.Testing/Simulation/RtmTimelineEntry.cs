using Agora.Connectivity.Callbacks;

namespace Agora.Connectivity.Testing;

/// <summary>One callback one client of an <see cref="RtmChannelSimulation"/> received.</summary>
/// <param name="At">When, measured from the simulation's start.</param>
/// <param name="Client">The client who received it: its user ID, with <c>#2</c>, <c>#3</c>… for further instances of the same user ID.</param>
/// <param name="Callback">The callback, spelled for the client's platform.</param>
public sealed record RtmTimelineEntry(TimeSpan At, string Client, PlatformCallback Callback)
{
    /// <summary>Formats the entry as <c>T+1.200s alice MemberJoined(bob)</c>.</summary>
    /// <returns>The entry as one line.</returns>
    public override string ToString() => $"T+{At.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}s {Client} {Callback}";
}
