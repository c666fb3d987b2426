using System.Globalization;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.LiveDemo;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;

// dotnet run --project samples/Agora.Connectivity.LiveDemo [-- --interruption 00:00:01 --lost 00:00:02 --pause 00:00:05 --platform ios]
// A real TCP server on loopback and a client whose machine is driven only by its socket: the server
// pauses long enough for RECONNECTING and the lost callback, then comes back and the driver rejoins.
var interruption = TimeSpan.FromSeconds(1);
var lost = TimeSpan.FromSeconds(2);
var pause = TimeSpan.FromSeconds(5);
var platform = Platform.Android;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--interruption" when i + 1 < args.Length && TimeSpan.TryParse(args[i + 1], CultureInfo.InvariantCulture, out interruption):
        case "--lost" when i + 1 < args.Length && TimeSpan.TryParse(args[i + 1], CultureInfo.InvariantCulture, out lost):
        case "--pause" when i + 1 < args.Length && TimeSpan.TryParse(args[i + 1], CultureInfo.InvariantCulture, out pause):
        case "--platform" when i + 1 < args.Length && Enum.TryParse(args[i + 1], ignoreCase: true, out platform) && Enum.IsDefined(platform):
            i++;
            break;
        default:
            Console.Error.WriteLine($"Unknown or malformed argument '{args[i]}'.");
            Console.Error.WriteLine("Usage: dotnet run --project samples/Agora.Connectivity.LiveDemo -- [--interruption TIME] [--lost TIME] [--pause TIME] [--platform NAME]");
            return 2;
    }
}

RtcConnectionOptions options;
try
{
    options = new RtcConnectionOptions { InterruptionTimeout = interruption, ConnectionLostTimeout = lost, ReconnectFailureTimeout = TimeSpan.FromMinutes(1) };
    using var check = new RtcConnectionStateMachine(options);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

var settings = new LiveDemoSettings(
    Heartbeat: TimeSpan.FromMilliseconds(200),
    Pause: pause,
    After: TimeSpan.FromSeconds(1),
    Options: options,
    Policy: new ExponentialBackoffPolicy(TimeSpan.FromMilliseconds(250), 1.6, 0.2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)),
    Platform: platform);
Console.WriteLine($"Live demo on loopback: interrupted after {interruption.TotalSeconds:0.###} s of silence, lost {lost.TotalSeconds:0.###} s later; the server pauses for {pause.TotalSeconds:0.###} s.");
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
await LiveDemo.RunAsync(settings, (at, callback) => Console.WriteLine($"T+{at.TotalSeconds:0.000}s  {callback}"), timeout.Token);
Console.WriteLine("Done.");
return 0;
