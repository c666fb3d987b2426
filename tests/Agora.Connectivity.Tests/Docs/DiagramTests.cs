using Agora.Connectivity.Internal.StateMachines;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Docs;

public class DiagramTests
{
    [Test]
    public void Readme_RtcDiagram_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("README.md", "rtc-diagram", Mermaid(RtcConnectionStateMachine.Table.Info));

    [Test]
    public void Docs_RtcDot_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("docs/diagrams/rtc-connection.dot", null, DotGraph.Format(RtcConnectionStateMachine.Table.Info));

    [Test]
    public void Readme_RtmDiagram_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("README.md", "rtm-diagram", Mermaid(RtmConnectionStateMachine.Table.Info));

    [Test]
    public void Docs_RtmDot_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("docs/diagrams/rtm-connection.dot", null, DotGraph.Format(RtmConnectionStateMachine.Table.Info));

    internal static string Mermaid(StateMachineInfo info) => "```mermaid\n" + MermaidGraph.Format(info) + "```\n";
}
