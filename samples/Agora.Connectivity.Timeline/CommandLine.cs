using Agora.Connectivity.Callbacks;

namespace Agora.Connectivity.Timeline;

/// <summary>The sample's arguments, parsed strictly: anything unknown is an error.</summary>
internal sealed record CommandLine(IReadOnlyList<Scenario> Scenarios, ScenarioSettings Settings, bool Mermaid, bool List, bool Help)
{
    public const string Usage = """
        Usage: dotnet run --project samples/Agora.Connectivity.Timeline -- [options]

        Replays the Agora documents' connection scenarios on fake time and prints every user's
        callbacks, as the documents' timelines do. With no options, every scenario runs.

        Options:
          --scenario NAME     run one scenario (see --list)
          --local PLATFORM    the platform of UID 1 (the user things happen to)
          --remote PLATFORM   the platform of UID 2 (the user watching)
          --sdk GENERATION    the SDK generation of every user: legacy (before v2.3.2),
                              3 (v2.3.2 to 3.x, the documents' names), 4 (today's 4.x names)
          --legacy            the same as --sdk legacy
          --web LINE          the Web SDK line of every Web user, as Agora shipped it: 2 (agora-rtc-sdk
                              2.x, the documents' Web), 3 (agora-rtc-sdk 3.x), 4 (agora-rtc-sdk-ng 4.x);
                              by default 4 with --sdk 4, else 2
          --mermaid           print a Mermaid sequence diagram instead of a table
          --list              list the scenarios
          --help              show this text

        Platforms: android, ios, macos, windows, linux, web, csharp (Agora's C# SDKs: Windows, Unity).
        """;

    /// <summary>Parses <paramref name="args"/>; returns <see langword="null"/> and an error when they are not valid.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        Scenario? scenario = null;
        Platform? local = null;
        Platform? remote = null;
        SdkGeneration? generation = null;
        WebSdk? web = null;
        bool mermaid = false, list = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--scenario" when i + 1 < args.Count:
                    scenario = Timeline.Scenarios.Find(args[++i]);
                    if (scenario is null)
                    {
                        error = $"Unknown scenario '{args[i]}'. Run with --list to see them.";
                        return null;
                    }

                    break;
                case "--local" when i + 1 < args.Count:
                    local = ParsePlatform(args[++i], ref error);
                    if (local is null)
                    {
                        return null;
                    }

                    break;
                case "--remote" when i + 1 < args.Count:
                    remote = ParsePlatform(args[++i], ref error);
                    if (remote is null)
                    {
                        return null;
                    }

                    break;
                case "--legacy":
                    generation = SdkGeneration.Legacy;
                    break;
                case "--sdk" when i + 1 < args.Count:
                    generation = ParseGeneration(args[++i], ref error);
                    if (generation is null)
                    {
                        return null;
                    }

                    break;
                case "--web" when i + 1 < args.Count:
                    web = ParseWebLine(args[++i], ref error);
                    if (web is null)
                    {
                        return null;
                    }

                    break;
                case "--mermaid":
                    mermaid = true;
                    break;
                case "--list":
                    list = true;
                    break;
                case "--help" or "-h":
                    help = true;
                    break;
                case "--scenario" or "--local" or "--remote" or "--sdk" or "--web":
                    error = $"{args[i]} needs a value.";
                    return null;
                default:
                    error = $"Unknown argument '{args[i]}'.";
                    return null;
            }
        }

        // legacy-drop is the SDK before v2.3.2 by definition: another generation contradicts it rather than changing it.
        if (scenario?.Defaults.Generation == SdkGeneration.Legacy && generation is { } chosen && chosen != SdkGeneration.Legacy)
        {
            error = $"The {scenario.Name} scenario is the SDK before v2.3.2; --sdk {(chosen == SdkGeneration.V4 ? "4" : "3")} contradicts it. For the same drop with that SDK, run --scenario drop-rejoin-after-20s.";
            return null;
        }

        IReadOnlyList<Scenario> scenarios = scenario is null ? Timeline.Scenarios.All : [scenario];
        return new CommandLine(scenarios, new ScenarioSettings(local, remote, generation, web), mermaid, list, help);
    }

    private static SdkGeneration? ParseGeneration(string value, ref string? error)
    {
        switch (value.ToLowerInvariant())
        {
            case "legacy" or "2":
                return SdkGeneration.Legacy;
            case "3" or "v3":
                return SdkGeneration.V3;
            case "4" or "v4":
                return SdkGeneration.V4;
            default:
                error = $"Unknown SDK generation '{value}'. Use one of: legacy (before v2.3.2), 3 (v2.3.2 to 3.x), 4.";
                return null;
        }
    }

    private static WebSdk? ParseWebLine(string value, ref string? error)
    {
        switch (value.ToLowerInvariant())
        {
            case "2" or "v2" or "2.x":
                return WebSdk.V2;
            case "3" or "v3" or "3.x":
                return WebSdk.V3;
            case "4" or "v4" or "4.x":
                return WebSdk.V4;
            default:
                error = $"Unknown Web SDK line '{value}'. Use one of: 2 (agora-rtc-sdk 2.x), 3 (agora-rtc-sdk 3.x), 4 (agora-rtc-sdk-ng 4.x).";
                return null;
        }
    }

    // By name only: Enum.TryParse would take "3" as the enum's third value.
    private static Platform? ParsePlatform(string value, ref string? error)
    {
        if (!value.All(char.IsDigit) && Enum.TryParse<Platform>(value, ignoreCase: true, out var platform) && Enum.IsDefined(platform))
        {
            return platform;
        }

        error = $"Unknown platform '{value}'. Use one of: android, ios, macos, windows, linux, web, csharp.";
        return null;
    }
}
