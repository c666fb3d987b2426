using Agora.Connectivity.Sdk;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>An app's SDK handler stand-in that writes down every call it gets, as <c>Name(args)</c>, and when.</summary>
public sealed class CallLog(TimeProvider? time = null) : IRtcEngineEvents
{
    private readonly List<string> _calls = [];
    private readonly List<DateTimeOffset> _times = [];

    public IReadOnlyList<string> Calls => _calls;

    public IReadOnlyList<DateTimeOffset> Times => _times;

    public void OnJoinChannelSuccess() => Add("OnJoinChannelSuccess()");

    public void OnRejoinChannelSuccess() => Add("OnRejoinChannelSuccess()");

    public void OnLeaveChannel() => Add("OnLeaveChannel()");

    public void OnConnectionStateChanged(int state, int reason) => Add($"OnConnectionStateChanged({state}, {reason})");

    public void OnConnectionInterrupted() => Add("OnConnectionInterrupted()");

    public void OnConnectionLost() => Add("OnConnectionLost()");

    public void OnConnectionBanned() => Add("OnConnectionBanned()");

    public void OnUserJoined(uint uid) => Add($"OnUserJoined({uid})");

    public void OnUserOffline(uint uid, int reason) => Add($"OnUserOffline({uid}, {reason})");

    public void OnTokenPrivilegeWillExpire() => Add("OnTokenPrivilegeWillExpire()");

    public void OnRequestToken() => Add("OnRequestToken()");

    private void Add(string call)
    {
        _calls.Add(call);
        _times.Add((time ?? TimeProvider.System).GetUtcNow());
    }
}
