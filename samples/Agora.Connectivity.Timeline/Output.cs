using System.Globalization;
using System.Text;

namespace Agora.Connectivity.Timeline;

/// <summary>Writes a scenario run as a table like the documents', or as a Mermaid sequence diagram.</summary>
internal static class Output
{
    public static string Table(ScenarioRun run)
    {
        var text = new StringBuilder();
        text.Append("== ").Append(run.Scenario.Name).Append(": ").Append(run.Scenario.Title).Append(" (").Append(run.Scenario.Source).Append(")\n");
        var rows = run.Rows.Select(r => (Time: Time(r.At), r.User, Platform: Name(r.Platform), Text: r.IsAction ? "> " + r.Text : r.Text)).ToList();
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
        text.Append("%% ").Append(run.Scenario.Name).Append(": ").Append(run.Scenario.Title).Append('\n');
        text.Append("sequenceDiagram\n");
        var participants = run.Rows.Select(r => (r.User, r.Platform)).Distinct().ToList();
        foreach (var (user, platform) in participants)
        {
            text.Append("    participant ").Append(Id(user)).Append(" as ").Append(user).Append(" (").Append(Name(platform)).Append(")\n");
        }

        foreach (var row in run.Rows)
        {
            text.Append("    Note over ").Append(Id(row.User)).Append(": ").Append(Time(row.At)).Append(' ')
                .Append(row.IsAction ? "> " : string.Empty).Append(row.Text.Replace(";", "#59;")).Append('\n');
        }

        foreach (var note in run.Notes)
        {
            text.Append("    Note over ").Append(Id(participants[0].User)).Append(": ").Append(note).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Platform names as Agora writes them.</summary>
    public static string Name(Agora.Connectivity.Callbacks.Platform platform) => platform switch
    {
        Agora.Connectivity.Callbacks.Platform.Ios => "iOS",
        Agora.Connectivity.Callbacks.Platform.MacOS => "macOS",
        _ => platform.ToString(),
    };

    private static string Time(TimeSpan at) => "T+" + at.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";

    private static string Id(string user) => new(user.Where(char.IsLetterOrDigit).ToArray());
}
