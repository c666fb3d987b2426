using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Sdk;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Agora.Connectivity.Timeline;

namespace Agora.Connectivity.Tests.Sdk;

/// <summary>
/// Every documented RTC scenario, on every platform and generation, forwarded as the SDK calls it into a follower (what an app on
/// Agora's SDK runs in production): the follower gives the same states, reasons, facts and instants as the modelled machine, the
/// same remote users, and no deviation.
/// </summary>
public class FollowEquivalenceTests
{
    private static readonly Platform[] Platforms = Enum.GetValues<Platform>();

    public static IEnumerable<TestCaseData> Cases()
        => from scenario in Scenarios.All
           where !scenario.Defaults.IsRtm
           from generation in Enum.GetValues<SdkGeneration>()
           select new TestCaseData(scenario.Name, generation).SetArgDisplayNames(scenario.Name, generation.ToString());

    [TestCaseSource(nameof(Cases))]
    public void AScenarioForwardedIntoAFollower_IsTheModelledMachine_OnEveryPlatform(string name, SdkGeneration generation)
    {
        foreach (var local in Platforms)
        {
            var pairs = new List<Pair>();
            var scenario = Scenarios.Find(name)!;
            var run = scenario.Run(new ScenarioSettings(Local: local, Generation: generation, UserAdded: user => pairs.Add(new Pair((SimulatedUser)user, generation))));

            Assert.That(run, Is.Not.Null);
            Assert.That(pairs, Is.Not.Empty);
            foreach (var pair in pairs)
            {
                pair.AssertSame($"{name}, {generation}, local {local}, uid {pair.User.Uid} ({pair.User.Platform})");
            }
        }
    }

    public static IEnumerable<TestCaseData> RtmCases()
        => from scenario in Scenarios.All
           where scenario.Defaults.IsRtm
           select new TestCaseData(scenario.Name).SetArgDisplayNames(scenario.Name);

    [TestCaseSource(nameof(RtmCases))]
    public void AnRtmScenarioForwardedIntoAFollower_IsTheModelledMachine_OnEveryPlatform(string name)
    {
        foreach (var local in Platforms)
        {
            var checks = new List<Action>();
            Scenarios.Find(name)!.Run(new ScenarioSettings(Local: local, UserAdded: user => checks.Add(user switch
            {
                SimulatedRtmClient client => Follow(client),
                SimulatedRtmLinkUser linkUser => Follow(linkUser),
                _ => throw new InvalidOperationException($"{user} is not an RTM user."),
            })));

            Assert.That(checks, Is.Not.Empty);
            checks.ForEach(check => check());
        }
    }

    [Test]
    public void ForwardTo_StopsWhenDisposed_AndWhenTheProcessIsKilled()
    {
        using var simulation = new ChannelSimulation();
        var user = simulation.AddUser(1, Platform.CSharp, SdkGeneration.V4);
        var calls = new CallLog();
        var forwarding = user.ForwardTo(calls);
        user.JoinChannel();
        simulation.Advance(TimeSpan.FromSeconds(1));
        Assert.That(calls.Calls, Is.EqualTo(new[] { "OnConnectionStateChanged(2, 0)", "OnConnectionStateChanged(3, 1)", "OnJoinChannelSuccess()" }));

        forwarding.Dispose();
        forwarding.Dispose();
        user.LeaveChannel();
        Assert.That(calls.Calls, Has.Count.EqualTo(3));

        user.ForwardTo(calls);
        user.JoinChannel();
        user.KillProcess();
        user.RestartAndRejoin();
        simulation.Advance(TimeSpan.FromSeconds(1));
        Assert.That(calls.Calls.Skip(3), Is.EqualTo(new[] { "OnConnectionStateChanged(2, 0)" }));
        Assert.Throws<ArgumentNullException>(() => user.ForwardTo(null!));
        user.KillProcess();
        Assert.Throws<InvalidOperationException>(() => user.ForwardTo(calls));
    }

    // The modelled RTM connection and its follower: the same events but the presence window's, which no SDK callback tells.
    private static Action Follow(SimulatedRtmClient client)
    {
        var modelled = new List<ConnectivityEvent>();
        var followed = new List<ConnectivityEvent>();
        var follower = new RtmSdkFollower(null, null, (FakeTimeProvider)client.Connection.TimeProvider, null);
        client.Connection.EventRaised += (_, e) => modelled.Add(e);
        follower.Connection.EventRaised += (_, e) => followed.Add(e);
        client.ForwardTo(follower);
        return () =>
        {
            Assert.That(followed, Is.EqualTo(modelled.Where(e => e is not Agora.Connectivity.Rtm.PresenceExpired)), client.ToString());
            follower.Dispose();
        };
    }

