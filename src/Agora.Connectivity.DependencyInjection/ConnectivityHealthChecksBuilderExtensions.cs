using Agora.Connectivity;
using Agora.Connectivity.DependencyInjection.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Health checks of the registered connection machines (<c>services.AddHealthChecks().AddRtcConnectionHealthCheck()</c>), for
/// <c>MapHealthChecks</c>, a <see cref="HealthCheckService"/> or a publisher: Healthy while Connected, Degraded while Connecting,
/// Reconnecting or Disconnected, Unhealthy (the registration's failure status) while Failed or Aborted. The data holds the
/// connection's name, its state, the reason of the change into it, since when and for how long.
/// </summary>
/// <remarks>
/// Disconnected is Degraded: a service that is meant to hold the connection is not doing its work while it has none. An app that
/// joins on demand can map Degraded to a success code in its endpoint (<c>HealthCheckOptions.ResultStatusCodes</c>) or filter the
/// check by its tag, <c>agora</c>. See <c>docs/operating.md</c>.
/// </remarks>
public static class ConnectivityHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check of the <see cref="RtcConnectionStateMachine"/> registered with <c>AddRtcConnection</c> (keyed by
    /// <paramref name="connectionName"/>, or the unkeyed one), named <c>agora-rtc</c> or <c>agora-rtc:{connectionName}</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="connectionName">The name the connection was registered with; <see langword="null"/> for the unnamed one.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddRtcConnectionHealthCheck(this IHealthChecksBuilder builder, string? connectionName = null)
        => Add<RtcConnectionStateMachine>(builder, "agora-rtc", "AddRtcConnection", connectionName, static machine => machine.Status);

    /// <summary>
    /// Adds a health check of the <see cref="RtmConnectionStateMachine"/> registered with <c>AddRtmConnection</c> (keyed by
    /// <paramref name="connectionName"/>, or the unkeyed one), named <c>agora-rtm</c> or <c>agora-rtm:{connectionName}</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="connectionName">The name the connection was registered with; <see langword="null"/> for the unnamed one.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddRtmConnectionHealthCheck(this IHealthChecksBuilder builder, string? connectionName = null)
        => Add<RtmConnectionStateMachine>(builder, "agora-rtm", "AddRtmConnection", connectionName, static machine => machine.Status);

    /// <summary>
    /// Adds a health check of the <see cref="RtmLinkStateMachine"/> registered with <c>AddRtmLinkConnection</c> (keyed by
    /// <paramref name="connectionName"/>, or the unkeyed one), named <c>agora-rtm-link</c> or <c>agora-rtm-link:{connectionName}</c>:
    /// Healthy while Connected, Unhealthy while Failed, Degraded otherwise (Idle, Connecting, Disconnected, Suspended).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="connectionName">The name the connection was registered with; <see langword="null"/> for the unnamed one.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddRtmLinkHealthCheck(this IHealthChecksBuilder builder, string? connectionName = null)
        => Add<RtmLinkStateMachine>(builder, "agora-rtm-link", "AddRtmLinkConnection", connectionName, static machine => machine.Status);

    private static IHealthChecksBuilder Add<TMachine>(IHealthChecksBuilder builder, string kind, string registration, string? connectionName, Func<TMachine, Agora.Connectivity.Internal.Machines.ConnectionStatus> status)
        where TMachine : class
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var name = connectionName is null ? kind : $"{kind}:{connectionName}";
        return builder.Add(new HealthCheckRegistration(
            name,
            // The machine is looked up when the check runs: a check of a connection nobody registered reports it, Unhealthy, with
            // how to register it, instead of failing the whole health report.
            sp => new ConnectionHealthCheck(
                name,
                () => status(connectionName is null ? sp.GetRequiredService<TMachine>() : sp.GetRequiredKeyedService<TMachine>(connectionName)),
                sp.GetService<ITimeProvider>() ?? SystemTimeProvider.Instance,
                $"No {typeof(TMachine).Name} is registered{(connectionName is null ? string.Empty : $" under the name '{connectionName}'")}: register it with services.{registration}({(connectionName is null ? string.Empty : $"\"{connectionName}\", ...")})."),
            failureStatus: null,
            tags: ["agora"]));
    }
}
