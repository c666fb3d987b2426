using System.Diagnostics.CodeAnalysis;
using Agora.Connectivity.DependencyInjection.Internal;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers reconnect drivers for the connection machines: <c>services.AddRtcConnection("main", …)</c> then
/// <c>services.AddRtcConnectionDriver&lt;MyTransport&gt;("main").Bind(configuration.GetSection("Agora:Rtc:main:Reconnect"))</c>.
/// </summary>
/// <remarks>
/// <para>The driver is a singleton, keyed like its machine, and lives with the host: a hosted service creates it when the host
/// starts (it then follows the machine: a <c>JoinChannel</c> makes it connect, retry and report) and disposes it when the host stops
/// (cancelling an attempt in flight and closing the transport). Register the machine's connection first.</para>
/// <para>The transport is created with the container's services (<see cref="ActivatorUtilities"/>), so its constructor may take
/// any registered service. The retry policy is an <see cref="ExponentialBackoffPolicy"/> from <see cref="ExponentialBackoffOptions"/>
/// (named like the connection), bound with the builder this returns and validated when the host starts.</para>
/// </remarks>
public static class ConnectivityDriverServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="RtcConnectionDriver"/> over a <typeparamref name="TTransport"/> for the RTC connection registered as <paramref name="name"/> (the unnamed one by default).</summary>
    /// <typeparam name="TTransport">The transport: your connection to the server.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The connection's name; <see langword="null"/> for the unnamed one.</param>
    /// <returns>The builder of the driver's backoff options, for <c>.Bind(section)</c> or <c>.Configure(…)</c>.</returns>
    public static OptionsBuilder<ExponentialBackoffOptions> AddRtcConnectionDriver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTransport>(this IServiceCollection services, string? name = null)
        where TTransport : class, IConnectionTransport
        => AddDriver<RtcConnectionStateMachine, RtcConnectionDriver>(services, name, static (sp, machine, policy) =>
            new RtcConnectionDriver(machine, ActivatorUtilities.CreateInstance<TTransport>(sp), policy, logger: sp.GetService<ILogger<RtcConnectionDriver>>()));

    /// <summary>Registers an <see cref="RtmConnectionDriver"/> over a <typeparamref name="TTransport"/> for the RTM connection registered as <paramref name="name"/> (the unnamed one by default).</summary>
    /// <typeparam name="TTransport">The transport: your connection to the server.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The connection's name; <see langword="null"/> for the unnamed one.</param>
    /// <returns>The builder of the driver's backoff options, for <c>.Bind(section)</c> or <c>.Configure(…)</c>.</returns>
    public static OptionsBuilder<ExponentialBackoffOptions> AddRtmConnectionDriver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTransport>(this IServiceCollection services, string? name = null)
        where TTransport : class, IConnectionTransport
        => AddDriver<RtmConnectionStateMachine, RtmConnectionDriver>(services, name, static (sp, machine, policy) =>
            new RtmConnectionDriver(machine, ActivatorUtilities.CreateInstance<TTransport>(sp), policy, logger: sp.GetService<ILogger<RtmConnectionDriver>>()));

    /// <summary>Registers an <see cref="RtmLinkDriver"/> over a <typeparamref name="TTransport"/> for the RTM 2.x link registered as <paramref name="name"/> (the unnamed one by default).</summary>
    /// <typeparam name="TTransport">The transport: your connection to the server.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The link's name; <see langword="null"/> for the unnamed one.</param>
    /// <returns>The builder of the driver's backoff options, for <c>.Bind(section)</c> or <c>.Configure(…)</c>.</returns>
    public static OptionsBuilder<ExponentialBackoffOptions> AddRtmLinkConnectionDriver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTransport>(this IServiceCollection services, string? name = null)
        where TTransport : class, IConnectionTransport
        => AddDriver<RtmLinkStateMachine, RtmLinkDriver>(services, name, static (sp, link, policy) =>
            new RtmLinkDriver(link, ActivatorUtilities.CreateInstance<TTransport>(sp), policy, logger: sp.GetService<ILogger<RtmLinkDriver>>()));

    private static OptionsBuilder<ExponentialBackoffOptions> AddDriver<TMachine, TDriver>(
        IServiceCollection services,
        string? name,
        Func<IServiceProvider, TMachine, IReconnectPolicy, TDriver> create)
        where TMachine : class
        where TDriver : class, IAsyncDisposable
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var key = name ?? Options.Options.DefaultName;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExponentialBackoffOptions>, ConnectivityOptionsValidator>());
        ConfigurationPaths.Of(services);
        var builder = services.AddOptions<ExponentialBackoffOptions>(key).ValidateOnStart();
        Func<IServiceProvider, TDriver> driver = sp => create(
            sp,
            name is null ? sp.GetRequiredService<TMachine>() : sp.GetRequiredKeyedService<TMachine>(name),
            sp.GetRequiredService<IOptionsMonitor<ExponentialBackoffOptions>>().Get(key).CreatePolicy());
        if (name is null)
        {
            services.AddSingleton(driver);
            services.AddSingleton<Hosting.IHostedService>(sp => new DriverLifetime(() => sp.GetRequiredService<TDriver>()));
        }
        else
        {
            services.AddKeyedSingleton(name, (sp, _) => driver(sp));
            services.AddSingleton<Hosting.IHostedService>(sp => new DriverLifetime(() => sp.GetRequiredKeyedService<TDriver>(name)));
        }

        return builder;
    }
}
