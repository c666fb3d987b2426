using Agora.Connectivity.HostedSample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// A Generic Host configured from appsettings.json: the RTC machine's timeouts are shortened there
// (1 s interruption, 2 s more to "lost") and validated at start; a bad value stops the host with the
// property and value named, and exit code 2.
//
// The settings are read from beside the program, wherever it is started from (the README runs it from the
// repository root; the host's default content root would be that directory, and its appsettings.json none).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Services.AddRtcConnection(builder.Configuration.GetSection("Agora:Rtc"));
builder.Services.AddHealthChecks().AddRtcConnectionHealthCheck();
builder.Services.AddHostedService<SimulatedConnection>();

try
{
    using var host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (OptionsValidationException error)
{
    await Console.Error.WriteLineAsync($"Invalid settings: {string.Join(" ", error.Failures)}");
    return 2;
}
catch (InvalidOperationException error) when (error.InnerException is FormatException)
{
    // A value configuration binding cannot parse ("--Agora:Rtc:InterruptionTimeout=soon").
    await Console.Error.WriteLineAsync($"Invalid settings: {error.Message} {error.InnerException.Message}");
    return 2;
}
catch (InvalidOperationException error) when (error.Message.Contains("ErrorOnUnknownConfiguration", StringComparison.Ordinal))
{
    // A key the options do not have ("--Agora:Rtc:InteruptionTimeout=00:00:04"): the binder names it.
    await Console.Error.WriteLineAsync($"Invalid settings: {error.Message}");
    return 2;
}
