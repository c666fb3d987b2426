namespace Agora.Connectivity.Internal.Machines;

/// <summary>A connection machine a host can name: the name tags its traces (<c>agora.connection.name</c>) and metrics (<c>agora.connection</c>).</summary>
internal interface INamedConnection
{
    /// <summary>Sets the name a host registered the machine under; <see langword="null"/> when it has none.</summary>
    string? ConnectionName { set; }
}
