using Agora.Connectivity.Internal.Presence;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// Random sequences of commands, reports and time steps run against the real machines and against the
/// reference models; the two event lists (kind, state, reason, time to the tick) must be equal. Time
/// steps favour each timeout exactly and one tick either side of it. A failure is shrunk to a short
/// sequence and printed step by step.
/// </summary>
/// <remarks>
/// CI runs <see cref="Sequences"/> sequences per machine with a fresh seed each run. The deep run (docs/reliability.md) sets
/// <c>AGORA_MODEL_SEQUENCES</c> (10,000) and may set <c>AGORA_MODEL_SEED</c> to replay a run; every run prints its seed and
/// time to the test log, so a failure anywhere can be replayed.
/// </remarks>
public class ModelBasedTests
{
    public const int Sequences = 400;
    private const int MaxSteps = 60;
    private const ulong Gamma = 0x9E3779B97F4A7C15; // SplitMix's odd increment; the seed alone names a run

    private static readonly long[] Interesting = new[] { 0.1, 1, 3.9, 4, 6, 10, 14, 20, 26, 30, 180, 1200 }
        .Select(s => TimeSpan.FromSeconds(s).Ticks)
        .SelectMany(t => new[] { t - 1, t, t + 1 })
        .Append(1)
        .ToArray();

    private static readonly Gen<long> Delta = Gen.OneOf(
        Gen.Elements(Interesting),
        Gen.Elements(Interesting),
        Gen.Choose(0, 40_000).Select(ms => ms * TimeSpan.TicksPerMillisecond));

    private static int SequenceCount => int.TryParse(Environment.GetEnvironmentVariable("AGORA_MODEL_SEQUENCES"), out var count) && count > 0 ? count : Sequences;

    /// <summary>The run's configuration: its sequence count and seed, printed so that the run can be replayed.</summary>
    private static Config Run
    {
        get
        {
            var seed = ulong.TryParse(Environment.GetEnvironmentVariable("AGORA_MODEL_SEED"), out var given) ? given : (ulong)Random.Shared.NextInt64();
            TestContext.Progress.WriteLine($"{TestContext.CurrentContext.Test.Name}: {SequenceCount} sequences, AGORA_MODEL_SEED={seed}");
            return Config.QuickThrowOnFailure.WithMaxTest(SequenceCount).WithEndSize(MaxSteps).WithReplay(seed, Gamma).WithQuietOnSuccess(true);
        }
    }

    [TestCase(RtcSdkBehavior.Current)]
    [TestCase(RtcSdkBehavior.Legacy)]
    public void Rtc_MachineMatchesTheModel(RtcSdkBehavior behavior)
    {
        var kinds = Gen.Elements(
            RtcStepKind.Advance, RtcStepKind.Advance, RtcStepKind.Advance, RtcStepKind.Advance, RtcStepKind.Join, RtcStepKind.Leave,
            RtcStepKind.JoinSuccess, RtcStepKind.JoinSuccess, RtcStepKind.Activity, RtcStepKind.Activity, RtcStepKind.Refused, RtcStepKind.Banned,
            RtcStepKind.JoinWithToken, RtcStepKind.RenewToken, RtcStepKind.TokenRefused);
        var step = from kind in kinds
                   from ticks in Delta
                   from sign in Gen.Elements(1, 1, 1, -1)
                   select new RtcStep(kind, kind switch
                   {
                       RtcStepKind.Advance or RtcStepKind.RenewToken => ticks,
                       RtcStepKind.JoinWithToken => sign * ticks, // a token may be given already expired
                       _ => 0,
                   });

        Prop.ForAll(Sequence(step), steps => Same(RunRtc(behavior, steps), Model(new RtcReferenceModel(behavior), steps, (m, s) => m.Apply(s), m => m.Events)))
            .Check(Run);
    }

