namespace Agora.Connectivity.Rtm;

/// <summary>A login did not succeed; <see cref="Reason"/> says why (the documents' rejected promise).</summary>
public sealed class RtmLoginException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RtmLoginException"/> class.</summary>
    public RtmLoginException()
        : this(RtmConnectionChangeReason.LoginFailure)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmLoginException"/> class with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public RtmLoginException(string message)
        : this(RtmConnectionChangeReason.LoginFailure, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmLoginException"/> class with a message and the exception behind it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The exception behind it.</param>
    public RtmLoginException(string message, Exception innerException)
        : base(message, innerException)
        => Reason = RtmConnectionChangeReason.LoginFailure;

    /// <summary>Initializes a new instance of the <see cref="RtmLoginException"/> class for <paramref name="reason"/>.</summary>
    /// <param name="reason">Why the login did not succeed.</param>
    public RtmLoginException(RtmConnectionChangeReason reason)
        : this(reason, DescribeReason(reason))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmLoginException"/> class for <paramref name="reason"/>, with a message.</summary>
    /// <param name="reason">Why the login did not succeed.</param>
    /// <param name="message">What went wrong.</param>
    public RtmLoginException(RtmConnectionChangeReason reason, string message)
        : base(message)
        => Reason = reason;

    /// <summary>Gets why the login did not succeed.</summary>
    public RtmConnectionChangeReason Reason { get; }

    private static string DescribeReason(RtmConnectionChangeReason reason) => reason switch
    {
        RtmConnectionChangeReason.LoginFailure => "The login failed (LoginFailure); the state went back to Disconnected.",
        RtmConnectionChangeReason.LoginTimeout => "The login did not complete within the login timeout (LoginTimeout); the state went back to Disconnected.",
        RtmConnectionChangeReason.Logout => "The login was abandoned because LogoutAsync was called before it completed (Logout).",
        RtmConnectionChangeReason.RemoteLogin => "The login was aborted because another instance logged in with the same user ID (RemoteLogin).",
        RtmConnectionChangeReason.BannedByServer => "The login was aborted because the server banned the client (BannedByServer).",
        RtmConnectionChangeReason.Login or RtmConnectionChangeReason.LoginSuccess or RtmConnectionChangeReason.Interrupted or RtmConnectionChangeReason.TokenExpired
            => $"The login did not succeed ({reason}).",
    };
}
