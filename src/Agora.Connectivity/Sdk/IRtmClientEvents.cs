namespace Agora.Connectivity.Sdk;

/// <summary>
/// The connectivity callbacks of Agora's RTM 1.x client and channel handlers (the Unity RTM SDK's <c>RtmClientEventHandler</c> and
/// <c>RtmChannelEventHandler</c>, the native <c>IRtmServiceEventHandler</c>), one method each, values as the SDK passes them: an app's
/// handler forwards each in one line. <see cref="RtmSdkFollower"/> implements it; <c>SimulatedRtmClient.ForwardTo</c> calls it as a
/// simulated client's SDK would. Called on the SDK's thread: an implementation must not throw or wait on another thread.
/// </summary>
public interface IRtmClientEvents
{
    /// <summary>The connection state changed (<c>OnConnectionStateChanged</c>).</summary>
    /// <param name="state">The <c>CONNECTION_STATE</c> value: 1 disconnected … 5 aborted.</param>
    /// <param name="reason">The <c>CONNECTION_CHANGE_REASON</c> value: 1 login … 9 token expired.</param>
    void OnConnectionStateChanged(int state, int reason);

    /// <summary>The token expired while reconnecting (<c>OnTokenExpired</c>).</summary>
    void OnTokenExpired();

    /// <summary>The token expires in 30 seconds (<c>OnTokenPrivilegeWillExpire</c>); the SDK passes no expiry.</summary>
    void OnTokenPrivilegeWillExpire();

    /// <summary>A member joined the channel (<c>OnMemberJoined</c>).</summary>
    /// <param name="userId">The member's user ID.</param>
    void OnMemberJoined(string userId);

    /// <summary>A member left the channel, or its presence timed out on the server (<c>OnMemberLeft</c>).</summary>
    /// <param name="userId">The member's user ID.</param>
    void OnMemberLeft(string userId);
}