    [Test]
    public void Rtm_MachineMatchesTheModel()
    {
        var kinds = Gen.Elements(
            RtmStepKind.Advance, RtmStepKind.Advance, RtmStepKind.Advance, RtmStepKind.Advance, RtmStepKind.Login, RtmStepKind.Login, RtmStepKind.Logout,
            RtmStepKind.LoginSuccess, RtmStepKind.LoginSuccess, RtmStepKind.LoginFailure, RtmStepKind.Activity, RtmStepKind.Activity,
            RtmStepKind.RemoteLogin, RtmStepKind.Banned, RtmStepKind.TokenExpired, RtmStepKind.LoginWithToken, RtmStepKind.LoginWithToken,
            RtmStepKind.RenewToken, RtmStepKind.DropTokenExpired, RtmStepKind.DropInterrupted);
        var step = from kind in kinds
                   from ticks in Delta
                   from sign in Gen.Elements(1, 1, 1, -1)
                   select new RtmStep(kind, kind switch
                   {
                       RtmStepKind.Advance or RtmStepKind.RenewToken => ticks,
                       RtmStepKind.LoginWithToken => sign * ticks, // a token may be given already expired
                       _ => 0,
                   });

        Prop.ForAll(Sequence(step), steps => Same(RunRtm(steps), Model(new RtmReferenceModel(), steps, (m, s) => m.Apply(s), m => m.Events)))
            .Check(Run);
    }

    // The link's instants: the keep-alive (9 s), the socket's retry (3 s), an attempt (5 s), the waits, the suspension (115 s), a reconnect timeout (20 s), presence (300 s).
    private static readonly long[] LinkInteresting = new[] { 0.5, 2, 3, 4, 5, 7, 9, 14, 16, 20, 30, 32, 115, 129, 300 }
        .Select(s => TimeSpan.FromSeconds(s).Ticks)
        .SelectMany(t => new[] { t - 1, t, t + 1 })
        .ToArray();

    [TestCase(false)]
    [TestCase(true)]
    public void RtmLink_MachineMatchesTheModel(bool withReconnectTimeout)
    {
        var reconnectTimeout = withReconnectTimeout ? TimeSpan.FromSeconds(20) : (TimeSpan?)null;
        var delta = Gen.OneOf(Gen.Elements(LinkInteresting), Gen.Choose(0, 120_000).Select(ms => ms * TimeSpan.TicksPerMillisecond));
        var kinds = Gen.Elements(
            LinkStepKind.Advance, LinkStepKind.Advance, LinkStepKind.Advance, LinkStepKind.Advance, LinkStepKind.Advance, LinkStepKind.Login,
            LinkStepKind.Login, LinkStepKind.LoginWithToken, LinkStepKind.Logout, LinkStepKind.LoginSuccess, LinkStepKind.LoginSuccess,
            LinkStepKind.LoginFailure, LinkStepKind.Rejection, LinkStepKind.NetworkChange, LinkStepKind.NetworkChange, LinkStepKind.Activity,
            LinkStepKind.Activity, LinkStepKind.HeartbeatAnswer, LinkStepKind.HeartbeatAnswer, LinkStepKind.HeartbeatAnswer, LinkStepKind.RenewToken);
        var step = from kind in kinds
                   from ticks in delta
                   from sign in Gen.Elements(1, 1, 1, -1)
                   select new LinkStep(kind, kind switch
                   {
                       LinkStepKind.Advance or LinkStepKind.RenewToken => ticks,
                       LinkStepKind.LoginWithToken => sign * ticks, // a token may be given already expired
                       _ => 0,
                   });

        Prop.ForAll(Sequence(step), steps => Same(RunLink(reconnectTimeout, steps), Model(new RtmLinkReferenceModel(reconnectTimeout), steps, (m, s) => m.Apply(s), m => m.Events)))
            .Check(Run);
    }

