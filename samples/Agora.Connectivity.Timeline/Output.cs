using System.Globalization;
using System.Text;

namespace Agora.Connectivity.Timeline;

/// <summary>Writes a scenario run as a table like the documents', or as a Mermaid sequence diagram.</summary>
internal static class Output
{
    public static string Table(ScenarioRun run)
    {
        var text = new StringBuilder();
        text.Append("== ").Append(run.Scenario.Name).Append(": ").Append(run.Title).Append(" (").Append(run.Scenario.Source).Append(")\n");
        var rows = run.Rows.Select(r => (Time: Time(r.At), r.User, Platform: r.PlatformName, Text: r.IsAction ? "> " + r.Text : r.Text)).ToList();
        var timeWidth = Math.Max("T+time".Length, rows.Max(r => r.Time.Length));
        var userWidth = Math.Max("user".Length, rows.Max(r => r.User.Length));
        var platformWidth = Math.Max("platform".Length, rows.Max(r => r.Platform.Length));
        text.Append("  ").Append("T+time".PadRight(timeWidth)).Append("  ").Append("user".PadRight(userWidth)).Append("  ")
            .Append("platform".PadRight(platformWidth)).Append("  callback\n");
        foreach (var row in rows)
        {
            text.Append("  ").Append(row.Time.PadRight(timeWidth)).Append("  ").Append(row.User.PadRight(userWidth)).Append("  ")
                .Append(row.Platform.PadRight(platformWidth)).Append("  ").Append(row.Text).Append('\n');
        }

        foreach (var note in run.Notes)
        {
            text.Append("  ").Append(note).Append('\n');
        }

        return text.ToString();
    }

    public static string Mermaid(ScenarioRun run)
    {
        var text = new StringBuilder();
        text.Append("%% ").Append(run.Scenario.Name).Append(": ").Append(run.Title).Append('\n');
        text.Append("sequenceDiagram\n");
        // Every user talks to the server: an app action is an arrow to it (a lost one when the network drops
        // or the process dies), a callback an arrow from it.
        var participants = run.Rows.Select(r => (r.User, Platform: r.PlatformName)).Distinct().ToList();
        foreach (var (user, platform) in participants)
        {
            text.Append("    participant ").Append(Id(user)).Append(" as ").Append(user).Append(" (").Append(platform).Append(")\n");
        }

        text.Append("    participant Server as Agora server\n");
        foreach (var row in run.Rows)
        {
            var message = $"{Time(row.At)} {row.Text.Replace(";", "#59;")}";
            if (row.IsAction)
            {
                var lost = row.Text.StartsWith("DropNetwork", StringComparison.Ordinal) || row.Text.StartsWith("KillProcess", StringComparison.Ordinal);
                text.Append("    ").Append(Id(row.User)).Append(lost ? "--xServer: " : "->>Server: ").Append(message).Append('\n');
            }
            else
            {
                text.Append("    Server-->>").Append(Id(row.User)).Append(": ").Append(message).Append('\n');
            }
        }

        foreach (var note in run.Notes)
        {
            text.Append("    Note over Server: ").Append(note).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Platform names as Agora writes them.</summary>
    public static string Name(Agora.Connectivity.Callbacks.WebSdk line) => line switch
    {
        Agora.Connectivity.Callbacks.WebSdk.V2 => "Web 2.x",
        Agora.Connectivity.Callbacks.WebSdk.V3 => "Web 3.x",
        _ => "Web 4.x",
    };

    public static string Name(Agora.Connectivity.Callbacks.Platform platform) => platform switch
    {
        Agora.Connectivity.Callbacks.Platform.Ios => "iOS",
        Agora.Connectivity.Callbacks.Platform.MacOS => "macOS",
        _ => platform.ToString(),
    };

    /// <summary><c>T+9.000s</c>; past a minute <c>T+20m09.000s</c>, past an hour <c>T+1h00m05.000s</c>.</summary>
    public static string Time(TimeSpan at)
    {
        at = TimeSpan.FromTicks(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond)); // never "60.000s" for 59.9995 s
        var seconds = (at.TotalSeconds % 60).ToString(at >= TimeSpan.FromMinutes(1) ? "00.000" : "0.000", CultureInfo.InvariantCulture);
        return at.TotalHours >= 1 ? $"T+{(int)at.TotalHours}h{at.Minutes:00}m{seconds}s"
            : at.TotalMinutes >= 1 ? $"T+{(int)at.TotalMinutes}m{seconds}s"
            : $"T+{seconds}s";
    }

    private static string Id(string user) => new(user.Where(char.IsLetterOrDigit).ToArray());
}
