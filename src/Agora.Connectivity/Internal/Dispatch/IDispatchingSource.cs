namespace Agora.Connectivity.Internal.Dispatch;

/// <summary>An event source of the library's own: its dispatcher says when it is disposed (an event stream then completes).</summary>
internal interface IDispatchingSource
{
    /// <summary>Gets the dispatcher every event of the source goes through.</summary>
    EventDispatcher Dispatcher { get; }
}
