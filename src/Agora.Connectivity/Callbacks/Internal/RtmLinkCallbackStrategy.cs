using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtm2;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>
/// The RTM 2.x link's one callback, with the fields of its event. Native: <c>onLinkStateEvent(event)</c>, the enum values spelled as
/// <c>agora-react-native-rtm</c> 2.2.6 declares them (<c>src/legacy/IAgoraRtmClient.ts</c> l. 546, <c>AgoraRtmBase.ts</c>; its
/// <c>RtmClientInternal.ts</c> maps the <c>linkState</c> event onto it). Web: the <c>linkState</c> event with the Web SDK's strings
/// (<c>agora-rtm-sdk</c> 2.3.0 <c>agora-rtm.d.ts</c>: <c>LinkState</c>, <c>LinkOperation</c>, <c>ServiceType</c>,
/// <c>LinkStateChangeReasonCode</c>, <c>LinkStateEvent.isResumed</c>). Every other event has no callback here.
/// </summary>
internal sealed class RtmLinkCallbackStrategy : ICallbackStrategy
{
    // The Web SDK's LinkOperation spells HeartbeatLost as HEARTBEAT_TIMEOUT; every other value is its name in upper snake case.
    private static readonly Dictionary<RtmLinkOperation, string> WebOperations = Spellings.Table<RtmLinkOperation>(
        Spellings.UpperSnake,
        new Dictionary<RtmLinkOperation, string> { [RtmLinkOperation.HeartbeatLost] = "HEARTBEAT_TIMEOUT" });

    private static readonly Dictionary<RtmLinkState, string> WebStates = Spellings.Table<RtmLinkState>(Spellings.UpperSnake);
    private static readonly Dictionary<RtmServiceType, string> WebServices = Spellings.Table<RtmServiceType>(Spellings.UpperSnake);
    private static readonly Dictionary<RtmLinkStateChangeReason, string> WebReasons = Spellings.Table<RtmLinkStateChangeReason>(Spellings.UpperSnake);

    private static readonly Dictionary<RtmLinkState, string> NativeStates = Spellings.Table<RtmLinkState>(name => "RtmLinkState." + Camel(name));
    private static readonly Dictionary<RtmLinkOperation, string> NativeOperations = Spellings.Table<RtmLinkOperation>(name => "RtmLinkOperation." + Camel(name));
    private static readonly Dictionary<RtmServiceType, string> NativeServices = Spellings.Table<RtmServiceType>(name => "RtmServiceType." + Camel(name));
    private static readonly Dictionary<RtmLinkStateChangeReason, string> NativeReasons = Spellings.Table<RtmLinkStateChangeReason>(name => "RtmLinkStateChangeReason." + Camel(name));

    // Agora's C# SDK (Agora.Rtm): the C++ header's prefixed members (RTM_LINK_STATE.RTM_LINK_STATE_CONNECTED), docs/csharp-sdk.md.
    private static readonly Dictionary<RtmLinkState, string> CSharpStates = Spellings.Table<RtmLinkState>(name => "RTM_LINK_STATE_" + Spellings.UpperSnake(name));
    private static readonly Dictionary<RtmLinkOperation, string> CSharpOperations = Spellings.Table<RtmLinkOperation>(name => "RTM_LINK_OPERATION_" + Spellings.UpperSnake(name));
    private static readonly Dictionary<RtmServiceType, string> CSharpServices = Spellings.Table<RtmServiceType>(name => "RTM_SERVICE_TYPE_" + Spellings.UpperSnake(name));

    private static readonly IReadOnlyList<PlatformCallback> None = [];

    public RtmLinkCallbackStrategy(Platform platform) => Platform = platform;

    public Platform Platform { get; }

    public IReadOnlyList<PlatformCallback> Map(ConnectivityEvent e)
    {
        Guard.NotNull(e);
        if (e is not RtmLinkStateChanged c)
        {
            return None;
        }

        if (Platform == Platform.CSharp)
        {
            // The C# LinkStateEvent keeps its reason code private: an app reads the reason string, spelled here as the code's name.
            return [new PlatformCallback(
                "OnLinkStateEvent",
                $"currentState: {Spellings.Spell(CSharpStates, c.State)}",
                $"previousState: {Spellings.Spell(CSharpStates, c.PreviousState)}",
                $"serviceType: {Spellings.Spell(CSharpServices, c.ServiceType)}",
                $"operation: {Spellings.Spell(CSharpOperations, c.Operation)}",
                $"reason: \"{Spellings.Spell(WebReasons, c.Reason)}\"",
                $"isResumed: {(c.IsResumed ? "true" : "false")}") { Timestamp = e.Timestamp }];
        }

        var web = Platform == Platform.Web;
        string[] arguments = web
            ? [
                $"currentState: \"{Spellings.Spell(WebStates, c.State)}\"",
                $"previousState: \"{Spellings.Spell(WebStates, c.PreviousState)}\"",
                $"serviceType: \"{Spellings.Spell(WebServices, c.ServiceType)}\"",
                $"operation: \"{Spellings.Spell(WebOperations, c.Operation)}\"",
                $"reasonCode: \"{Spellings.Spell(WebReasons, c.Reason)}\"",
                $"isResumed: {(c.IsResumed ? "true" : "false")}",
            ]
            : [
                $"currentState: {Spellings.Spell(NativeStates, c.State)}",
                $"previousState: {Spellings.Spell(NativeStates, c.PreviousState)}",
                $"serviceType: {Spellings.Spell(NativeServices, c.ServiceType)}",
                $"operation: {Spellings.Spell(NativeOperations, c.Operation)}",
                $"reasonCode: {Spellings.Spell(NativeReasons, c.Reason)}",
                $"isResumed: {(c.IsResumed ? "true" : "false")}",
            ];
        return [new PlatformCallback(web ? "linkState" : "onLinkStateEvent", arguments) { Timestamp = e.Timestamp }];
    }

    public override string ToString() => $"{Platform} (RTM 2.x link)";

    // The package's TypeScript enums are camelCase: LoginSuccess is loginSuccess, InconsistentAppId is inconsistentAppId.
    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);
}
