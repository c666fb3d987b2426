namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// A login waiting for its outcome, the one pending-login type of the machines (RTM 1.x and RTM 2.x): the token it brings, the
/// caller's cancellation, and the task the caller awaits. Its continuations never run inside a machine's lock.
/// </summary>
internal sealed class PendingLogin
{
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Initializes a new instance of the <see cref="PendingLogin"/> class.</summary>
    /// <param name="tokenExpiresAt">When the login's token expires; <see langword="null"/> for one that never does.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    public PendingLogin(DateTimeOffset? tokenExpiresAt, CancellationToken cancellationToken)
    {
        TokenExpiresAt = tokenExpiresAt;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets when the login's token expires; <see langword="null"/> for one that never does.</summary>
    public DateTimeOffset? TokenExpiresAt { get; }

    /// <summary>Gets the caller's cancellation.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets or sets a value indicating whether the caller canceled the login: it then ends canceled, whatever ended it.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>Gets the task the caller awaits.</summary>
    public Task Task => _completion.Task;

    /// <summary>Completes the login.</summary>
    public void Succeed() => _completion.TrySetResult(true);

    /// <summary>Ends the login: canceled when the caller asked for it, else faulted with <paramref name="failure"/>.</summary>
    /// <param name="failure">Why it did not succeed.</param>
    public void Fail(Exception failure)
    {
        if (CancelRequested)
        {
            _completion.TrySetCanceled(CancellationToken);
        }
        else
        {
            _completion.TrySetException(failure);
        }
    }
}
