using System.Diagnostics;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Samples;

/// <summary>
/// The samples run as a user runs them — their own process, started from another directory — with bad
/// input: each must exit non-zero with one line that says what was wrong and what is expected, never a trace.
/// </summary>
public class SampleProcessTests
{
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    [TestCase("Agora.Connectivity.LiveDemo", new[] { "--pause", "1", "--interruption", "2" }, "A pause of 1 s is not longer than the interruption timeout of 2 s")]
    [TestCase("Agora.Connectivity.LiveDemo", new[] { "--pause", "soon" }, "--pause 'soon' is not a time between 1 ms and 10 min. Write seconds (2, 1.5), a number with a unit (500ms, 2s, 1m), or hh:mm:ss (00:00:02).")]
    [TestCase("Agora.Connectivity.LiveDemo", new[] { "--platform", "mars" }, "Unknown platform 'mars'. Use one of: android, ios, macos, windows, linux, web.")]
    [TestCase("Agora.Connectivity.LiveDemo", new[] { "--lost", "-1" }, "--lost '-1' is not a time between 1 ms and 10 min.")]
    [TestCase("Agora.Connectivity.LiveDemo", new[] { "--verbose" }, "Unknown argument '--verbose'. Run with --help to see the options.")]
    [TestCase("Agora.Connectivity.Timeline", new[] { "--sdk", "5" }, "Unknown SDK generation '5'.")]
    [TestCase("Agora.Connectivity.Timeline", new[] { "--local", "mars" }, "Unknown platform 'mars'.")]
    [TestCase("Agora.Connectivity.HostedSample", new[] { "--verbose" }, "Unknown argument '--verbose'. Settings are written --Agora:Rtc:NAME=VALUE; run with --help.")]
    [TestCase("Agora.Connectivity.LiveDemo", new[] { "--interruption", "0.0001", "--pause", "0.0005" }, "--interruption '0.0001' is not a time between 1 ms and 10 min.")]
    [TestCase("Agora.Connectivity.LiveDemo", new[] { "--interruption", "100ms", "--pause", "1s" }, "An interruption timeout of 0.1 s is not longer than the server's heartbeat of 0.2 s")]
    [TestCase("Agora.Connectivity.HostedSample", new[] { "--Agora:Rtc:InterruptionTimeout=00:00:00" }, "Invalid settings: Agora:Rtc:InterruptionTimeout must be greater than zero; it was 00:00:00.")]
    [TestCase("Agora.Connectivity.HostedSample", new[] { "--Agora:Rtc:InterruptionTimeout=4" }, "Invalid settings: Agora:Rtc:InterruptionTimeout must be at most 00:01:00; it was 4.00:00:00. Timeouts are written as hh:mm:ss (00:00:04 is 4 seconds; a bare 4 is read as 4 days).")]
    [TestCase("Agora.Connectivity.HostedSample", new[] { "--Agora:Rtc:InteruptionTimeout=00:00:04" }, "Invalid settings: Agora:Rtc:InteruptionTimeout is not a setting of the RTC connection: the section Agora:Rtc binds RtcConnectionOptions")]
    [TestCase("Agora.Connectivity.HostedSample", new[] { "--Agora:Rtc:InterruptionTimeout=soon" }, "Invalid settings: Failed to convert configuration value at 'Agora:Rtc:InterruptionTimeout' to type 'System.TimeSpan'. String 'soon' was not recognized as a valid TimeSpan.")]
    public void BadInput_ExitsNonZero_WithOneLineSayingWhatIsExpected(string sample, string[] args, string message)
    {
        var (exitCode, output, error) = Run(sample, args);

        Assert.That(exitCode, Is.EqualTo(2), output + error);
        Assert.That(error.Trim(), Does.StartWith(message));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(output + error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void HostedSample_ReadsItsSettingsFromBesideItself_WhereverItIsStarted()
    {
        // Valid against the defaults (20 min to FAILED) but not against the sample's appsettings.json (30 s):
        // the error shows the file was read though the process started elsewhere.
        var (exitCode, _, error) = Run("Agora.Connectivity.HostedSample", ["--Agora:Rtc:ConnectionLostTimeout=00:01:00"]);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error.Trim(), Is.EqualTo("Invalid settings: Agora:Rtc:ConnectionLostTimeout must be shorter than ReconnectFailureTimeout under the Current behavior, since both count from the interruption; they were 00:01:00 and 00:00:30."));
    }

    [Test]
    public void HostedSample_WithAMalformedSettingsFile_SaysSoInOneLine_AndExits2()
    {
        // A copy of the built sample whose appsettings.json is not JSON.
        var built = Path.GetDirectoryName(Repository.PathOf("samples", "Agora.Connectivity.HostedSample", "bin", Configuration, "net10.0", "x"))!;
        var copy = Directory.CreateTempSubdirectory("hosted-sample-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(built))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(copy, "appsettings.json"), "{ \"Agora\": { \"Rtc\": ");
            var (exitCode, output, error) = Run(Path.Combine(copy, "Agora.Connectivity.HostedSample.dll"), []);

            Assert.That(exitCode, Is.EqualTo(2), output + error);
            Assert.That(error.Trim(), Does.StartWith("Invalid settings: Failed to load configuration from file"));
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [TestCase("Agora.Connectivity.LiveDemo")]
    [TestCase("Agora.Connectivity.Timeline")]
    [TestCase("Agora.Connectivity.HostedSample")]
    public void Help_PrintsTheUsage_AndSucceeds(string sample)
    {
        var (exitCode, output, _) = Run(sample, ["--help"]);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.StartWith($"Usage: dotnet run --project samples/{sample}"));
    }

    private static (int ExitCode, string Output, string Error) Run(string sample, string[] args)
    {
        var dll = sample.EndsWith(".dll", StringComparison.Ordinal) ? sample : Repository.PathOf("samples", sample, "bin", Configuration, "net10.0", sample + ".dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} is not built.");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{sample} {string.Join(' ', args)} did not exit within 60 s.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
