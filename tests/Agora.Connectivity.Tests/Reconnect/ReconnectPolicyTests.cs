using Agora.Connectivity.Reconnect;

namespace Agora.Connectivity.Tests.Reconnect;

/// <summary>What both shipped policies say when asked for a delay before any attempt was made.</summary>
public class ReconnectPolicyTests
{
    public static IEnumerable<TestCaseData> Policies()
    {
        yield return new TestCaseData(new FixedDelaysPolicy([TimeSpan.Zero], repeatLast: true)).SetArgDisplayNames("FixedDelays");
        yield return new TestCaseData(new ExponentialBackoffPolicy()).SetArgDisplayNames("ExponentialBackoff");
    }

    [TestCaseSource(nameof(Policies))]
    public void NextRetryDelay_WithNoPreviousAttempt_ThrowsAnArgumentExceptionThatSaysWhy(IReconnectPolicy policy)
    {
        foreach (var attempts in new[] { 0, -1, int.MinValue })
        {
            var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => policy.NextRetryDelay(new ReconnectContext(attempts, TimeSpan.Zero, TimeSpan.Zero, null)));

            Assert.That(thrown!.ParamName, Is.EqualTo("context"));
            Assert.That(thrown.Message, Does.StartWith($"A retry delay is asked for after a failed attempt: PreviousAttempts must be 1 or more; it was {attempts}."));
        }
    }

    [TestCaseSource(nameof(Policies))]
    public void NextRetryDelay_WithNoContext_ThrowsArgumentNull(IReconnectPolicy policy)
        => Assert.That(Assert.Throws<ArgumentNullException>(() => policy.NextRetryDelay(null!))!.ParamName, Is.EqualTo("context"));

    [TestCaseSource(nameof(Policies))]
    public void NextRetryDelay_AfterTheFirstAttempt_GivesADelay(IReconnectPolicy policy)
        => Assert.That(policy.NextRetryDelay(new ReconnectContext(1, TimeSpan.Zero, TimeSpan.Zero, null)), Is.Not.Null);
}
