using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Internal.Machines;

/// <summary>
/// The memory budgets of a connected, idle machine (issue 30: 10 KB) and of a user a tracker follows (160 B), measured in
/// <c>docs/benchmarks.md</c>, held so that they cannot drift again unseen: byte counts, not timings, with room above the machine's
/// budget for a collector's noise.
/// </summary>
[NonParallelizable] // other tests allocating meanwhile would count as the machines'
public class RetainedMemoryTests
{
    private const long Limit = 12 * 1024;

    [Test]
    public void AnIdleConnectedMachine_RetainsAtMost12KB_OfEveryType()
    {
        var measured = new Dictionary<string, long>
        {
            ["RTC"] = RetainedBytes.PerMachine(2_000, RetainedBytes.ConnectedRtc),
            ["RTM 1.x"] = RetainedBytes.PerMachine(2_000, RetainedBytes.ConnectedRtm),
            ["RTM 2.x"] = RetainedBytes.PerMachine(2_000, RetainedBytes.ConnectedLink),
        };
        TestContext.Progress.WriteLine("retained per idle connected machine: " + string.Join(", ", measured.Select(m => $"{m.Key} {m.Value:N0} B")));

        Assert.That(measured, Has.All.Matches<KeyValuePair<string, long>>(m => m.Value is > 0 and <= Limit), string.Join(", ", measured));
    }

    [Test]
    public void ATrackedUser_RetainsAtMost160Bytes()
    {
        var perUser = RetainedBytes.PerTrackedUser(100_000);
        TestContext.Progress.WriteLine($"retained per tracked user: {perUser:F1} B");

        Assert.That(perUser, Is.InRange(1, 160));
    }
}
