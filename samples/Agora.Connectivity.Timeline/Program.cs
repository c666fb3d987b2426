using Agora.Connectivity.Timeline;

var commandLine = CommandLine.Parse(args, out var error);
if (commandLine is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine();
    Console.Error.WriteLine(CommandLine.Usage);
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

foreach (var scenario in commandLine.Scenarios)
{
    var run = scenario.Run(commandLine.Settings);
    Console.WriteLine(commandLine.Mermaid ? Output.Mermaid(run) : Output.Table(run));
}

return 0;
