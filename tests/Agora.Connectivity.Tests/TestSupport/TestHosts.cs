using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>A generic host as a service builds one, with no defaults: its configuration from JSON, the test's clock and log provider.</summary>
public static class TestHosts
{
    public static IHost Build(string json, Action<IServiceCollection, IConfiguration> configure, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        configure(builder.Services, builder.Configuration);
        return builder.Build();
    }
}
