using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Callbacks;

/// <summary>
/// The generation of Agora's SDKs whose callback names a strategy speaks. Pick it with
/// <see cref="CallbackStrategies.For(Platform, SdkGeneration)"/>; the machine's own behavior for a generation is
/// <see cref="CallbackStrategies.BehaviorOf(SdkGeneration)"/>. Every spelling and its source is in <c>docs/callbacks.md</c>.
/// </summary>
public enum SdkGeneration
{
    /// <summary>
    /// v2.3.2 through 3.x, the names of the seed documents and the default: <c>onConnectionStateChanged</c>,
    /// <c>connectionChangedToState</c>; a Web user hears nothing about its own connection (the 2018 FAQ).
    /// Machines behave as <see cref="RtcSdkBehavior.Current"/>.
    /// </summary>
    V3 = 0,

    /// <summary>
    /// Before v2.3.2: <c>onConnectionInterrupted</c> and no state callback. Machines behave as <see cref="RtcSdkBehavior.Legacy"/>.
    /// </summary>
    Legacy = 1,

    /// <summary>
    /// 4.x: the native names of v3 (Apple reasons with their <c>AgoraConnectionChangedReason…</c> infix), and the
    /// Web SDK's <c>connection-state-change</c>, <c>user-joined</c>, <c>user-published</c>, <c>user-unpublished</c> and
    /// <c>user-left</c>. Machines behave as <see cref="RtcSdkBehavior.Current"/>.
    /// </summary>
    V4 = 2,
}
