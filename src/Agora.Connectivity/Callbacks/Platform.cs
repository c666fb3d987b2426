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
}
