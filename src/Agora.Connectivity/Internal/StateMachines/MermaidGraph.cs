using System.Text;

namespace Agora.Connectivity.Internal.StateMachines;

/// <summary>Writes a <see cref="StateMachineInfo"/> as a Mermaid <c>stateDiagram-v2</c>.</summary>
internal static class MermaidGraph
{
    public static string Format(StateMachineInfo info)
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        text.Append("    [*] --> ").Append(info.InitialState).Append('\n');
        foreach (var state in info.States)
        {
            foreach (var transition in state.Transitions)
            {
                text.Append("    ").Append(transition.Source).Append(" --> ").Append(transition.Destination)
                    .Append(" : ").Append(Escape(transition.Label)).Append('\n');
            }
        }

        return text.ToString();
    }

    // Mermaid ends a label at a colon or a semicolon, and reads '#' as the start of an entity code.
    private static string Escape(string label)
    {
        var text = new StringBuilder(label.Length);
        foreach (var c in label)
        {
            _ = c switch
            {
                ':' => text.Append("#58;"),
                ';' => text.Append("#59;"),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }
}
