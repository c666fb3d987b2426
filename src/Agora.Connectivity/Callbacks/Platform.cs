namespace Agora.Connectivity.Callbacks;

/// <summary>The platforms whose SDKs the documents describe; each names its callbacks its own way.</summary>
public enum Platform
{
    /// <summary>Android (Java/Kotlin names, shared with Windows and Linux).</summary>
    Android,

    /// <summary>iOS (Objective-C names, shared with macOS).</summary>
    Ios,

    /// <summary>macOS (Objective-C names, shared with iOS).</summary>
    MacOS,

    /// <summary>Windows (C++ names, shared with Android and Linux).</summary>
    Windows,

    /// <summary>Linux (C++ names, shared with Android and Windows).</summary>
    Linux,

    /// <summary>The Web SDK: event names such as <c>stream-added</c>; no callback about its own RTC connection.</summary>
    Web,

    /// <summary>
    /// Agora's C# SDKs (Windows desktop and Unity: <c>Agora.Rtc</c> 4.x and 3.x, the Unity RTM SDK 1.x, <c>Agora.Rtm</c> 2.x):
    /// <c>OnConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)</c>, <c>OnUserOffline(1, USER_OFFLINE_DROPPED)</c>,
    /// RTM 2.x <c>OnLinkStateEvent(...)</c>; before v2.3.2 the legacy Unity API's own spellings (<c>OnReJoinChannelSuccess</c>).
    /// Sources: <c>docs/csharp-sdk.md</c>.
    /// </summary>
    CSharp = 6,
}
