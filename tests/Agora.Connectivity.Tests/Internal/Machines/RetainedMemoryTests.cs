using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Internal.Machines;

/// <summary>
/// The memory budget of a connected, idle machine (issue 30: 10 KB, measured in <c>docs/benchmarks.md</c>), held so that it cannot
/// drift again unseen: a byte count, not a timing, with room above the budget for a collector's noise.
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
}
