using Agora.Connectivity.Rtc;
using Agora.Connectivity.Sdk;
using Agora.Connectivity.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Agora.Connectivity.Tests.Sdk;

/// <summary>
/// Random streams of SDK reports, as a Unity queue that drops and a careless app deliver them (gaps, repeats, reorders, undefined
/// values, time passing): the follower never throws, its state is always the last valid report, and every step the documents do not
/// draw is exactly one deviation. The oracle is the documents' graph, written here apart from the machine's table.
/// </summary>
public class FollowerPropertyTests
{
    // (from, to, reason) steps the documents draw (doc 001, 004; the reasons a state callback carries with each).
    private static readonly HashSet<(ConnectionState From, ConnectionState To)> Drawn =
    [
        (ConnectionState.Disconnected, ConnectionState.Connecting),
        (ConnectionState.Connecting, ConnectionState.Connected), (ConnectionState.Reconnecting, ConnectionState.Connected),
        (ConnectionState.Connected, ConnectionState.Reconnecting),
        (ConnectionState.Connecting, ConnectionState.Failed), (ConnectionState.Connected, ConnectionState.Failed), (ConnectionState.Reconnecting, ConnectionState.Failed),
        (ConnectionState.Connecting, ConnectionState.Disconnected), (ConnectionState.Connected, ConnectionState.Disconnected),
        (ConnectionState.Reconnecting, ConnectionState.Disconnected), (ConnectionState.Failed, ConnectionState.Disconnected),
    ];

    // Values a 4.x SDK passes (and two it never defines); JoinFailed is left out: it is timed (20 minutes), which Follow's tests cover.
    private static readonly int[] Reasons = [0, 1, 2, 3, 5, 8, 9, 12, 19, 25, -1];

    [Test]
    public void RandomReportStreams_NeverThrow_FollowTheLastValidReport_AndEveryUndrawnStepIsOneDeviation()
    {
        var report = from state in Gen.Choose(0, 6)
                     from reason in Gen.Elements(Reasons)
                     from advanceMs in Gen.Elements(0, 0, 1, 500, 4_000, 30_000)
                     select (State: state, Reason: reason, AdvanceMs: advanceMs);

        Prop.ForAll(Gen.ListOf(report).Select(l => l.ToArray()).ToArbitrary(), reports =>
        {
            var time = new FakeTimeProvider();
            using var follower = new RtcSdkFollower(null, null, time, null);
            var deviations = 0;
            follower.EventRaised += (_, e) => deviations += e is SdkDeviation ? 1 : 0;
            var expectedState = ConnectionState.Disconnected;
            var expectedDeviations = 0;
            foreach (var (state, reason, advanceMs) in reports)
            {
                time.Advance(TimeSpan.FromMilliseconds(advanceMs));
                follower.OnConnectionStateChanged(state, reason);
                if (state is < 1 or > 5 || reason is < 0 or > 24)
                {
                    expectedDeviations++;
                }
                else if ((ConnectionState)state != expectedState)
                {
                    var to = (ConnectionState)state;
                    var drawn = to == ConnectionState.Connecting
                        ? expectedState == ConnectionState.Disconnected || (expectedState == ConnectionState.Failed && reason == (int)ConnectionChangedReason.RenewToken)
                        : Drawn.Contains((expectedState, to));
                    expectedDeviations += drawn ? 0 : 1;
                    expectedState = to;
                }

                if (follower.Connection.State != expectedState || deviations != expectedDeviations)
                {
                    return false;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true));
    }

    [Test]
    public void ReportsFromSeveralThreads_NeverThrow_AndTheStateChangesChainFromOneToTheNext()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var changes = new List<ConnectionStateChanged>();
        follower.EventRaised += (_, e) =>
        {
            if (e is ConnectionStateChanged c)
            {
                lock (changes)
                {
                    changes.Add(c);
                }
            }
        };

        var threads = Enumerable.Range(0, 4).Select(seed => new Thread(() =>
        {
            var random = new Random(seed);
            for (var i = 0; i < 5_000; i++)
            {
                follower.OnConnectionStateChanged(random.Next(0, 7), Reasons[random.Next(Reasons.Length)]);
                follower.OnUserJoined((uint)random.Next(5));
                follower.OnUserOffline((uint)random.Next(5), random.Next(-1, 4));
                follower.OnConnectionLost();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.That(changes, Is.Not.Empty);
        for (var i = 1; i < changes.Count; i++)
        {
            Assert.That(changes[i].PreviousState, Is.EqualTo(changes[i - 1].State), $"change {i}");
        }

        Assert.That(follower.Connection.State, Is.EqualTo(changes[^1].State));
    }
}
