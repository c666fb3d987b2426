using Agora.Connectivity.Timeline;

var commandLine = CommandLine.Parse(args, out var error);
if (commandLine is null)
{
    Console.Error.WriteLine(error!.Contains("Run with", StringComparison.Ordinal) ? error : $"{error} Run with --help to see the options.");
    return 2;
}

if (commandLine.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

if (commandLine.List)
{
    foreach (var scenario in Scenarios.All)
    {
        Console.WriteLine($"{scenario.Name,-28} {scenario.Title} ({scenario.Source})");
    }

    return 0;
}

if (!commandLine.Mermaid)
{
    Console.WriteLine("Rows marked > are what the scenario does to a user (join, drop, kill...); the others are the callbacks that user's app hears.");
    Console.WriteLine();
}

foreach (var scenario in commandLine.Scenarios)
{
    var run = scenario.Run(commandLine.Settings);
    Console.WriteLine(commandLine.Mermaid ? Output.Mermaid(run) : Output.Table(run));
}

return 0;
