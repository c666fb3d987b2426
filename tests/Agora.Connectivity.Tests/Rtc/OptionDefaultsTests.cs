using System.Reflection;
using System.Xml.Linq;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;

namespace Agora.Connectivity.Tests.Rtc;

/// <summary>Every option's default is reachable from code (a <c>Default…</c> field) and said in its XML docs (<c>&lt;value&gt;</c>), and all three agree.</summary>
public class OptionDefaultsTests
{
    private static readonly XDocument Docs = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "Agora.Connectivity.xml"));

    [TestCase(typeof(RtcConnectionOptions))]
    [TestCase(typeof(RtmConnectionOptions))]
    [TestCase(typeof(RemoteUserTrackerOptions))]
    [TestCase(typeof(RtmMemberTrackerOptions))]
    public void EveryTimeout_HasADefaultField_EqualToANewInstance_AndToItsValueDoc(Type options)
    {
        var instance = Activator.CreateInstance(options)!;
        var timeouts = options.GetProperties().Where(p => p.PropertyType == typeof(TimeSpan)).ToList();
        Assert.That(timeouts, Is.Not.Empty);
        foreach (var property in timeouts)
        {
            var field = options.GetField("Default" + property.Name, BindingFlags.Public | BindingFlags.Static);
            Assert.That(field, Is.Not.Null, $"{options.Name}.Default{property.Name}");
            Assert.That(field!.IsInitOnly, Is.True);
            var value = (TimeSpan)field.GetValue(null)!;
            Assert.That(property.GetValue(instance), Is.EqualTo(value), property.Name);

            var doc = Docs.Descendants("member").Single(m => (string?)m.Attribute("name") == $"P:{options.FullName}.{property.Name}").Element("value")?.Value.Trim();
            Assert.That(doc, Is.EqualTo($"The default value is {Spoken(value)}."), $"{options.Name}.{property.Name}");
        }
    }

    private static string Spoken(TimeSpan value)
        => value.TotalMinutes >= 1 && value.Seconds == 0 ? $"{value.TotalMinutes} minutes" : value == TimeSpan.FromSeconds(1) ? "1 second" : $"{value.TotalSeconds} seconds";
}
