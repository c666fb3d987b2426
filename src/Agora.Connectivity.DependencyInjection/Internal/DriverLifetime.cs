using Microsoft.Extensions.Hosting;

namespace Agora.Connectivity.DependencyInjection.Internal;

/// <summary>
/// Starts a reconnect driver with the host (creating it hooks it to its machine, which it then follows) and stops it with the host
/// (its dispose cancels an attempt in flight and closes the transport, awaited).
/// </summary>
internal sealed class DriverLifetime(Func<IAsyncDisposable> driver) : IHostedService
{
    private IAsyncDisposable? _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = driver();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, null) is { } started)
        {
            await started.DisposeAsync().ConfigureAwait(false);
        }
    }
}
