using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Timeline;

/// <summary>The documents' scenarios. UID 1 is the user things happen to; UID 2 (and UID 3) watch.</summary>
internal static class Scenarios
{
    private static readonly ScenarioSetup Android = new(Platform.Android, Platform.Android, SdkGeneration.V3);
    private static readonly ScenarioSetup Rtm = new(Platform.Web, Platform.Web, SdkGeneration.V3, IsRtm: true);
    private const string Rtm2Source = "agora-rtm-sdk 2.3.0, agora-react-native-rtm 2.2.6";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("drop-rejoin-within-20s", "docs 000, 004", Android, s => $"UID 1 ({s.LocalName}) drops off the network at 5 s and rejoins at 20 s; UID 2 ({s.RemoteName}) {(s.RemoteOfflineSeconds > 15 ? $"sees nothing: its {s.RemoteOfflineSeconds} s offline timeout has not passed" : $"sees it go offline after {s.RemoteOfflineSeconds} s and come back")}", DropRejoinWithin20s),
        new("drop-rejoin-after-20s", "docs 001, 004", Android, s => $"UID 1 ({s.LocalName}) drops off the network at 5 s and rejoins at 30 s, after UID 2 ({s.RemoteName}) saw it go offline", DropRejoinAfter20s),
        new("drop-until-failed", "docs 002, 004", Android, s => $"UID 1 ({s.LocalName}) drops off the network at 5 s for good: lost, then {(s.IsLegacy ? "nothing more: before v2.3.2 the SDK never gives up" : "FAILED after 20 min")}", DropUntilFailed),
        new("ios-killed", "docs 000, 001, 004", Android with { Local = Platform.Ios }, s => $"UID 1's app is killed at 5 s on {s.LocalName}: {(s.LocalLeavesWhenKilled ? "it leaves the channel first" : "it goes silent, a drop")}", IosKilled),
        new("android-killed-restarted", "docs 000, 001, 004", Android, s => $"UID 1's app is killed at 5 s on {s.LocalName} and restarted at 15 s{(s.LocalLeavesWhenKilled || s.RemoteOfflineSeconds <= 10 ? string.Empty : $", within UID 2's ({s.RemoteName}) {s.RemoteOfflineSeconds} s offline timeout")}", AndroidKilledRestarted),
        new("android-killed-never-back", "docs 000, 001, 004", Android, s => $"UID 1's app is killed at 5 s on {s.LocalName} and never comes back; UID 2 ({s.RemoteName}) and UID 3 ({Output.Name(s.WebLine)}) watch", AndroidKilledNeverBack),
        new("last-user-leaves", "docs 000, 001, 004", Android, _ => "UID 1 leaves at 5 s, UID 2, the last user, at 10 s: the server destroys the channel 10 s later", LastUserLeaves),
        new("legacy-drop", "doc 001", Android with { Generation = SdkGeneration.Legacy }, s => $"SDK {s.SdkName}: UID 1 ({s.LocalName}) drops off the network at 5 s and rejoins at 30 s", LegacyDrop),
        new("token-expires", "Agora's token references", Android, s => $"UID 1 ({s.LocalName}) joins with a token valid for 60 s: warned at 30 s, FAILED at 60 s; UID 2 ({s.RemoteName}) sees it go offline at {60 + s.RemoteOfflineSeconds} s (UID 3, on {Output.Name(s.WebLine)}, at {(s.WebLine == WebSdk.V2 ? 70 : 80)} s); it renews the token at 90 s and rejoins", TokenExpires),
        new("join-never-accepted", "Agora's onConnectionLost reference", Android, s => $"UID 1 ({s.LocalName}) joins with its network down: lost at 10 s while still connecting; the network is back at 15 s and the join is accepted", JoinNeverAccepted),
        new("web-lines", "agora-rtc-sdk 2.5.1, 3.6.11; agora-rtc-sdk-ng 4.24.8", Android, _ => "UID 1 (Android) drops off the network at 5 s for good; UIDs 2, 3 and 4 watch on Web 2.x, 3.x and 4.x (offline after 10 s, 20 s and 20 s), then leave at 190 s", WebLines),
        new("rtm-drop-within-30s", "doc 003", Rtm, s => $"RTM: alice ({s.LocalName}) drops off the network at 5 s and reconnects at 25 s, within the 30 s presence window", RtmDropWithin30s),
        new("rtm-drop-beyond-30s", "doc 003", Rtm, s => $"RTM: alice ({s.LocalName}) drops off the network at 5 s and reconnects at 45 s, after the presence window", RtmDropBeyond30s),
        new("rtm-remote-login", "doc 003", Rtm, s => $"RTM: alice ({s.LocalName}) logs in on a second device at 10 s; the first is ABORTED and logs out at 15 s", RtmRemoteLogin),
        new("rtm2-drop-reconnect", Rtm2Source, Rtm, s => $"RTM 2.x: alice ({s.LocalName}) drops off the network at 5 s: DISCONNECTED at 15 s (her ping of 6 s has no answer for 5 s heartbeat + 4 s), the first attempt 3 s later, attempts of 5 s; the network is back at 27 s, during an attempt: it is abandoned and the link reconnects 2 s later, resumed", Rtm2DropReconnect),
        new("rtm2-long-drop", Rtm2Source, Rtm, s => $"RTM 2.x: alice ({s.LocalName}) drops off the network at 5 s: SUSPENDED at the first timeout 115 s after the first (147 s), bob ({s.RemoteName}) hears REMOTE_TIMEOUT 300 s after her last packet; the network is back at 330 s: CONNECTED, not resumed, never FAILED", Rtm2LongDrop),
        new("rtm2-server-kick", Rtm2Source, Rtm, s => $"RTM 2.x: alice ({s.LocalName}) logs in on a second device at 10 s: the first is FAILED (SAME_UID_LOGIN); at 20 s the server kicks the second out (KICKED_OUT_BY_SERVER) and it logs in again at 25 s (RELOGIN)", Rtm2ServerKick),
        new("rtm2-token-expires", Rtm2Source, Rtm, s => $"RTM 2.x: alice ({s.LocalName}) logs in with a token valid for 60 s: FAILED (SERVER_REJECT, TOKEN_EXPIRED) at 60 s; she logs in with a new token at 70 s", Rtm2TokenExpires),
    ];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static ScenarioRun DropRejoinWithin20s(ScenarioSettings settings) => Drop(settings, restoreAt: 20, until: 40, All[0]);

