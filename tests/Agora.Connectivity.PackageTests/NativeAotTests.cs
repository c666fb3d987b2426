using System.Diagnostics;

namespace Agora.Connectivity.PackageTests;

/// <summary>
/// The timeline sample's own source, built from the packed packages and published with Native AOT (tests/Agora.Connectivity.AotConsumer,
/// which <c>.ci/run</c> publishes with warnings as errors before these tests), prints what the same program prints JIT-compiled: every
/// scenario, for every platform and SDK generation below (issue 38).
/// </summary>
public class NativeAotTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", ".."));

    private static readonly string Published = Path.Combine(Root, "artifacts", "aot", "Agora.Connectivity.AotConsumer");

    private static readonly string JitBuilt = Path.Combine(Root, "tests", "Agora.Connectivity.AotConsumer", "bin", "Release", "net10.0", "linux-x64", "Agora.Connectivity.AotConsumer.dll");

    [TestCase]
    [TestCase("--sdk", "legacy")]
    [TestCase("--sdk", "4", "--local", "web", "--remote", "ios")]
    [TestCase("--sdk", "3", "--local", "windows", "--web", "3")]
    [TestCase("--local", "linux", "--mermaid")]
    [TestCase("--local", "csharp", "--sdk", "legacy")]
    public void ThePublishedBinary_PrintsTheTimelineTheJitBuildPrints(params string[] args)
    {
        Assert.That(File.Exists(Published), Is.True, $"{Published} is published by .ci/run (dotnet publish tests/Agora.Connectivity.AotConsumer -c Release -r linux-x64 -o artifacts/aot)");
        Assert.That(File.Exists(JitBuilt), Is.True, $"{JitBuilt} is built by the same publish");

        var (aotExit, aot) = Run(Published, args);
        var (jitExit, jit) = Run("dotnet", [JitBuilt, .. args]);

        Assert.That((aotExit, jitExit), Is.EqualTo((0, 0)), aot);
        Assert.That(aot, Does.Contain("T+20.200s"), "the timeline ran");
        Assert.That(aot, Is.EqualTo(jit));
    }

    [Test]
    public void UnderNativeAot_AGenericHost_BindsNamedLinks_DrivesThem_StopsThem_AndRefusesAnAppKey_AsTheJitBuildDoes()
    {
        var environment = new Dictionary<string, string> { ["AGORA_AOT_HOST"] = "1" };

        var (aotExit, aot) = Run(Published, [], environment);
        var (jitExit, jit) = Run("dotnet", [JitBuilt], environment);

        Assert.That((aotExit, jitExit), Is.EqualTo((0, 0)), aot);
        Assert.That(aot, Is.EqualTo(jit));
        Assert.That(aot.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "bound: HeartbeatInterval=00:00:10 KeepAlive=AnyPacket",
            "after 15 s of silence: Disconnected",
            "after the stop: Idle",
            "following SDK 4.0.1: Failed, StreamChannelNotAvailable",
            "refused at start: Agora:RtmLink:chat:AppId is not a setting of the RTM 2.x link 'chat'",
        }));
    }

    [Test]
    public void ThePublishedBinary_RefusesABadFlag_AsTheSampleDoes()
    {
        var (exit, output) = Run(Published, ["--local", "bogus"]);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.Contain("bogus"));
    }

    private static (int Exit, string Output) Run(string file, string[] args, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, $"{file} ended");
        return (process.ExitCode, output.Result + error.Result);
    }
}
