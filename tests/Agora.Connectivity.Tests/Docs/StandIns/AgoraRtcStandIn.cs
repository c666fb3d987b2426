// A stand-in for the part of Agora's C# RTC SDK (Agora.Rtc 4.x) that the README's snippets use: the event handler's connectivity
// callbacks with the SDK's own signatures (AgoraIO-Extensions/Agora-C_Sharp-SDK, Code/Rtc/IRtcEngineEventHandler.cs: an abstract class
// of empty virtual methods), RtcConnection, and the enums they pass. Written from those names and signatures (docs/csharp-sdk.md);
// the snippets compile against it, as an app's handler compiles against the SDK. Nothing here is the SDK's code.
#pragma warning disable SA1300, SA1307, SA1402, SA1649, CA1707, CA1711, CA1716, CA1720, CA1051
namespace Agora.Rtc;

public class RtcConnection
{
    public string channelId = string.Empty;
    public uint localUid;
}

public class RtcStats
{
}

public enum CONNECTION_STATE_TYPE
{
    CONNECTION_STATE_DISCONNECTED = 1,
    CONNECTION_STATE_CONNECTING = 2,
    CONNECTION_STATE_CONNECTED = 3,
    CONNECTION_STATE_RECONNECTING = 4,
    CONNECTION_STATE_FAILED = 5,
}

public enum CONNECTION_CHANGED_REASON_TYPE
{
    CONNECTION_CHANGED_CONNECTING = 0,
    CONNECTION_CHANGED_JOIN_SUCCESS = 1,
    CONNECTION_CHANGED_INTERRUPTED = 2,
}

public enum USER_OFFLINE_REASON_TYPE
{
    USER_OFFLINE_QUIT = 0,
    USER_OFFLINE_DROPPED = 1,
    USER_OFFLINE_BECOME_AUDIENCE = 2,
}

public abstract class IRtcEngineEventHandler
{
    public virtual void OnJoinChannelSuccess(RtcConnection connection, int elapsed)
    {
    }

    public virtual void OnRejoinChannelSuccess(RtcConnection connection, int elapsed)
    {
    }

    public virtual void OnLeaveChannel(RtcConnection connection, RtcStats stats)
    {
    }

    public virtual void OnConnectionStateChanged(RtcConnection connection, CONNECTION_STATE_TYPE state, CONNECTION_CHANGED_REASON_TYPE reason)
    {
    }

    public virtual void OnConnectionInterrupted(RtcConnection connection)
    {
    }

    public virtual void OnConnectionLost(RtcConnection connection)
    {
    }

    public virtual void OnConnectionBanned(RtcConnection connection)
    {
    }

    public virtual void OnUserJoined(RtcConnection connection, uint remoteUid, int elapsed)
    {
    }

    public virtual void OnUserOffline(RtcConnection connection, uint remoteUid, USER_OFFLINE_REASON_TYPE reason)
    {
    }

    public virtual void OnTokenPrivilegeWillExpire(RtcConnection connection, string token)
    {
    }

    public virtual void OnRequestToken(RtcConnection connection)
    {
    }
}
