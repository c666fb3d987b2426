using System.Text.Json;
using System.Text.RegularExpressions;

namespace Agora.Connectivity.PackageTests;

/// <summary>
/// The DLLs docs/unity.md tells a Unity user to copy are exactly what NuGet resolves for netstandard2.1 from the packed core
/// package: read from the assets file of tests/Agora.Connectivity.PackageTests.NetStandard (which targets netstandard2.1 too),
/// following the dependencies from Agora.Connectivity (issue 38).
/// </summary>
public partial class UnityClosureTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", ".."));

    [Test]
    public void TheDocumentedDlls_AreTheNetStandard21ClosureOfThePackedPackage()
    {
        Assert.That(Documented(), Is.EqualTo(Resolved()));
    }

    private static List<string> Resolved()
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "tests", "Agora.Connectivity.PackageTests.NetStandard", "obj", "project.assets.json")));
        var target = assets.RootElement.GetProperty("targets").GetProperty("netstandard2.1");
        var byId = target.EnumerateObject().ToDictionary(p => p.Name.Split('/')[0], p => (Key: p.Name, Value: p.Value), StringComparer.OrdinalIgnoreCase);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var rows = new List<string>();
        var pending = new Stack<string>(["Agora.Connectivity"]);
        while (pending.TryPop(out var id))
        {
            if (!seen.Add(id))
            {
                continue;
            }

            var (key, package) = byId[id];
            var version = key.Split('/')[1];
            if (package.TryGetProperty("runtime", out var runtime))
            {
                rows.AddRange(runtime.EnumerateObject().Where(dll => dll.Name.EndsWith(".dll", StringComparison.Ordinal))
                    .Select(dll => $"{Path.GetFileName(dll.Name)} | {key.Split('/')[0]} | {version} | {dll.Name}"));
            }

            if (package.TryGetProperty("dependencies", out var dependencies))
            {
                foreach (var dependency in dependencies.EnumerateObject())
                {
                    pending.Push(byId[dependency.Name].Key.Split('/')[0]);
                }
            }
        }

        return rows.Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> Documented()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "unity.md"));
        var table = text[text.IndexOf("<!-- unity-dlls:start -->", StringComparison.Ordinal)..text.IndexOf("<!-- unity-dlls:end -->", StringComparison.Ordinal)];
        return Row().Matches(table)
            .Select(m => $"{m.Groups["dll"].Value} | {m.Groups["package"].Value} | {m.Groups["version"].Value} | {m.Groups["path"].Value}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"^\| `(?<dll>[^`]+)` \| (?<package>[^ |]+) \| (?<version>[^ |]+) \| `(?<path>[^`]+)` \|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
