using System.Text;

namespace Agora.Connectivity.Internal.StateMachines;

/// <summary>Writes a <see cref="StateMachineInfo"/> as a Graphviz DOT digraph, entry and exit actions in each state's record.</summary>
internal static class DotGraph
{
    public static string Format(StateMachineInfo info)
    {
        var text = new StringBuilder();
        text.Append("digraph ").Append(Quote(info.Name)).Append(" {\n");
        text.Append("    rankdir=\"LR\";\n");
        text.Append("    node [shape=\"Mrecord\"];\n");
        foreach (var state in info.States)
        {
            var label = new StringBuilder(EscapeRecord(state.Name));
            if (state.EntryActions.Count + state.ExitActions.Count > 0)
            {
                label.Append('|');
                foreach (var entry in state.EntryActions)
                {
                    label.Append("entry / ").Append(EscapeRecord(entry)).Append("\\l");
                }

                foreach (var exit in state.ExitActions)
                {
                    label.Append("exit / ").Append(EscapeRecord(exit)).Append("\\l");
                }
            }

            text.Append("    ").Append(Quote(state.Name)).Append(" [label=").Append(Quote(label.ToString(), escapeBackslash: false)).Append("];\n");
        }

        text.Append("    \"__initial\" [label=\"\", shape=\"point\"];\n");
        text.Append("    \"__initial\" -> ").Append(Quote(info.InitialState)).Append(";\n");
        foreach (var state in info.States)
        {
            foreach (var transition in state.Transitions)
            {
                text.Append("    ").Append(Quote(transition.Source)).Append(" -> ").Append(Quote(transition.Destination))
                    .Append(" [label=").Append(Quote(transition.Label)).Append("];\n");
            }
        }

        text.Append("}\n");
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
