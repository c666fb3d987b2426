namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>Finds files of this repository from the test's output folder (source paths are mapped in CI builds).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agora.Connectivity.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Agora.Connectivity.sln above {AppContext.BaseDirectory}.");
    }
}