    // The modelled RTM 2.x link and its follower: the same events but the presence timeout's, which no SDK callback tells.
    private static Action Follow(SimulatedRtmLinkUser user)
    {
        var modelled = new List<ConnectivityEvent>();
        var followed = new List<ConnectivityEvent>();
        var follower = new RtmLinkSdkFollower(null, (FakeTimeProvider)user.Link.TimeProvider, null);
        user.Link.EventRaised += (_, e) => modelled.Add(e);
        follower.EventRaised += (_, e) => followed.Add(e);
        user.ForwardTo(follower);
        return () =>
        {
            Assert.That(followed, Is.EqualTo(modelled.Where(e => e is not Agora.Connectivity.Rtm2.RtmLinkPresenceTimedOut)), user.ToString());
            follower.Dispose();
        };
    }

    // One simulated user and the follower its forwarded calls drive; the modelled events are read from the user's first process.
    private sealed class Pair
    {
        private readonly List<ConnectivityEvent> _modelled = [];
        private readonly List<ConnectivityEvent> _followed = [];
        private readonly CallLog _presence;
        private readonly RtcSdkFollower _follower;

        public Pair(SimulatedUser user, SdkGeneration generation)
        {
            User = user;
            var version = generation switch
            {
                SdkGeneration.Legacy => new Version(2, 3, 1),
                SdkGeneration.V3 => new Version(3, 7, 1),
                _ => SdkValues.NewestRtcRelease,
            };
            _follower = new RtcSdkFollower(new RtcConnectionOptions { Behavior = CallbackStrategies.BehaviorOf(generation), SdkVersion = version }, null, Clock(user), null);
            _presence = new CallLog(Clock(user));
            _follower.EventRaised += (_, e) => _followed.Add(e);
            user.Connection.EventRaised += (_, e) =>
            {
                _modelled.Add(e);

                // The app tells its follower what it asks the SDK (a join, a renewal) with the token's expiry, which no callback carries:
                // the token's deadlines become expectations, and an SDK before v2.3.2, which reports no Connecting, is followed from the call.
                if (e is ConnectionStateChanged { State: ConnectionState.Connecting } c)
                {
                    var expiry = user.Connection.TokenExpiresAt;
                    if (c.Reason == ConnectionChangedReason.RenewToken)
                    {
                        _follower.Connection.RenewToken(expiry!.Value);
                    }
                    else if (expiry is { } expiresAt)
                    {
                        _follower.Connection.JoinChannel(expiresAt);
                    }
                    else
                    {
                        _follower.Connection.JoinChannel();
                    }
                }
            };
            user.ForwardTo(_follower);
            user.ForwardTo(_presence);
        }

        public SimulatedUser User { get; }

        public void AssertSame(string what)
        {
            Assert.That(_followed.OfType<SdkDeviation>(), Is.Empty, what);
            Assert.That(_followed.Where(e => e is not (RemoteUserJoined or RemoteUserOffline or RemoteUserLeft)), Is.EqualTo(_modelled), what);
            Assert.That(
                _followed.Where(e => e is RemoteUserJoined or RemoteUserOffline).Select(Presence),
                Is.EqualTo(_presence.Calls.Zip(_presence.Times, (c, t) => (Call: c, At: t)).Where(c => c.Call.StartsWith("OnUser", StringComparison.Ordinal)).Select(c => $"{c.Call}@{c.At:O}")),
                what);
            _follower.Dispose();
        }

        private static FakeTimeProvider Clock(SimulatedUser user) => (FakeTimeProvider)user.Connection.TimeProvider;

        private static string Presence(ConnectivityEvent e) => e switch
        {
            RemoteUserJoined j => $"OnUserJoined({j.Uid})@{e.Timestamp:O}",
            RemoteUserOffline o => $"OnUserOffline({o.Uid}, {(int)o.Reason})@{e.Timestamp:O}",
            _ => throw new ArgumentOutOfRangeException(nameof(e)),
        };
    }
}
