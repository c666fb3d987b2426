namespace Agora.Connectivity.Reconnect.Internal;

/// <summary>What a <see cref="ConnectionDriverCore{TReason}"/> tells the machine it drives, in the machine's own refusals.</summary>
/// <typeparam name="TReason">The reasons the machine is refused with (RTC's, RTM 1.x's, RTM 2.x's).</typeparam>
internal interface IDriverTarget<TReason>
    where TReason : struct, Enum
{
    /// <summary>Gets a value indicating whether the machine is in a channel (or logged in) and so wants a connection.</summary>
    bool WantsConnection { get; }

    /// <summary>Gets the connection's kind for traces: <c>rtc</c> or <c>rtm</c>.</summary>
    string TraceKind { get; }

    /// <summary>Gets the name a host registered the machine under, for traces; <see langword="null"/> when it has none.</summary>
    string? ConnectionName { get; }

    /// <summary>Registers <paramref name="stop"/> to run when the machine is disposed (at once if it is).</summary>
    void OnDisposed(Action stop);

    /// <summary>Withdraws <paramref name="stop"/>.</summary>
    void RemoveOnDisposed(Action stop);

    void ReportAccepted();

    void ReportFrame();

    /// <summary>Gets what the machine hears when the policy or the classifier fails: the connection failed (RTC's JoinFailed).</summary>
    TReason PolicyFailure { get; }

    /// <summary>Reports a refusal for good; one that is no refusal of this machine throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    void ReportRejected(TReason reason);
}
