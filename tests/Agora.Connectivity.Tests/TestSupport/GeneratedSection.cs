namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>
/// Checks that a generated part of a committed file (between <c>&lt;!-- name:start --&gt;</c> and
/// <c>&lt;!-- name:end --&gt;</c> markers, or the whole file) equals what the code generates now.
/// With <c>AGORA_UPDATE_DOCS=1</c> it rewrites the file instead.
/// </summary>
public static class GeneratedSection
{
    public static void AssertUpToDate(string relativePath, string? section, string generated)
    {
        var path = Repository.PathOf(relativePath.Split('/'));
        var text = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : string.Empty;
        string expected;
        if (section is null)
        {
            expected = generated;
        }
        else
        {
            var start = $"<!-- {section}:start -->\n";
            var end = $"<!-- {section}:end -->";
            var from = text.IndexOf(start, StringComparison.Ordinal);
            var to = text.IndexOf(end, StringComparison.Ordinal);
            Assert.That(from >= 0 && to > from, Is.True, $"{relativePath} has no '{section}' section.");
            expected = text[..(from + start.Length)] + generated + text[to..];
        }

        if (Environment.GetEnvironmentVariable("AGORA_UPDATE_DOCS") == "1" && expected != text)
        {
            File.WriteAllText(path, expected);
            text = expected;
        }

        Assert.That(text, Is.EqualTo(expected), $"{relativePath} is out of date with the code; run the tests with AGORA_UPDATE_DOCS=1 and commit the result.");
    }
}
