namespace Agora.Connectivity.Internal.Machines;

/// <summary>Where a connection machine is, why, and since when: what a health check reports.</summary>
/// <param name="State">The current state's name.</param>
/// <param name="Reason">The reason of the change into it; <see langword="null"/> while the machine is still in its initial state.</param>
/// <param name="Since">When it entered the state (its creation, for the initial state), by the machine's clock.</param>
/// <param name="Health">How healthy the state is.</param>
internal readonly record struct ConnectionStatus(string State, string? Reason, DateTimeOffset Since, ConnectionHealth Health);

/// <summary>How healthy a connection's state is, in the order a health check grades it.</summary>
internal enum ConnectionHealth
{
    /// <summary>Connected.</summary>
    Healthy,

    /// <summary>On the way (Connecting, Reconnecting), or not in a channel at all (Disconnected).</summary>
    Degraded,

    /// <summary>Given up for good (Failed, Aborted): only the app can start again.</summary>
    Unhealthy,
}
