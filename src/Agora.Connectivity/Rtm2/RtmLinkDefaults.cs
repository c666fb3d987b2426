namespace Agora.Connectivity.Rtm2;

/// <summary>
/// The timings of an RTM 2.x link as Agora ships them, in one place, each with its source: <c>agora-rtm-sdk</c> 2.3.0
/// (<c>agora-rtm.d.ts</c> where the types say, its bundle <c>agora-rtm.js</c> where they are silent, found by the search string
/// quoted) and <c>agora-react-native-rtm</c> 2.2.6 (<c>src/legacy/IAgoraRtmClient.ts</c>). <c>docs/rtm2.md</c> has the table.
/// </summary>
internal static class RtmLinkDefaults
{
    // agora-rtm.d.ts, RTMConfig.heartbeatInterval: "value range 5-1800s @default 5"; agora-rtm.js: `It=5e3`, `it=18e5`, `ot=It`.
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MinHeartbeatInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxHeartbeatInterval = TimeSpan.FromSeconds(1800);

    // agora-rtm.js, handleHeartbeatTimeout/sendPing: `heartbeatInterval+Vh("RTM_LINK_KEEP_ALIVE_TIMEOUT")-6e3`, the parameter's
    // `defaultValue:1e4`: the link is lost after the heartbeat interval and 4 s more without a packet.
    public static readonly TimeSpan KeepAliveMargin = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan MaxKeepAliveMargin = TimeSpan.FromSeconds(60);

    // agora-rtm.js, loginHandler: the attempt's sockets raced with `.pipe(gD(5e3)` (an rxjs timeout), whose error emits "login-timeout".
    public static readonly TimeSpan LoginAttemptTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxLoginAttemptTimeout = TimeSpan.FromMinutes(2);

    // agora-rtm.js, the "login-timeout" listener: `this._suspendedTimer=setTimeout((()=>{this._suspended=!0}),115e3)`, started at the
    // first attempt that times out; the next timeout after it reports SUSPENDED.
    public static readonly TimeSpan SuspendAfter = TimeSpan.FromSeconds(115);
    public static readonly TimeSpan MaxSuspendAfter = TimeSpan.FromHours(1);

    // agora-react-native-rtm 2.2.6 IAgoraRtmClient.ts, RtmConfig.reconnectTimeout: "Default: 0 seconds, never timeout, keep retrying.
    // Range: [15, 3600]"; agora-rtm.js: `MIN_RECONNECT_TIMEOUT_IN_SECONDS:{type:"number",min:15,max:3600}`.
    public static readonly TimeSpan MinReconnectTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxReconnectTimeout = TimeSpan.FromSeconds(3600);

    // agora-rtm.d.ts, RTMConfig.presenceTimeout: "The default value is 300 seconds"; agora-rtm.js clamps it:
    // `A>300?A=300:A<5&&(A=5)`.
    public static readonly TimeSpan PresenceTimeout = TimeSpan.FromSeconds(300);
    public static readonly TimeSpan MinPresenceTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxPresenceTimeout = TimeSpan.FromSeconds(300);

    // agora-rtm.js: the waits between attempts, `nt=[2,4,8,16,32,32]` seconds taken in turn, then `getFallBackTimer`'s `:30`; reset
    // (`this.linkIntervals=[...nt]`) by a success, a network change and a new login. agora-rtm.d.ts, NETWORK_CHANGE: "Network
    // recovery terminates this reconnection, and the SDK will reconnect again after 2s" (the list's first wait).
    public static readonly TimeSpan[] RetryDelays =
    [
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(32), TimeSpan.FromSeconds(32),
    ];

    public static readonly TimeSpan RetryDelayAfterList = TimeSpan.FromSeconds(30);

    // agora-rtm.js, the socket's `socketReconnector`: after the socket fails it emits "reconnect" and waits `we(Ct)`, `Ct=3e3`, before
    // it opens a new socket, whose "login-request" reports CONNECTING: no attempt within 3 s of a keep-alive loss. The bundle leaves
    // the instant after that to the network (the socket's error); the machine starts the attempt at 3 s exactly.
    public static readonly TimeSpan ReconnectDelayAfterLoss = TimeSpan.FromSeconds(3);
}
