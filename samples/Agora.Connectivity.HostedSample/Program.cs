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
const string Usage = """
    Usage: dotnet run --project samples/Agora.Connectivity.HostedSample -- [--Agora:Rtc:NAME=VALUE ...]

    A generic host whose RTC connection is configured from appsettings.json (beside the program) and
    validated at start. Override any setting on the command line, for example
    --Agora:Rtc:InterruptionTimeout=00:00:02 (timeouts are hh:mm:ss).
    """;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(Usage);
    return 0;
}

// Only settings: the configuration's command-line provider would take any other flag as a key nobody reads.
if (args.FirstOrDefault(a => a.StartsWith('-') && !a.StartsWith("--Agora:", StringComparison.OrdinalIgnoreCase)) is { } unknown)
{
    await Console.Error.WriteLineAsync($"Unknown argument '{unknown}'. Settings are written --Agora:Rtc:NAME=VALUE; run with --help.");
    return 2;
}

HostApplicationBuilder builder;
try
{
    builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
    {
        Args = args,
        ContentRootPath = AppContext.BaseDirectory,
    });
}
catch (InvalidDataException error)
{
    // appsettings.json that is not JSON.
    await Console.Error.WriteLineAsync($"Invalid settings: {error.Message} {error.InnerException?.Message}".TrimEnd());
    return 2;
}

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
