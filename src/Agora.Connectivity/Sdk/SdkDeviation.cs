namespace Agora.Connectivity.Sdk;

/// <summary>
/// A followed SDK reported what the documented machine does not allow at that instant: a transition its table lacks, a documented
/// one at another time than documented (lost 12 s after the interruption instead of 10 s), a fact in a state that has no such fact,
/// or a value its release does not define. The machine still follows the SDK; the deviation is raised before the change it comes
/// with, logged as a warning (<c>SdkDeviation</c>, event 18) and counted (<c>agora.connectivity.sdk_deviations</c>).
/// </summary>
/// <param name="Expected">What the documents expect there, for example <c>OnConnectionLost() 10 s after the interruption, at 00:00:14.000 (± 00:00:01)</c>.</param>
/// <param name="Reported">What the SDK reported, for example <c>OnConnectionLost() at 00:00:16.000, 2 s late</c>.</param>
/// <remarks>See <c>docs/following.md</c> for each kind and the document behind it.</remarks>
public sealed record SdkDeviation(string Expected, string Reported) : ConnectivityEvent;
