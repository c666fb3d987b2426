using Agora.Connectivity;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.HostedSample;

/// <summary>
/// Plays the connection layer on the real clock: joins, is accepted, receives data, goes silent long
/// enough to be interrupted and lost, is accepted again, and leaves. The machine does all the timing;
/// the library logs every transition and deadline, and the Android callbacks are logged beside them.
/// </summary>
internal sealed partial class SimulatedConnection(
    RtcConnectionStateMachine connection,
    HealthCheckService health,
    IHostApplicationLifetime lifetime,
    ILogger<SimulatedConnection> logger) : BackgroundService
{
    private static readonly TimeSpan Packet = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var callbacks = connection.Subscribe(CallbackStrategies.For(Platform.Android), c => LogCallback(logger, c.ToString()));
        try
        {
            LogStep(logger, "join the channel");
            connection.JoinChannel();
            await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            connection.ReportJoinSuccess();

            LogStep(logger, "receive data for 2 s");
            await ReceiveAsync(TimeSpan.FromSeconds(2), stoppingToken);

            await LogHealthAsync(stoppingToken);
            LogStep(logger, "the server goes silent for 4 s");
            await Task.Delay(TimeSpan.FromSeconds(4), stoppingToken);
            await LogHealthAsync(stoppingToken);

            LogStep(logger, "the server accepts the rejoin");
            connection.ReportJoinSuccess();
            await ReceiveAsync(TimeSpan.FromSeconds(1), stoppingToken);

            LogStep(logger, "leave the channel");
            connection.LeaveChannel();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "sample: {Step}")]
    private static partial void LogStep(ILogger logger, string step);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Android callback: {Callback}")]
    private static partial void LogCallback(ILogger logger, string callback);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "health: {Status}, {Description}")]
    private static partial void LogHealth(ILogger logger, HealthStatus status, string? description);

    // What a /health endpoint would answer now (MapHealthChecks in a web host).
    private async Task LogHealthAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        foreach (var entry in report.Entries.Values)
        {
            LogHealth(logger, entry.Status, entry.Description);
        }
    }

    private async Task ReceiveAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Packet)
        {
            connection.ReportServerActivity();
            await Task.Delay(Packet, cancellationToken);
        }
    }
}
