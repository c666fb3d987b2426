using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>The documents' scenarios. UID 1 is the user things happen to; UID 2 (and UID 3) watch.</summary>
internal static class Scenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("drop-rejoin-within-20s", "UID 1 drops off the network at 5 s and rejoins at 20 s, before UID 2's 20 s offline timeout", "docs 000, 004", DropRejoinWithin20s),
        new("drop-rejoin-after-20s", "UID 1 drops off the network at 5 s and rejoins at 30 s, after UID 2 saw it go offline", "docs 001, 004", DropRejoinAfter20s),
        new("drop-until-failed", "UID 1 drops off the network at 5 s for good: lost, then FAILED after 20 min", "docs 002, 004", DropUntilFailed),
        new("ios-killed", "UID 1's app is killed at 5 s on iOS: it leaves the channel first", "docs 000, 001, 004", IosKilled),
        new("android-killed-restarted", "UID 1's app is killed at 5 s on Android and restarted at 15 s, within 20 s", "docs 000, 001, 004", AndroidKilledRestarted),
        new("android-killed-never-back", "UID 1's app is killed at 5 s on Android and never comes back; UID 2 (native) and UID 3 (Web) watch", "docs 000, 001, 004", AndroidKilledNeverBack),
        new("last-user-leaves", "UID 1 leaves at 5 s, UID 2, the last user, at 10 s: the server destroys the channel 10 s later", "docs 000, 001, 004", LastUserLeaves),
        new("legacy-drop", "Before v2.3.2: UID 1 drops off the network at 5 s and rejoins at 30 s", "doc 001", LegacyDrop),
        new("token-expires", "UID 1 joins with a token valid for 60 s: warned at 30 s, FAILED at 60 s; UID 2 sees it go offline at 80 s (UID 3, on the Web, at 70 s); it renews the token at 90 s and rejoins", "Agora's token references", TokenExpires),
        new("join-never-accepted", "UID 1 joins with its network down: lost at 10 s while still connecting; the network is back at 15 s and the join is accepted", "Agora's onConnectionLost reference", JoinNeverAccepted),
        new("rtm-drop-within-30s", "RTM: alice drops off the network at 5 s and reconnects at 25 s, within the 30 s presence window", "doc 003", RtmDropWithin30s),
        new("rtm-drop-beyond-30s", "RTM: alice drops off the network at 5 s and reconnects at 45 s, after the presence window", "doc 003", RtmDropBeyond30s),
        new("rtm-remote-login", "RTM: alice logs in on a second device at 10 s; the first is ABORTED and logs out at 15 s", "doc 003", RtmRemoteLogin),
    ];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static ScenarioRun DropRejoinWithin20s(ScenarioSettings settings) => Drop(settings, SdkGeneration.V3, restoreAt: 20, until: 40, All[0]);

    private static ScenarioRun DropRejoinAfter20s(ScenarioSettings settings) => Drop(settings, SdkGeneration.V3, restoreAt: 30, until: 60, All[1]);

    private static ScenarioRun LegacyDrop(ScenarioSettings settings) => Drop(settings, SdkGeneration.Legacy, restoreAt: 30, until: 60, All[7]);

    private static ScenarioRun DropUntilFailed(ScenarioSettings settings) => Drop(settings, SdkGeneration.V3, restoreAt: null, until: 9 + (20 * 60) + 1, All[2]);

    private static ScenarioRun Drop(ScenarioSettings settings, SdkGeneration generation, double? restoreAt, double until, Scenario scenario)
    {
        using var script = new RtcScript(settings, generation);
        var (local, _) = script.TwoUsersJoined(Platform.Android, Platform.Android);
        script.At(5, local, "DropNetwork()", local.DropNetwork);
        if (restoreAt is { } restore)
        {
            script.At(restore, local, "RestoreNetwork()", local.RestoreNetwork);
        }

        return script.Finish(scenario, until);
    }

    private static ScenarioRun IosKilled(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, SdkGeneration.V3);
        var (local, _) = script.TwoUsersJoined(Platform.Ios, Platform.Android);
        script.At(5, local, "KillProcess()", local.KillProcess);
        return script.Finish(All[3], 40);
    }

    private static ScenarioRun AndroidKilledRestarted(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, SdkGeneration.V3);
        var (local, _) = script.TwoUsersJoined(Platform.Android, Platform.Android);
        script.At(5, local, "KillProcess()", local.KillProcess);
        script.At(15, local, "RestartAndRejoin()", local.RestartAndRejoin);
        return script.Finish(All[4], 45);
    }

    private static ScenarioRun AndroidKilledNeverBack(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, SdkGeneration.V3);
        var (local, _) = script.TwoUsersJoined(Platform.Android, Platform.Android, webWatcher: true);
        script.At(5, local, "KillProcess()", local.KillProcess);
        return script.Finish(All[5], 5 + (3 * 60) + 15);
    }

    private static ScenarioRun LastUserLeaves(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, SdkGeneration.V3);
        var (local, remote) = script.TwoUsersJoined(Platform.Android, Platform.Android);
        script.At(5, local, "LeaveChannel()", local.LeaveChannel);
        script.At(10, remote, "LeaveChannel()", remote.LeaveChannel);
        return script.Finish(All[6], 30);
    }

    private static ScenarioRun TokenExpires(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, SdkGeneration.V3);
        var users = script.Users(Platform.Android, Platform.Android, webWatcher: true);
        var local = users[0];
        script.At(0, local, "JoinChannel(token valid until T+60s)", () => local.JoinChannel(script.Start + TimeSpan.FromSeconds(60)));
        foreach (var watcher in users.Skip(1))
        {
            script.At(0, watcher, "JoinChannel()", watcher.JoinChannel);
        }

        script.At(90, local, "RenewToken(valid until T+1h)", () => local.RenewToken(script.Start + TimeSpan.FromHours(1)));
        return script.Finish(All[8], 100);
    }

    private static ScenarioRun JoinNeverAccepted(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, SdkGeneration.V3);
        var users = script.Users(Platform.Android, Platform.Android);
        var (local, remote) = (users[0], users[1]);
        script.At(0, remote, "JoinChannel()", remote.JoinChannel);
        script.At(0, local, "DropNetwork()", local.DropNetwork);
        script.At(0, local, "JoinChannel()", local.JoinChannel);
        script.At(15, local, "RestoreNetwork()", local.RestoreNetwork);
        return script.Finish(All[9], 30);
    }

    private static ScenarioRun RtmDropWithin30s(ScenarioSettings settings) => RtmDrop(settings, reconnectAt: 25, All[10]);

    private static ScenarioRun RtmDropBeyond30s(ScenarioSettings settings) => RtmDrop(settings, reconnectAt: 45, All[11]);

    private static ScenarioRun RtmDrop(ScenarioSettings settings, double reconnectAt, Scenario scenario)
    {
        using var script = new RtmScript(settings);
        var alice = script.Client("alice", local: true);
        var bob = script.Client("bob", local: false);
        script.At(0, alice, "LoginAsync()", () => alice.LoginAsync());
        script.At(0, bob, "LoginAsync()", () => bob.LoginAsync());
        script.At(5, alice, "DropNetwork()", alice.DropNetwork);
        script.At(reconnectAt, alice, "RestoreNetwork()", alice.RestoreNetwork);
        return script.Finish(scenario, 60);
    }

    private static ScenarioRun RtmRemoteLogin(ScenarioSettings settings)
    {
        using var script = new RtmScript(settings);
        var alice = script.Client("alice", local: true);
        var bob = script.Client("bob", local: false);
        script.At(0, alice, "LoginAsync()", () => alice.LoginAsync());
        script.At(0, bob, "LoginAsync()", () => bob.LoginAsync());
        var second = script.Client("alice", local: true);
        script.At(10, second, "LoginAsync()", () => second.LoginAsync());
        script.At(15, alice, "LogoutAsync()", alice.Logout);
        return script.Finish(All[12], 30);
    }
}
