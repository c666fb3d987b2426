using System.Reflection;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.PublicApi;

/// <summary>
/// Locks each package's public surface. When a change to the surface is intended, run the tests with
/// <c>AGORA_APPROVE_API=1</c> to rewrite the approved files, and review their diff.
/// </summary>
public class PublicApiTests
{
    public static IEnumerable<TestCaseData> Packages()
    {
        yield return new TestCaseData(typeof(ITimeProvider).Assembly).SetArgDisplayNames("Agora.Connectivity");
        yield return new TestCaseData(typeof(FakeTimeProvider).Assembly).SetArgDisplayNames("Agora.Connectivity.Testing");
        yield return new TestCaseData(typeof(Microsoft.Extensions.DependencyInjection.ConnectivityServiceCollectionExtensions).Assembly).SetArgDisplayNames("Agora.Connectivity.DependencyInjection");
    }

    [TestCaseSource(nameof(Packages))]
    public void PublicApi_Should_Not_Change_Unintentionally(Assembly assembly)
    {
        var actual = PublicApiGenerator.Generate(assembly);
        var approvedPath = Repository.PathOf("tests", "Agora.Connectivity.Tests", "PublicApi", $"{assembly.GetName().Name}.approved.txt");
        var receivedPath = Path.ChangeExtension(approvedPath, ".received.txt");

        if (Environment.GetEnvironmentVariable("AGORA_APPROVE_API") == "1")
        {
            File.WriteAllText(approvedPath, actual);
        }

        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n") : string.Empty;
        if (approved != actual)
        {
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"The public API of {assembly.GetName().Name} changed. Compare {receivedPath} with {approvedPath}; "
                + "if the change is intended, run the tests with AGORA_APPROVE_API=1 and commit the approved file.");
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }
    }
}
