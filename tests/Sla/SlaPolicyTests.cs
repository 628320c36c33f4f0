using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Grains;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Tests.Sla;

/// <summary>The policy as the silo binds it: through <see cref="GrainServiceCollectionExtensions.AddServiceGridGrains"/>.</summary>
public sealed class SlaPolicyTests
{
    static SlaPolicy Bind(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        using var services = new ServiceCollection().AddServiceGridGrains(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SlaPolicy>>().Value;
    }

    [Fact]
    public void Defaults_are_the_service_plan_table()
    {
        var policy = Bind();

        AssertTargets(policy.P1, TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24));
        AssertTargets(policy.P2, TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24));
        AssertTargets(policy.P3, TimeSpan.FromHours(1), TimeSpan.FromHours(24), TimeSpan.FromHours(72));
        AssertTargets(policy.P4, TimeSpan.FromHours(2), null, TimeSpan.FromDays(5));
        AssertTargets(policy.P5, TimeSpan.FromHours(2), null, null);
        Assert.Equal(0.75, policy.AtRiskFraction);
    }

    [Fact]
    public void A_configured_target_overrides_only_that_target()
    {
        var policy = Bind(("ServiceGrid:Sla:P1:Response", "00:00:06"));

        AssertTargets(policy.P1, TimeSpan.FromSeconds(6), TimeSpan.FromHours(4), TimeSpan.FromHours(24));
        AssertTargets(policy.P2, TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24));
    }

    [Fact]
    public void An_empty_target_means_not_applicable()
    {
        var policy = Bind(("ServiceGrid:Sla:P3:Onsite", ""));

        AssertTargets(policy.P3, TimeSpan.FromHours(1), null, TimeSpan.FromHours(72));
        Assert.Equal(MilestoneStatus.NotApplicable,
            SlaClock.Start(policy.For(Severity.P3), policy.AtRiskFraction, DateTimeOffset.UnixEpoch).Onsite.Status);
    }

    [Fact]
    public void A_target_can_be_given_where_the_default_has_none()
    {
        var policy = Bind(("ServiceGrid:Sla:P5:Resolution", "10.00:00:00"));

        Assert.Equal(TimeSpan.FromDays(10), policy.P5.Resolution);
    }

    [Fact]
    public void The_at_risk_fraction_is_configurable()
    {
        Assert.Equal(0.5, Bind(("ServiceGrid:Sla:AtRiskFraction", "0.5")).AtRiskFraction);
    }

    [Theory]
    [InlineData("ServiceGrid:Sla:P1:Response", "00:00:00")]
    [InlineData("ServiceGrid:Sla:P2:Onsite", "-01:00:00")]
    [InlineData("ServiceGrid:Sla:P4:Resolution", "-00:00:01")]
    public void A_zero_or_negative_target_fails_validation_naming_the_key(string key, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind((key, value)));

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("1.5")]
    [InlineData("-0.2")]
    public void An_at_risk_fraction_outside_the_range_fails_validation(string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(("ServiceGrid:Sla:AtRiskFraction", value)));

        Assert.Contains(nameof(SlaPolicy.AtRiskFraction), failure.Message, StringComparison.Ordinal);
    }

    static void AssertTargets(SlaTargets targets, TimeSpan? response, TimeSpan? onsite, TimeSpan? resolution)
    {
        Assert.Equal(response, targets.Response);
        Assert.Equal(onsite, targets.Onsite);
        Assert.Equal(resolution, targets.Resolution);
    }
}
