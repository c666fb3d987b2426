namespace Agora.Connectivity.Internal.Presence;

/// <summary>What a <see cref="PresenceMonitor{TKey}"/> tells its owner; called under the monitor's lock, so implementations only queue events.</summary>
internal interface IPresenceObserver<TKey>
{
    /// <summary>A member joined, or came back after at least one silence stage had been reported.</summary>
    void Joined_NeedsLock(TKey key, DateTimeOffset now);

    /// <summary>A member stayed silent past stage <paramref name="stage"/>; past the last stage it is also removed.</summary>
    void SilenceStageReached_NeedsLock(TKey key, int stage, DateTimeOffset now);

    /// <summary>
    /// A member left explicitly and was removed; <paramref name="alreadySilent"/> when a silence stage had already been reported for it.
    /// <paramref name="how"/> is what the report said, in the owner's own terms (a <see cref="Agora.Connectivity.Presence.UserOfflineReason"/> for the RTC
    /// tracker); the monitor only carries it.
    /// </summary>
    void Left_NeedsLock(TKey key, bool alreadySilent, int how, DateTimeOffset now);
}
