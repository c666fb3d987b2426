using System.Text.RegularExpressions;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Agora.Connectivity.Tests.Docs;

/// <summary>
/// Every C# snippet of the README (and of <c>docs/metrics.md</c> and <c>docs/operating.md</c>) compiles as shown, as the Program.cs of a console app (with the SDK's implicit
/// usings, as <c>dotnet new console</c> has them) that references the library's packages.
/// </summary>
public class ReadmeSnippetTests
{
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly MetadataReference[] References = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToArray();

    public static IEnumerable<TestCaseData> Snippets()
        => SnippetsOf("README.md", "ReadmeSnippet").Concat(SnippetsOf("docs/metrics.md", "MetricsDocSnippet")).Concat(SnippetsOf("docs/operating.md", "OperatingDocSnippet")).Concat(SnippetsOf("docs/package-readme.md", "PackageReadmeSnippet"));

    private static IEnumerable<TestCaseData> SnippetsOf(string relativePath, string prefix)
    {
        var text = File.ReadAllText(Repository.PathOf(relativePath.Split('/'))).Replace("\r\n", "\n");
        var index = 0;
        foreach (Match match in Regex.Matches(text, "```csharp\n(.*?)```", RegexOptions.Singleline))
        {
            index++;
            var line = text[..match.Index].Count(c => c == '\n') + 1;
            yield return new TestCaseData(match.Groups[1].Value).SetName($"{prefix}{index}_AtLine{line}_Compiles");
        }
    }

    [Test]
    public void Readme_HasSnippets() => Assert.That(SnippetsOf("README.md", "ReadmeSnippet").Count(), Is.GreaterThanOrEqualTo(4));

    [Test]
    public void MetricsDoc_HasTheOpenTelemetrySnippet() => Assert.That(SnippetsOf("docs/metrics.md", "MetricsDocSnippet").Count(), Is.EqualTo(1));

    [TestCaseSource(nameof(Snippets))]
    public void Snippet_Compiles(string snippet)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        // A snippet written against Agora's C# SDK compiles against its stand-in (Docs/StandIns), as an app's handler does against the SDK.
        SyntaxTree[] sdk = snippet.Contains("using Agora.Rtc;", StringComparison.Ordinal)
            ? [CSharpSyntaxTree.ParseText(File.ReadAllText(Repository.PathOf("tests", "Agora.Connectivity.Tests", "Docs", "StandIns", "AgoraRtcStandIn.cs")), options)]
            : [];
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, options), CSharpSyntaxTree.ParseText(snippet, options), .. sdk],
            References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();

        Assert.That(errors, Is.Empty, snippet);
    }

    [Test]
    public void Snippet_ThatDoesNotCompile_IsCaught()
        => Assert.Throws<AssertionException>(() => Snippet_Compiles("using Agora.Connectivity.Rtc;\nnew RtcConnectionStateMachine().JoinChanel();\n"));
}
