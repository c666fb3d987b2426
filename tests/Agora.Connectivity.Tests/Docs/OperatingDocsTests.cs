using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.Reconnect;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Docs;

/// <summary>
/// The parts of docs/metrics.md and docs/operating.md that name what the code emits are generated from what the code does (issue 38:
/// they had drifted, saying <c>agora.machine</c> is <c>rtc</c> or <c>rtm</c> and omitting <c>rtm2</c>, <c>AddRtmLinkConnection</c> and
/// <c>agora.rtm2.outage</c>): every machine is run through a transition, an outage and a driver's attempt, and the tag values and
/// activity names it produced are written. Regenerate with AGORA_UPDATE_DOCS=1.
/// </summary>
[NonParallelizable] // an ActivityListener hears every source of the process
public class OperatingDocsTests
{
    [Test]
    public void Docs_Metrics_NameEveryMachineTag_AndEveryRegistrationThatPassesTheMeterFactory()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var transitions = new MetricCollector<long>(meters, ConnectivityMetrics.MeterName, "agora.connectivity.transitions");
        var time = new FakeTimeProvider();
        using (var rtc = new RtcConnectionStateMachine(null, time, null, meters))
        using (var rtm = new RtmConnectionStateMachine(null, time, null, meters))
        using (var link = new RtmLinkStateMachine(null, time, null, meters))
        {
            rtc.JoinChannel();
            _ = rtm.LoginAsync();
            _ = link.LoginAsync();
        }

        var tags = transitions.GetMeasurementSnapshot().Select(m => (string)m.Tags["agora.machine"]!).Distinct().ToList();
        Assert.That(tags, Has.Count.EqualTo(3));
        var registrations = typeof(ConnectivityServiceCollectionExtensions).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name.EndsWith("Connection", StringComparison.Ordinal)).Select(m => m.Name).Distinct().ToList();

        var text = new StringBuilder()
            .Append("`agora.machine` is ").Append(Or(tags.Select(t => $"`{t}`"))).Append(" (the RTC connection, RTM 1.x and RTM 2.x).\n")
            .Append("With dependency injection, ").Append(And(registrations.Select(r => $"`{r}`")))
            .Append(" pass the container's `IMeterFactory` (see below).\n")
            .ToString();
        GeneratedSection.AssertUpToDate("docs/metrics.md", "machines", text);
    }

    [Test]
    public async Task Docs_Operating_ListEveryActivityTheMachinesAndDriversStart()
    {
        using var recorder = new ActivityRecorder();
        var time = new FakeTimeProvider();

        using (var rtc = new RtcConnectionStateMachine(time))
        using (new RtcConnectionDriver(rtc, new FakeTransport(time) { Otherwise = FakeTransport.Succeed }))
        {
            rtc.JoinChannel();
            time.Advance(TimeSpan.Zero);
            time.Advance(Sec(4));   // Reconnecting: an outage, and the driver's attempt ends it
            time.Advance(TimeSpan.Zero);
        }

        using (var rtm = new RtmConnectionStateMachine(timeProvider: time))
        using (new RtmConnectionDriver(rtm, new FakeTransport(time) { Otherwise = FakeTransport.Succeed }))
        {
            var login = rtm.LoginAsync();
            time.Advance(TimeSpan.Zero);
            await login;
            time.Advance(Sec(4));
            time.Advance(TimeSpan.Zero);
        }

        using (var link = new RtmLinkStateMachine(timeProvider: time))
        using (new RtmLinkDriver(link, new FakeTransport(time) { Otherwise = FakeTransport.Succeed }))
        {
            var login = link.LoginAsync();
            time.Advance(TimeSpan.Zero);
            await login;
            time.Advance(Sec(9));   // lost: Disconnected, the outage starts; 3 s later the link reconnects and the driver's attempt is accepted
            time.Advance(Sec(3));
        }

        var names = recorder.Stopped.Select(a => a.OperationName).Distinct().Order(StringComparer.Ordinal).ToList();
        var outages = names.Where(n => n.EndsWith(".outage", StringComparison.Ordinal)).ToList();
        var attempts = names.Where(n => n.EndsWith(".connect", StringComparison.Ordinal)).ToList();
        Assert.That(outages.Concat(attempts), Is.EquivalentTo(names), "every activity is an outage or an attempt");
        Assert.That((outages.Count, attempts.Count), Is.EqualTo((3, 3)));
        var text = new StringBuilder()
            .Append("| Activity | From, to | Tags |\n| --- | --- | --- |\n")
            .Append("| ").Append(And(outages.Select(n => $"`{n}`")))
            .Append(" | entering Reconnecting (an RTM 2.x link: Disconnected; its instant, T4), to leaving it: Connected, Failed, a leave or logout, or the machine's dispose")
            .Append(" | `agora.connection.kind` (").Append(Or(outages.Select(n => $"`{n.Split('.')[1]}`"))).Append("), `agora.connection.name` (a named connection's), `agora.outage.reason`, and how it ended:")
            .Append(" `agora.connection.state`, `agora.connection.reason`; status Error when it ended in Failed |\n")
            .Append("| ").Append(And(attempts.Select(n => $"`{n}`")))
            .Append(" | one reconnect-driver attempt: the transport's `ConnectAsync` | `agora.connection.kind`, `agora.connection.name`, `agora.attempt.number`,")
            .Append(" `agora.attempt.outcome` (`accepted`, `refused`, `timed_out`, `canceled`, `failed`); status Error and `error.type` for a failed one |\n")
            .ToString();
        GeneratedSection.AssertUpToDate("docs/operating.md", "activities", text);
    }

    private static string And(IEnumerable<string> items) => Join(items.ToList(), "and");

    private static string Or(IEnumerable<string> items) => Join(items.ToList(), "or");

    private static string Join(List<string> items, string last) => items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} {last} {items[^1]}";
}