    [Test]
    public void Tracker_MatchesTheModel()
        => CheckTracker(
            Gen.Elements(0u, 1u, 2u, uint.MaxValue),
            Gen.Elements(TrackerStepKind.Advance, TrackerStepKind.Advance, TrackerStepKind.Advance, TrackerStepKind.Joined, TrackerStepKind.Activity, TrackerStepKind.Activity, TrackerStepKind.Left));

    /// <summary>
    /// Forty-one users, so that the tracker's table grows, fills with removed slots and is rebuilt inside one sequence (it starts
    /// at 16 slots and rebuilds when half of them were ever taken).
    /// </summary>
    [Test]
    public void Tracker_MatchesTheModel_WithManyUsers()
        => CheckTracker(
            Gen.Choose(0, 40).Select(i => (uint)i),
            Gen.Elements(TrackerStepKind.Advance, TrackerStepKind.Joined, TrackerStepKind.Joined, TrackerStepKind.Activity, TrackerStepKind.Activity, TrackerStepKind.Left, TrackerStepKind.Left));

    /// <summary>
    /// The members' table on its own, against a dictionary: after every step each of the 48 keys (colliding in tables of
    /// 16 to 128 slots) is or is not a member, with the same stage, stamp and version, through both the locked and the
    /// lock-free reads. Steps include growing, removing (slots are never reused in place), rebuilding when half the slots
    /// were ever taken, shrinking and clearing.
    /// </summary>
    [Test]
    public void PresenceTable_MatchesADictionary()
    {
        var step = from kind in Gen.Elements(TableStepKind.Add, TableStepKind.Add, TableStepKind.Add, TableStepKind.Remove, TableStepKind.Remove, TableStepKind.Stage, TableStepKind.Stamp, TableStepKind.Stamp, TableStepKind.Trim, TableStepKind.Clear)
                   from key in Gen.Choose(0, 47)
                   from value in Gen.Choose(0, 3)
                   select new TableStep(kind, key, value);

        Prop.ForAll(Sequence(step, 4 * MaxSteps), steps => RunTable(steps) is null)
            .Check(Run);
    }

    private static void CheckTracker(Gen<uint> uids, Gen<TrackerStepKind> kinds)
    {
        var step = from kind in kinds from uid in uids from ticks in Delta select new TrackerStep(kind, uid, kind == TrackerStepKind.Advance ? ticks : 0);

        Prop.ForAll(Sequence(step), steps => Same(RunTracker(steps), ByInstant(Model(new TrackerReferenceModel(), steps, (m, s) => m.Apply(s), m => m.Events))))
            .Check(Run);
    }

    /// <summary>Sequences of up to <paramref name="maxSteps"/> steps, shrunk by dropping steps.</summary>
    private static Arbitrary<T[]> Sequence<T>(Gen<T> step, int maxSteps = MaxSteps)
        => Arb.From(
            Gen.Choose(1, maxSteps).SelectMany(n => Gen.ArrayOf(step, n)),
            steps => Enumerable.Range(0, steps.Length).Select(i => steps.Where((_, j) => j != i).ToArray()));

    private static IReadOnlyList<string> Model<TModel, TStep>(TModel model, TStep[] steps, Action<TModel, TStep> apply, Func<TModel, IReadOnlyList<string>> events)
    {
        foreach (var step in steps)
        {
            apply(model, step);
        }

        return events(model);
    }

    private static bool Same(IReadOnlyList<string> actual, IReadOnlyList<string> expected)
    {
        if (actual.SequenceEqual(expected))
        {
            return true;
        }

        TestContext.Out.WriteLine("machine:\n  " + string.Join("\n  ", actual) + "\nmodel:\n  " + string.Join("\n  ", expected));
        return false;
    }

