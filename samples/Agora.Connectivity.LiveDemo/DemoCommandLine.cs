using System.Globalization;
using Agora.Connectivity.Callbacks;

namespace Agora.Connectivity.LiveDemo;

/// <summary>The live demo's arguments, parsed strictly; every error says what was expected.</summary>
internal sealed record DemoCommandLine(TimeSpan Interruption, TimeSpan Lost, TimeSpan Pause, Platform Platform, bool Help)
{
    public const string Usage = """
        Usage: dotnet run --project samples/Agora.Connectivity.LiveDemo -- [options]

        A heartbeat server on loopback pauses; the client's machine, driven only by its socket, goes
        RECONNECTING, hears "lost" when the pause is long enough, and rejoins when the server is back.

        Options:
          --interruption TIME  silence before RECONNECTING (default 1s); longer than the server's
                               200 ms heartbeat, or the connection flaps between two heartbeats
          --lost TIME          then, until the lost callback (default 2s)
          --pause TIME         how long the server pauses (default 5s); longer than --interruption,
                               or the connection is never interrupted
          --platform NAME      whose callback names to print (default android):
                               android, ios, macos, windows, linux, web
          --help               show this text

        TIME: 1 ms to 10 min: seconds (2, 1.5), or with a unit (500ms, 2s, 1m), or hh:mm:ss (00:00:02).
        """;

    /// <summary>How often the demo's server sends a heartbeat; an interruption timeout must be longer.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(200);

    public static DemoCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var line = new DemoCommandLine(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), Platform.Android, Help: false);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return line with { Help = true };
            }

            if (name is not ("--interruption" or "--lost" or "--pause" or "--platform"))
            {
                error = $"Unknown argument '{name}'. Run with --help to see the options.";
                return null;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.";
                return null;
            }

            var value = args[++i];
            if (name == "--platform")
            {
                if (!Enum.TryParse<Platform>(value, ignoreCase: true, out var platform) || !Enum.IsDefined(platform) || int.TryParse(value, out _))
                {
                    error = $"Unknown platform '{value}'. Use one of: android, ios, macos, windows, linux, web.";
                    return null;
                }

                line = line with { Platform = platform };
                continue;
            }

            if (ParseDuration(value) is not { } duration || duration < TimeSpan.FromMilliseconds(1) || duration > TimeSpan.FromMinutes(10))
            {
                error = $"{name} '{value}' is not a time between 1 ms and 10 min. Write seconds (2, 1.5), a number with a unit (500ms, 2s, 1m), or hh:mm:ss (00:00:02).";
                return null;
            }

            line = name switch
            {
                "--interruption" => line with { Interruption = duration },
                "--lost" => line with { Lost = duration },
                _ => line with { Pause = duration },
            };
        }

        if (line.Interruption <= Heartbeat)
        {
            error = $"An interruption timeout of {Seconds(line.Interruption)} is not longer than the server's heartbeat of {Seconds(Heartbeat)}: the connection would be interrupted between two heartbeats. Give --interruption more than {Seconds(Heartbeat)}.";
            return null;
        }

        if (line.Pause <= line.Interruption)
        {
            error = $"A pause of {Seconds(line.Pause)} is not longer than the interruption timeout of {Seconds(line.Interruption)}: the connection would never be interrupted. Give --pause more than --interruption.";
            return null;
        }

        return line;
    }

    /// <summary>Seconds ("2", "1.5"), a number with a unit ("500ms", "2s", "1m"), or a <see cref="TimeSpan"/> ("00:00:02"); <see langword="null"/> otherwise.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        text = text.Trim();
        if (text.Contains(':'))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
        }

        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('s') || text.EndsWith('S') ? (text[..^1], 1.0)
            : text.EndsWith('m') || text.EndsWith('M') ? (text[..^1], 60.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && !double.IsInfinity(value)
            ? TimeSpan.FromSeconds(value * unit)
            : null;
    }

    public static string Seconds(TimeSpan time) => $"{time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
}
