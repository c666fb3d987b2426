namespace Agora.Connectivity.Rtm2;

/// <summary>The RTM service a link serves: <c>RtmServiceType</c> of <c>agora-react-native-rtm</c> 2.2.6 (<c>src/legacy/AgoraRtmBase.ts</c>, line 96).</summary>
public enum RtmServiceType
{
    /// <summary>The type of rtm service not specified.</summary>
    None = 0,

    /// <summary>The basic functionality of rtm service.</summary>
    Message = 1,

    /// <summary>The advanced functionality of rtm service.</summary>
    Stream = 2,
}
