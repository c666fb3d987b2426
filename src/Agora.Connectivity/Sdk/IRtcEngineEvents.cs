namespace Agora.Connectivity.Sdk;

/// <summary>
/// The connectivity callbacks of Agora's RTC event handler (<c>IRtcEngineEventHandler</c> in Agora's C# SDK, <c>IRtcEngineEventHandler</c>
/// in C++, <c>IRtcEngineEventHandler</c>'s Java methods), one method each, values as the SDK passes them: an app's SDK handler forwards
/// each callback in one line (<c>public override void OnUserJoined(RtcConnection c, uint uid, int elapsed) =&gt; _follower.OnUserJoined(uid);</c>).
/// <see cref="RtcSdkFollower"/> implements it; <c>SimulatedUser.ForwardTo</c> calls it as a simulated user's SDK would.
/// </summary>
/// <remarks>
/// An implementation is called on the SDK's callback thread (Agora's .NET SDK: the native callback thread, inside the SDK's own lock;
/// Unity: the main thread, once a frame): it must not throw and must not wait on another thread. The names and their sources are in
/// <c>docs/csharp-sdk.md</c>.
/// </remarks>
public interface IRtcEngineEvents
{
    /// <summary>The local user joined the channel (<c>OnJoinChannelSuccess</c>).</summary>
    void OnJoinChannelSuccess();

    /// <summary>The local user rejoined the channel after an interruption (<c>OnRejoinChannelSuccess</c>; <c>OnReJoinChannelSuccess</c> in the legacy Unity API).</summary>
    void OnRejoinChannelSuccess();

    /// <summary>The local user left the channel (<c>OnLeaveChannel</c>).</summary>
    void OnLeaveChannel();

    /// <summary>The connection state changed (<c>OnConnectionStateChanged</c>, v2.3.2 and later).</summary>
    /// <param name="state">The <c>CONNECTION_STATE_TYPE</c> value: 1 disconnected … 5 failed.</param>
    /// <param name="reason">The <c>CONNECTION_CHANGED_REASON_TYPE</c> value, as the SDK's release numbers it (<see cref="SdkValues.RtcReason"/>).</param>
    void OnConnectionStateChanged(int state, int reason);

    /// <summary>The connection was interrupted (<c>OnConnectionInterrupted</c>; deprecated from v2.3.2, still made by some releases).</summary>
    void OnConnectionInterrupted();

    /// <summary>The connection is lost: no server data 10 s after the interruption or the join (<c>OnConnectionLost</c>).</summary>
    void OnConnectionLost();

    /// <summary>The server banned the connection (<c>OnConnectionBanned</c>; deprecated from v2.3.2).</summary>
    void OnConnectionBanned();

    /// <summary>A remote user joined (<c>OnUserJoined</c>).</summary>
    /// <param name="uid">The remote user's ID.</param>
    void OnUserJoined(uint uid);

    /// <summary>A remote user went offline (<c>OnUserOffline</c>).</summary>
    /// <param name="uid">The remote user's ID.</param>
    /// <param name="reason">The <c>USER_OFFLINE_REASON_TYPE</c> value: 0 quit, 1 dropped, 2 became audience.</param>
    void OnUserOffline(uint uid, int reason);

    /// <summary>The token expires in 30 seconds (<c>OnTokenPrivilegeWillExpire</c>); the SDK passes the token, not its expiry.</summary>
    void OnTokenPrivilegeWillExpire();

    /// <summary>The token expired (<c>OnRequestToken</c>).</summary>
    void OnRequestToken();
}
