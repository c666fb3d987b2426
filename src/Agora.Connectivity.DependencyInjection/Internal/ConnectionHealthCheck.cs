using System.Globalization;
using Agora.Connectivity;
using Agora.Connectivity.Internal.Machines;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agora.Connectivity.DependencyInjection.Internal;

/// <summary>Reports one connection machine's state as a health check result; the machine keeps the state, the check only reads it.</summary>
internal sealed class ConnectionHealthCheck : IHealthCheck
{
    private readonly string _connection;
    private readonly Func<ConnectionStatus> _status;
    private readonly ITimeProvider _time;
    private readonly string _notRegistered;

    public ConnectionHealthCheck(string connection, Func<ConnectionStatus> status, ITimeProvider time, string notRegistered)
    {
        _connection = connection;
        _status = status;
        _time = time;
        _notRegistered = notRegistered;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ConnectionStatus status;
        try
        {
            status = _status();
        }
        catch (InvalidOperationException error)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, _notRegistered, error));
        }

        var duration = _time.GetUtcNow() - status.Since;
        var data = new Dictionary<string, object>
        {
            ["connection"] = _connection,
            ["state"] = status.State,
            ["reason"] = status.Reason ?? "none",
            ["since"] = status.Since,
            ["duration"] = duration,
        };
        var description = string.Format(
            CultureInfo.InvariantCulture,
            "{0} has been {1}{2} for {3:0.###} s.",
            _connection,
            status.State,
            status.Reason is { } reason ? $" ({reason})" : string.Empty,
            duration.TotalSeconds);
        var result = status.Health switch
        {
            ConnectionHealth.Healthy => HealthCheckResult.Healthy(description, data),
            ConnectionHealth.Degraded => HealthCheckResult.Degraded(description, data: data),
            ConnectionHealth.Unhealthy => new HealthCheckResult(context.Registration.FailureStatus, description, data: data),
        };
        return Task.FromResult(result);
    }
}
