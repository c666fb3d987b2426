using System.Diagnostics.Metrics;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>A meter factory of a test's own: its meters are scoped to it (a listener can tell them from other tests'), disposed with it.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
