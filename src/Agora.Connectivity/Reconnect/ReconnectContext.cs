namespace Agora.Connectivity.Reconnect;

/// <summary>What a reconnect policy knows when it decides the next attempt.</summary>
/// <param name="PreviousAttempts">How many attempts this episode has made (0 before the first).</param>
/// <param name="Elapsed">The time since the episode began: the interruption, the join or login, or the connection's closing.</param>
/// <param name="LastAttemptDuration">How long the last attempt took before it failed (zero before the first).</param>
/// <param name="LastError">Why the last attempt failed; <see langword="null"/> before the first.</param>
public sealed record ReconnectContext(int PreviousAttempts, TimeSpan Elapsed, TimeSpan LastAttemptDuration, Exception? LastError);
