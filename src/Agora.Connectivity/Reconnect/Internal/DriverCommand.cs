namespace Agora.Connectivity.Reconnect.Internal;

/// <summary>What a machine's state change asks of its driver.</summary>
internal enum DriverCommand
{
    /// <summary>Connecting or reconnecting: run attempts until one is accepted.</summary>
    Connect,

    /// <summary>Connected: stop attempting, keep the connection.</summary>
    Connected,

    /// <summary>Left, failed, logged out or aborted: stop attempting and close the transport.</summary>
    Disconnect,
}
