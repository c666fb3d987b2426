namespace Agora.Connectivity.Sdk;

/// <summary>
/// The link-state callback of Agora's RTM 2.x (Signaling) SDK (<c>OnLinkStateEvent(LinkStateEvent)</c> in <c>Agora.Rtm</c>'s
/// <c>IRtmEventHandler</c>, <c>onLinkStateEvent</c> natively), its fields as ints: an app's handler forwards it in one line
/// (<c>_follower.OnLinkStateEvent((int)e.previousState, (int)e.currentState, (int)e.operation, code, (int)e.serviceType)</c>).
/// <see cref="RtmLinkSdkFollower"/> implements it; <c>SimulatedRtmLinkUser.ForwardTo</c> calls it as a simulated user's SDK would.
/// Called on the SDK's thread: an implementation must not throw or wait on another thread.
/// </summary>
public interface IRtmLinkEvents
{
    /// <summary>The link's state changed (<c>OnLinkStateEvent</c>).</summary>
    /// <param name="previousState">The <c>RTM_LINK_STATE</c> left: 0 idle … 5 failed.</param>
    /// <param name="currentState">The <c>RTM_LINK_STATE</c> entered.</param>
    /// <param name="operation">The <c>RTM_LINK_OPERATION</c> behind it: 0 login … 9 network change.</param>
    /// <param name="reason">The <c>RTM_LINK_STATE_CHANGE_REASON</c> code: 0 unknown … 37 login too frequent (the C# event keeps its code
    /// private and passes a string; an app that has only the string passes the code it maps it to, see <c>docs/following.md</c>).</param>
    /// <param name="serviceType">The <c>RTM_SERVICE_TYPE</c>: 1 message, 2 stream.</param>
    void OnLinkStateEvent(int previousState, int currentState, int operation, int reason, int serviceType);
}
