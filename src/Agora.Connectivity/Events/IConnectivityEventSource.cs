namespace Agora.Connectivity;

/// <summary>A machine or tracker that raises <see cref="ConnectivityEvent"/>s.</summary>
/// <remarks>
/// <para>Events from one source are raised one at a time and in order, never while the source holds
/// its lock. A handler may call back into the source: the call runs after the current transition
/// has raised all of its events and their handlers have returned (run-to-completion).</para>
/// <para>A handler that throws is logged and does not stop other handlers or the source. After
/// <see cref="IDisposable.Dispose"/> returns, the source raises nothing more.</para>
/// </remarks>
public interface IConnectivityEventSource
{
    /// <summary>Occurs for every event of the source, in order.</summary>
    event EventHandler<ConnectivityEvent>? EventRaised;
}
