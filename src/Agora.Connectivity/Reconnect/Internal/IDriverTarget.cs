namespace Agora.Connectivity.Reconnect.Internal;

/// <summary>What a <see cref="ConnectionDriverCore"/> tells the machine it drives.</summary>
internal interface IDriverTarget
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

    void ReportRejected(Rtc.ConnectionChangedReason reason);
}
