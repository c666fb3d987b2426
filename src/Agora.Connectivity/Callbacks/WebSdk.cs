namespace Agora.Connectivity.Callbacks;

/// <summary>
/// A line of Agora's Web SDK, each as it shipped; pick its strategy with <see cref="CallbackStrategies.ForWeb(WebSdk)"/>. Every
/// name, and the package file it comes from, is in <c>docs/callbacks.md</c>.
/// </summary>
public enum WebSdk
{
    /// <summary>
    /// <c>agora-rtc-sdk</c> 2.x, the seed documents' Web and the default: <c>stream-added</c>; <c>stream-removed</c> 10 s after a
    /// user's last data; <c>peer-leave(uid)</c> on a leave and when the server lets go of a silent user after 3 min; nothing about
    /// its own connection but the token (<c>onTokenPrivilegeWillExpire</c>, <c>onTokenPrivilegeDidExpire</c>: 2.5.1 and later).
    /// </summary>
    V2 = 0,

    /// <summary>
    /// <c>agora-rtc-sdk</c> 3.x as shipped (3.6.11 <c>index.d.ts</c>): <c>peer-online</c> and <c>stream-added</c>;
    /// <c>peer-leave(uid, Quit | ServerTimeOut | BecomeAudience)</c>, a drop 20 s after the last data;
    /// <c>connection-state-change(curState, prevState)</c> over DISCONNECTED, CONNECTING, CONNECTED and DISCONNECTING, without a
    /// reason (reconnecting is CONNECTING, with <c>reconnect</c> and <c>rejoin</c>); <c>client-banned</c>; the token events of 2.x.
    /// </summary>
    V3 = 1,

    /// <summary>
    /// <c>agora-rtc-sdk-ng</c> 4.x as shipped (4.24.8): <c>connection-state-change(curState, revState, reason)</c> through
    /// DISCONNECTING on a leave and on the token's expiry, reasons as the SDK reports them (never <c>SERVER_ERROR</c>);
    /// <c>user-joined</c>, <c>user-published</c>, <c>user-unpublished</c>, <c>user-left(uid, reason)</c> 20 s after the last data;
    /// <c>token-privilege-will-expire</c>, <c>token-privilege-did-expire</c>.
    /// </summary>
    V4 = 2,
}
