using Agora.Connectivity.LiveDemo;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;

// dotnet run --project samples/Agora.Connectivity.LiveDemo [-- --interruption 1 --lost 2 --pause 5s --platform ios]
// A real TCP server on loopback and a client whose machine is driven only by its socket: the server
// pauses long enough for RECONNECTING and the lost callback, then comes back and the driver rejoins.
var line = DemoCommandLine.Parse(args, out var error);
if (line is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

if (line.Help)
{
    Console.WriteLine(DemoCommandLine.Usage);
    return 0;
}

RtcConnectionOptions options;
try
{
    options = new RtcConnectionOptions { InterruptionTimeout = line.Interruption, ConnectionLostTimeout = line.Lost, ReconnectFailureTimeout = TimeSpan.FromMinutes(30) };
    using var check = new RtcConnectionStateMachine(options);
}
catch (ArgumentException invalid)
{
    Console.Error.WriteLine(invalid.Message);
    return 2;
}

var settings = new LiveDemoSettings(
    Heartbeat: DemoCommandLine.Heartbeat,
    Pause: line.Pause,
    After: TimeSpan.FromSeconds(1),
    Options: options,
    Policy: new ExponentialBackoffPolicy(TimeSpan.FromMilliseconds(250), 1.6, 0.2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)),
    Platform: line.Platform);
Console.WriteLine($"Live demo on loopback: interrupted after {DemoCommandLine.Seconds(line.Interruption)} of silence, lost {DemoCommandLine.Seconds(line.Lost)} later; the server pauses for {DemoCommandLine.Seconds(line.Pause)}.");
if (line.Pause <= line.Interruption + line.Lost)
{
    Console.WriteLine("(The pause ends before the lost timeout: expect RECONNECTING and a rejoin, but no lost callback.)");
}

// Enough for the pause, the reconnect and the leave; never a hang.
var limit = line.Pause + line.Interruption + TimeSpan.FromSeconds(30);
using var timeout = new CancellationTokenSource(limit);
try
{
    await LiveDemo.RunAsync(settings, (at, callback) => Console.WriteLine($"T+{at.TotalSeconds:0.000}s  {callback}"), timeout.Token);
}
catch (OperationCanceledException) when (timeout.IsCancellationRequested)
{
    Console.Error.WriteLine($"The demo did not finish within {DemoCommandLine.Seconds(limit)}; stopped.");
    return 1;
}

Console.WriteLine("Done.");
return 0;
