using Agora.Connectivity.Internal.Machines;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Docs;

public class DiagramTests
{
    [Test]
    public void Readme_RtcDiagram_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("README.md", "rtc-diagram", Mermaid(RtcConnectionStateMachine.Describe()));

    [Test]
    public void Docs_RtcDot_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("docs/diagrams/rtc-connection.dot", null, StateDiagram.Dot(RtcConnectionStateMachine.Describe()));

    [Test]
    public void Readme_RtmDiagram_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("README.md", "rtm-diagram", Mermaid(RtmConnectionStateMachine.Describe()));

    [Test]
    public void Docs_RtmDot_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("docs/diagrams/rtm-connection.dot", null, StateDiagram.Dot(RtmConnectionStateMachine.Describe()));

    [Test]
    public void Readme_RtmLinkDiagram_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("README.md", "rtm2-diagram", Mermaid(RtmLinkStateMachine.Describe()));

    [Test]
    public void Docs_RtmLinkDot_IsGeneratedFromTheTable()
        => GeneratedSection.AssertUpToDate("docs/diagrams/rtm-link.dot", null, StateDiagram.Dot(RtmLinkStateMachine.Describe()));

    internal static string Mermaid(MachineDescription machine) => "```mermaid\n" + StateDiagram.Mermaid(machine) + "```\n";
}