    private static IReadOnlyList<string> RunRtc(RtcSdkBehavior behavior, RtcStep[] steps)
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = behavior }, time);
        var events = new List<string>();
        machine.EventRaised += (_, e) => events.Add($"{time.GetTimestamp()} " + e switch
        {
            ConnectionStateChanged c => $"{c.PreviousState}->{c.State} {c.Reason}",
            _ => e.GetType().Name,
        });
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case RtcStepKind.Advance:
                    time.Advance(TimeSpan.FromTicks(step.Ticks));
                    break;
                case RtcStepKind.Join:
                case RtcStepKind.JoinWithToken:
                case RtcStepKind.RenewToken:
                    try
                    {
                        Command(machine, step, time.GetUtcNow() + TimeSpan.FromTicks(step.Ticks));
                    }
                    catch (InvalidOperationException)
                    {
                        events.Add($"{time.GetTimestamp()} threw InvalidOperationException");
                    }

                    break;
                case RtcStepKind.TokenRefused:
                    machine.ReportJoinFailure(ConnectionChangedReason.TokenExpired);
                    break;
                case RtcStepKind.Leave:
                    machine.LeaveChannel();
                    break;
                case RtcStepKind.JoinSuccess:
                    machine.ReportJoinSuccess();
                    break;
                case RtcStepKind.Activity:
                    machine.ReportServerActivity();
                    break;
                case RtcStepKind.Refused:
                    machine.ReportJoinFailure(ConnectionChangedReason.InvalidToken);
                    break;
                case RtcStepKind.Banned:
                    machine.ReportBanned();
                    break;
            }
        }

        Assert.That(time.TimerCount, Is.LessThanOrEqualTo(1));
        return events;
    }

    private static void Command(RtcConnectionStateMachine machine, RtcStep step, DateTimeOffset tokenExpiresAt)
    {
        switch (step.Kind)
        {
            case RtcStepKind.Join:
                machine.JoinChannel();
                break;
            case RtcStepKind.JoinWithToken:
                machine.JoinChannel(tokenExpiresAt);
                break;
            default:
                machine.RenewToken(tokenExpiresAt);
                break;
        }
    }

    private static IReadOnlyList<string> RunRtm(RtmStep[] steps)
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var events = new List<string>();
        machine.EventRaised += (_, e) => events.Add($"{time.GetTimestamp()} " + e switch
        {
            RtmConnectionStateChanged c => $"{c.PreviousState}->{c.State} {c.Reason}",
            _ => e.GetType().Name,
        });
        var logins = new List<Task>();
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case RtmStepKind.Advance:
                    time.Advance(TimeSpan.FromTicks(step.Ticks));
                    break;
                case RtmStepKind.Login:
                    try
                    {
                        logins.Add(machine.LoginAsync());
                    }
                    catch (InvalidOperationException)
                    {
                        events.Add($"{time.GetTimestamp()} threw InvalidOperationException");
                    }

                    break;
                case RtmStepKind.Logout:
                    machine.LogoutAsync();
                    break;
                case RtmStepKind.LoginSuccess:
                    machine.ReportLoginSuccess();
                    break;
                case RtmStepKind.LoginFailure:
                    machine.ReportLoginFailure();
                    break;
                case RtmStepKind.Activity:
                    machine.ReportServerActivity();
                    break;
                case RtmStepKind.RemoteLogin:
                    machine.ReportRemoteLogin();
                    break;
                case RtmStepKind.Banned:
                    machine.ReportBanned();
                    break;
                case RtmStepKind.TokenExpired:
                    machine.ReportTokenExpired();
                    break;
                case RtmStepKind.LoginWithToken:
                    try
                    {
                        logins.Add(machine.LoginAsync(time.GetUtcNow() + TimeSpan.FromTicks(step.Ticks)));
                    }
                    catch (InvalidOperationException)
                    {
                        events.Add($"{time.GetTimestamp()} threw InvalidOperationException");
                    }

                    break;
                case RtmStepKind.RenewToken:
                    try
                    {
                        machine.RenewToken(time.GetUtcNow() + TimeSpan.FromTicks(step.Ticks));
                    }
                    catch (InvalidOperationException)
                    {
                        events.Add($"{time.GetTimestamp()} threw InvalidOperationException");
                    }

                    break;
                case RtmStepKind.DropTokenExpired:
                    machine.ReportAbortedByServer(RtmConnectionChangeReason.TokenExpired);
                    break;
                case RtmStepKind.DropInterrupted:
                    machine.ReportAbortedByServer(RtmConnectionChangeReason.Interrupted);
                    break;
            }
        }

        machine.Dispose();
        Assert.That(logins.All(t => ((IAsyncResult)t).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10))), Is.True, "every login task completes or faults");
        return events;
    }

    private static IReadOnlyList<string> RunTracker(TrackerStep[] steps)
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(timeProvider: time);
        var events = new List<string>();
        tracker.EventRaised += (_, e) => events.Add($"{time.GetTimestamp()} " + e switch
        {
            RemoteUserJoined j => $"joined {j.Uid}",
            RemoteUserOffline o => $"offline {o.Uid} {o.Reason}",
            RemoteUserLeft l => $"left {l.Uid}",
            _ => e.GetType().Name,
        });
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case TrackerStepKind.Advance:
                    time.Advance(TimeSpan.FromTicks(step.Ticks));
                    break;
                case TrackerStepKind.Joined:
                    tracker.ReportUserJoined(step.Uid);
                    break;
                case TrackerStepKind.Activity:
                    tracker.ReportUserActivity(step.Uid);
                    break;
                case TrackerStepKind.Left:
                    tracker.ReportUserLeft(step.Uid);
                    break;
            }
        }

        Assert.That(time.TimerCount, Is.LessThanOrEqualTo(1));
        return ByInstant(events);
    }

    private static IReadOnlyList<string> RunLink(TimeSpan? reconnectTimeout, LinkStep[] steps)
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmLinkStateMachine(new RtmLinkOptions { ReconnectTimeout = reconnectTimeout }, time);
        var events = new List<string>();
        machine.EventRaised += (_, e) => events.Add($"{(e.Timestamp - time.Start).Ticks} " + e switch
        {
            RtmLinkStateChanged c => $"{c.PreviousState}->{c.State} {c.Operation}/{c.Reason}{(c.IsResumed ? " resumed" : string.Empty)}",
            _ => e.GetType().Name,
        });
        foreach (var step in steps)
        {
            try
            {
                switch (step.Kind)
                {
                    case LinkStepKind.Advance: time.Advance(TimeSpan.FromTicks(step.Ticks)); break;
                    case LinkStepKind.Login: _ = machine.LoginAsync(); break;
                    case LinkStepKind.LoginWithToken: _ = machine.LoginAsync(time.GetUtcNow() + TimeSpan.FromTicks(step.Ticks)); break;
                    case LinkStepKind.Logout: machine.Logout(); break;
                    case LinkStepKind.LoginSuccess: machine.ReportLoginSuccess(); break;
                    case LinkStepKind.LoginFailure: machine.ReportLoginFailure(RtmLinkStateChangeReason.InvalidToken); break;
                    case LinkStepKind.Rejection: machine.ReportServerRejection(RtmLinkStateChangeReason.SameUidLogin); break;
                    case LinkStepKind.NetworkChange: machine.ReportNetworkChange(); break;
                    case LinkStepKind.Activity: machine.ReportServerActivity(); break;
                    case LinkStepKind.HeartbeatAnswer: machine.ReportHeartbeatAnswer(); break;
                    case LinkStepKind.RenewToken: machine.RenewToken(time.GetUtcNow() + TimeSpan.FromTicks(step.Ticks)); break;
                }
            }
            catch (InvalidOperationException)
            {
                events.Add($"{(time.GetUtcNow() - time.Start).Ticks} threw InvalidOperationException");
            }
        }

        Assert.That(time.TimerCount, Is.LessThanOrEqualTo(1));
        return events;
    }

    /// <summary>Users whose deadlines fall at the same instant may be reported in any order: compare each instant's events as a set.</summary>
    private static IReadOnlyList<string> ByInstant(IReadOnlyList<string> events)
        => events.OrderBy(e => long.Parse(e[..e.IndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture)).ThenBy(e => e, StringComparer.Ordinal).ToList();

    /// <summary>Runs <paramref name="steps"/> on a table and a dictionary; the first difference, or <see langword="null"/>.</summary>
    private static string? RunTable(TableStep[] steps)
    {
        var table = new PresenceTable<string>();
        var model = new Dictionary<string, (int Stage, long Stamp, int Version)>();
        var version = 0;
        var time = new FakeTimeProvider();
        for (var n = 0; n < steps.Length; n++)
        {
            var (kind, number, value) = steps[n];
            var key = $"user-{number}";
            var index = table.IndexOf(key);
            time.Advance(TimeSpan.FromTicks(1));
            var clock = time.GetTimestamp();
            switch (kind)
            {
                case TableStepKind.Add when !model.ContainsKey(key):
                    table.Add(key, clock, ++version);
                    model[key] = (0, clock, version);
                    break;
                case TableStepKind.Remove when index >= 0:
                    table.RemoveAt(index);
                    model.Remove(key);
                    break;
                case TableStepKind.Stage when index >= 0:
                    table.SetStage(index, value);
                    table.SetVersion(index, ++version);
                    model[key] = model[key] with { Stage = value, Version = version };
                    break;
                case TableStepKind.Stamp:
                    var stamped = value % 2 == 0 ? table.TryStamp(key, time) : index >= 0 && Set(table, index, clock);
                    var expected = value % 2 == 0 ? model.TryGetValue(key, out var m) && m.Stage == 0 : index >= 0;
                    if (stamped != expected)
                    {
                        return $"step {n}: stamping {key} returned {stamped}";
                    }

                    if (stamped)
                    {
                        model[key] = model[key] with { Stamp = clock };
                    }

                    break;
                case TableStepKind.Trim:
                    table.TrimIfMostlyEmpty();
                    break;
                case TableStepKind.Clear when value == 0 && number < 12:
                    table.Clear();
                    model.Clear();
                    break;
            }

            if (Difference(table, model) is { } difference)
            {
                TestContext.Out.WriteLine($"after step {n} ({kind} {key}): {difference}");
                return difference;
            }
        }

        return null;

        static bool Set(PresenceTable<string> table, int index, long now)
        {
            table.SetStamp(index, now);
            return true;
        }
    }

    private static string? Difference(PresenceTable<string> table, Dictionary<string, (int Stage, long Stamp, int Version)> model)
    {
        if (table.Count != model.Count || table.Capacity < 2 * model.Count)
        {
            return $"{table.Count} members in {table.Capacity} slots, the model {model.Count}";
        }

        for (var number = 0; number < 48; number++)
        {
            var key = $"user-{number}";
            var index = table.IndexOf(key);
            var found = model.TryGetValue(key, out var expected);
            var actual = index < 0 ? default : (table.StageAt(index), table.StampAt(index), table.VersionAt(index));
            if (index >= 0 != found || (found && (actual != expected || table.KeyAt(index) != key)) || table.IsPresent(key) != (found && expected.Stage == 0)
                || (found && !table.HasVersion(key, expected.Version)))
            {
                return $"{key}: table {(index < 0 ? "absent" : actual.ToString())}, model {(found ? expected.ToString() : "absent")}";
            }
        }

        var present = table.Present().OrderBy(k => k, StringComparer.Ordinal);
        return present.SequenceEqual(model.Where(m => m.Value.Stage == 0).Select(m => m.Key).OrderBy(k => k, StringComparer.Ordinal)) ? null : "the present lists differ";
    }
}

internal enum TableStepKind
{
    Add,
    Remove,
    Stage,
    Stamp,
    Trim,
    Clear,
}

internal sealed record TableStep(TableStepKind Kind, int Key, int Value);
