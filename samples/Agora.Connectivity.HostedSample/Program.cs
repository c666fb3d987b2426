using Agora.Connectivity.HostedSample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A Generic Host configured from appsettings.json: the RTC machine's timeouts are shortened there
// (1 s interruption, 2 s more to "lost") and validated at start; a bad value stops the host with the
// property and value named.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddRtcConnection(builder.Configuration.GetSection("Agora:Rtc"));
builder.Services.AddHostedService<SimulatedConnection>();

await builder.Build().RunAsync();
