namespace Agora.Connectivity.Rtm2;

/// <summary>What keeps an RTM 2.x link alive: which packets the keep-alive counts (<see cref="RtmLinkOptions.KeepAlive"/>).</summary>
public enum RtmLinkKeepAlive
{
    /// <summary>
    /// The answers to the link's pings, as <c>agora-rtm-sdk</c> 2.3.0 runs it (the default): a ping goes out at the connection and
    /// then <see cref="RtmLinkOptions.HeartbeatInterval"/> after each answer (<c>agora-rtm.js</c>: <c>startPingTimer(A,!0)</c>,
    /// <c>this.startPingTimer(A)</c>); the link is lost when a ping has no answer after the heartbeat interval and
    /// <see cref="RtmLinkOptions.KeepAliveMargin"/> (<c>heartbeatInterval+Vh("RTM_LINK_KEEP_ALIVE_TIMEOUT")-6e3</c>). Report the answers
    /// with <see cref="RtmLinkStateMachine.ReportHeartbeatAnswer"/>; other packets do not keep the link up.
    /// </summary>
    PingAnswers = 0,

    /// <summary>
    /// Any packet, as the type definitions read ("if there is no communication with the background within the configured time, then
    /// the user is considered offline", <c>agora-rtm.d.ts</c>, <c>heartbeatInterval</c>): the link is lost when no packet came for the
    /// heartbeat interval and <see cref="RtmLinkOptions.KeepAliveMargin"/>; <see cref="RtmLinkStateMachine.ReportServerActivity"/> and
    /// <see cref="RtmLinkStateMachine.ReportHeartbeatAnswer"/> both count.
    /// </summary>
    AnyPacket = 1,
}