    private static ScenarioRun DropRejoinAfter20s(ScenarioSettings settings) => Drop(settings, restoreAt: 30, until: 60, All[1]);

    private static ScenarioRun LegacyDrop(ScenarioSettings settings) => Drop(settings, restoreAt: 30, until: 60, All[7]);

    private static ScenarioRun DropUntilFailed(ScenarioSettings settings) => Drop(settings, restoreAt: null, until: 9 + (20 * 60) + 1, All[2]);

    private static ScenarioRun Drop(ScenarioSettings settings, double? restoreAt, double until, Scenario scenario)
    {
        using var script = new RtcScript(settings, scenario);
        var (local, _) = script.TwoUsersJoined();
        script.At(5, local, "DropNetwork()", local.DropNetwork);
        if (restoreAt is { } restore)
        {
            script.At(restore, local, "RestoreNetwork()", local.RestoreNetwork);
        }

        return script.Finish(until);
    }

    private static ScenarioRun IosKilled(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, All[3]);
        var (local, _) = script.TwoUsersJoined();
        script.At(5, local, "KillProcess()", local.KillProcess);
        return script.Finish(40);
    }

    private static ScenarioRun AndroidKilledRestarted(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, All[4]);
        var (local, _) = script.TwoUsersJoined();
        script.At(5, local, "KillProcess()", local.KillProcess);
        script.At(15, local, "RestartAndRejoin()", local.RestartAndRejoin);
        return script.Finish(45);
    }

    private static ScenarioRun AndroidKilledNeverBack(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, All[5]);
        var (local, _) = script.TwoUsersJoined(webWatcher: true);
        script.At(5, local, "KillProcess()", local.KillProcess);
        return script.Finish(5 + (3 * 60) + 15);
    }

    private static ScenarioRun LastUserLeaves(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, All[6]);
        var (local, remote) = script.TwoUsersJoined();
        script.At(5, local, "LeaveChannel()", local.LeaveChannel);
        script.At(10, remote, "LeaveChannel()", remote.LeaveChannel);
        return script.Finish(30);
    }

    private static ScenarioRun TokenExpires(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, All[8]);
        var users = script.Users(webWatcher: true);
        var local = users[0];
        script.At(0, local, "JoinChannel(token valid until T+60s)", () => local.JoinChannel(script.Start + TimeSpan.FromSeconds(60)));
        foreach (var watcher in users.Skip(1))
        {
            script.At(0, watcher, "JoinChannel()", watcher.JoinChannel);
        }

        script.At(90, local, "RenewToken(valid until T+1h)", () => local.RenewToken(script.Start + TimeSpan.FromHours(1)));
        return script.Finish(100);
    }

    private static ScenarioRun JoinNeverAccepted(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings, All[9]);
        var users = script.Users();
        var (local, remote) = (users[0], users[1]);
        script.At(0, remote, "JoinChannel()", remote.JoinChannel);
        script.At(0, local, "DropNetwork()", local.DropNetwork);
        script.At(0, local, "JoinChannel()", local.JoinChannel);
        script.At(15, local, "RestoreNetwork()", local.RestoreNetwork);
        return script.Finish(30);
    }

    // Every Web line as shipped, side by side: what each hears of a drop, and what each says of its own leave.
    private static ScenarioRun WebLines(ScenarioSettings settings)
    {
        using var script = new RtcScript(settings with { Local = Platform.Android }, All[10]);
        var local = script.User(1, Platform.Android);
        var watchers = new[] { script.WebUser(2, WebSdk.V2), script.WebUser(3, WebSdk.V3), script.WebUser(4, WebSdk.V4) };
        script.At(0, local, "JoinChannel()", local.JoinChannel);
        foreach (var watcher in watchers)
        {
            script.At(0, watcher, "JoinChannel()", watcher.JoinChannel);
        }

        script.At(5, local, "DropNetwork()", local.DropNetwork);
        foreach (var watcher in watchers)
        {
            script.At(190, watcher, "LeaveChannel()", watcher.LeaveChannel);
        }

        return script.Finish(195);
    }

    private static ScenarioRun RtmDropWithin30s(ScenarioSettings settings) => RtmDrop(settings, reconnectAt: 25, All[11]);

    private static ScenarioRun RtmDropBeyond30s(ScenarioSettings settings) => RtmDrop(settings, reconnectAt: 45, All[12]);

    private static ScenarioRun RtmDrop(ScenarioSettings settings, double reconnectAt, Scenario scenario)
    {
        using var script = new RtmScript(settings, scenario);
        var alice = script.Client("alice", local: true);
        var bob = script.Client("bob", local: false);
        script.At(0, alice, "LoginAsync()", () => alice.LoginAsync());
        script.At(0, bob, "LoginAsync()", () => bob.LoginAsync());
        script.At(5, alice, "DropNetwork()", alice.DropNetwork);
        script.At(reconnectAt, alice, "RestoreNetwork()", alice.RestoreNetwork);
        return script.Finish(60);
    }

    private static ScenarioRun RtmRemoteLogin(ScenarioSettings settings)
    {
        using var script = new RtmScript(settings, All[13]);
        var alice = script.Client("alice", local: true);
        var bob = script.Client("bob", local: false);
        script.At(0, alice, "LoginAsync()", () => alice.LoginAsync());
        script.At(0, bob, "LoginAsync()", () => bob.LoginAsync());
        var second = script.Client("alice", local: true);
        script.At(10, second, "LoginAsync()", () => second.LoginAsync());
        script.At(15, alice, "LogoutAsync()", alice.Logout);
        return script.Finish(30);
    }

    private static ScenarioRun Rtm2DropReconnect(ScenarioSettings settings) => Rtm2Drop(settings, restoreAt: 27, until: 60, All[14]);

    private static ScenarioRun Rtm2LongDrop(ScenarioSettings settings) => Rtm2Drop(settings, restoreAt: 330, until: 345, All[15]);

    private static ScenarioRun Rtm2Drop(ScenarioSettings settings, double restoreAt, double until, Scenario scenario)
    {
        using var script = new Rtm2Script(settings, scenario);
        var alice = script.User("alice", local: true);
        var bob = script.User("bob", local: false);
        script.At(0, alice, "LoginAsync()", () => alice.LoginAsync());
        script.At(0, bob, "LoginAsync()", () => bob.LoginAsync());
        script.At(5, alice, "DropNetwork()", alice.DropNetwork);
        script.At(restoreAt, alice, "RestoreNetwork()", alice.RestoreNetwork);
        return script.Finish(until);
    }

    private static ScenarioRun Rtm2ServerKick(ScenarioSettings settings)
    {
        using var script = new Rtm2Script(settings, All[16]);
        var alice = script.User("alice", local: true);
        script.At(0, alice, "LoginAsync()", () => alice.LoginAsync());
        var second = script.User("alice", local: true);
        script.At(10, second, "LoginAsync()", () => second.LoginAsync());
        script.At(20, second, "KickOut(KickedOutByServer)", () => second.KickOut());
        script.At(25, second, "LoginAsync()", () => second.LoginAsync());
        return script.Finish(30);
    }

    private static ScenarioRun Rtm2TokenExpires(ScenarioSettings settings)
    {
        using var script = new Rtm2Script(settings, All[17]);
        var alice = script.User("alice", local: true);
        script.At(0, alice, "LoginAsync(token valid until T+60s)", () => alice.LoginAsync(script.Start + TimeSpan.FromSeconds(60)));
        script.At(70, alice, "LoginAsync(token valid until T+1h)", () => alice.LoginAsync(script.Start + TimeSpan.FromHours(1)));
        return script.Finish(80);
    }
}
