namespace Agora.Connectivity.Reconnect.Internal;

/// <summary>What a <see cref="ConnectionDriverCore"/> tells the machine it drives.</summary>
internal interface IDriverTarget
{
    /// <summary>Gets a value indicating whether the machine is in a channel (or logged in) and so wants a connection.</summary>
    bool WantsConnection { get; }

    /// <summary>Gets a value indicating whether the machine has been disposed: the driver then stops for good.</summary>
    bool IsDisposed { get; }

    void ReportAccepted();

    void ReportFrame();

    void ReportRejected(Rtc.ConnectionChangedReason reason);
}
