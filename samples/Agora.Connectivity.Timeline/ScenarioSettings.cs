using Agora.Connectivity.Callbacks;

namespace Agora.Connectivity.Timeline;

/// <summary>
/// The choices a run can make: UID 1's and UID 2's platforms, the SDK generation, and the Web SDK line of its Web users.
/// <see langword="null"/>: the scenario's own. <c>UserAdded</c> sees each simulated user (RTC, RTM 1.x client, RTM 2.x link user) as it is added: the tests forward its SDK calls into a follower.
/// </summary>
internal sealed record ScenarioSettings(Platform? Local = null, Platform? Remote = null, SdkGeneration? Generation = null, WebSdk? Web = null, Action<object>? UserAdded = null);
