using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceGrid.Demo;

namespace ServiceGrid.Tests.Demo;

public sealed class DemoOptionsTests
{
    static DemoOptions Resolve(bool embedded, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddServiceGridDemo(configuration, embedded).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DemoOptions>>().Value;
    }

    [Fact]
    public void Demo_organization_and_traffic_are_on_in_embedded_mode_and_off_in_durable_mode()
    {
        var embedded = Resolve(embedded: true, []);
        var durable = Resolve(embedded: false, []);
        Assert.Equal((true, true), (embedded.Organization, embedded.Traffic));
        Assert.Equal((false, false), (durable.Organization, durable.Traffic));
    }

    [Fact]
    public void Traffic_can_be_switched_off_by_configuration()
    {
        var options = Resolve(embedded: true, new() { ["ServiceGrid:Demo:Traffic"] = "false", ["ServiceGrid:Demo:CasesPerMinute"] = "3" });
        Assert.Equal((true, false, 3.0), (options.Organization, options.Traffic, options.CasesPerMinute));
    }

    [Theory]
    [InlineData("ServiceGrid:Demo:SlipShare", "1.5")]
    [InlineData("ServiceGrid:Demo:SpeedUp", "0")]
    [InlineData("ServiceGrid:Demo:TickInterval", "00:00:00")]
    [InlineData("ServiceGrid:Demo:MaxWorkTime", "00:01:00")]
    public void A_bad_setting_fails_validation(string key, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(embedded: true, new() { [key] = value }));
        Assert.Contains(key.Split(':')[^1], string.Join(" ", failure.Failures));
    }
}
