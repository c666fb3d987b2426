using System.Text;
using Stateless.Reflection;

namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// Writes a machine's Stateless info model (<see cref="MachineDescription"/>) as the README's Mermaid
/// diagram and as a Graphviz DOT digraph.
/// </summary>
/// <remarks>
/// Stateless's own <c>MermaidGraph</c> and <c>UmlDotGraph</c> read the same model but draw an ignored
/// trigger as a self-loop (<c>Connected --&gt; Connected : JoinAccepted</c>, which reads like a re-entry)
/// and an internal transition as <c>Trigger [Function]</c>, without its action. These formatters draw
/// only what moves the machine or does something, and an internal transition as <c>Trigger / action</c>.
/// </remarks>
internal static class StateDiagram
{
    /// <summary>Formats <paramref name="machine"/> as a Mermaid <c>stateDiagram-v2</c>.</summary>
    public static string Mermaid(MachineDescription machine)
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        text.Append("    [*] --> ").Append(machine.Info.InitialState.UnderlyingState).Append('\n');
        foreach (var (source, destination, label) in Edges(machine))
        {
            text.Append("    ").Append(source).Append(" --> ").Append(destination).Append(" : ").Append(EscapeMermaid(label)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Formats <paramref name="machine"/> as a DOT digraph, with each state's entry and exit actions in its record.</summary>
    public static string Dot(MachineDescription machine)
    {
        var text = new StringBuilder();
        text.Append("digraph ").Append(Quote(machine.Name)).Append(" {\n");
        text.Append("    rankdir=\"LR\";\n");
        text.Append("    node [shape=\"Mrecord\"];\n");
        foreach (var state in machine.Info.States)
        {
            var label = new StringBuilder(EscapeRecord(state.UnderlyingState.ToString()!));
            var actions = state.EntryActions
                .Select(entry => (entry.FromTrigger is null ? "entry / " : $"entry from {entry.FromTrigger} / ") + entry.Method.Description)
                .Concat(state.ExitActions.Select(exit => "exit / " + exit.Description))
                .ToList();
            if (actions.Count > 0)
            {
                label.Append('|');
                foreach (var action in actions)
                {
                    label.Append(EscapeRecord(action)).Append("\\l");
                }
            }

            text.Append("    ").Append(Quote(state.UnderlyingState.ToString()!)).Append(" [label=").Append(Quote(label.ToString(), escapeBackslash: false)).Append("];\n");
        }

        text.Append("    \"__initial\" [label=\"\", shape=\"point\"];\n");
        text.Append("    \"__initial\" -> ").Append(Quote(machine.Info.InitialState.UnderlyingState.ToString()!)).Append(";\n");
        foreach (var (source, destination, label) in Edges(machine))
        {
            text.Append("    ").Append(Quote(source)).Append(" -> ").Append(Quote(destination)).Append(" [label=").Append(Quote(label)).Append("];\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Lists every transition that moves the machine or runs an action, labelled <c>Trigger [guard] / action</c>; ignored triggers are left out.</summary>
    private static IEnumerable<(string Source, string Destination, string Label)> Edges(MachineDescription machine)
    {
        foreach (var state in machine.Info.States)
        {
            var source = state.UnderlyingState.ToString()!;
            foreach (var transition in state.FixedTransitions)
            {
                var trigger = transition.Trigger.UnderlyingTrigger.ToString()!;
                var label = new StringBuilder(trigger);
                if (transition.IsInternalTransition)
                {
                    var action = machine.InternalActions.FirstOrDefault(a => a.State == source && a.Trigger == trigger)?.Description;
                    if (action is not null)
                    {
                        label.Append(" / ").Append(action);
                    }
                }
                else
                {
                    var guards = transition.GuardConditionsMethodDescriptions.Select(g => g.Description).ToList();
                    if (guards.Count > 0)
                    {
                        label.Append(" [").Append(string.Join(", ", guards)).Append(']');
                    }
                }

                yield return (source, transition.DestinationState.UnderlyingState.ToString()!, label.ToString());
            }
        }
    }

    // Mermaid ends a label at a colon or a semicolon, and reads '#' as the start of an entity code.
    private static string EscapeMermaid(string label)
    {
        var text = new StringBuilder(label.Length);
        foreach (var c in label)
        {
            _ = c switch
            {
                '#' => text.Append("#35;"),
                ':' => text.Append("#58;"),
                ';' => text.Append("#59;"),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }

    // In a record label, these characters separate fields unless escaped.
    private static string EscapeRecord(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '|' or '{' or '}' or '<' or '>' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static string Quote(string value, bool escapeBackslash = true)
    {
        var escaped = escapeBackslash ? value.Replace("\\", "\\\\") : value;
        return "\"" + escaped.Replace("\"", "\\\"") + "\"";
    }
}
