using ServiceGrid.Grains.Service;
using static ServiceGrid.Tests.Infrastructure.OptionsValidation;

namespace ServiceGrid.Tests.Service;

public sealed class ServiceOptionsTests
{
    [Fact]
    public void The_defaults_are_the_service_plans_and_valid()
    {
        var options = new ServiceOptions();

        Assert.Equal((36, 3), (options.WarrantyMonths, options.InspectionIntervalMonths));
        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData(nameof(ServiceOptions.InspectionCheckPeriod))]
    [InlineData(nameof(ServiceOptions.CapaCheckPeriod))]
    public void A_reminder_period_under_orleans_one_minute_minimum_is_refused(string property)
    {
        var options = new ServiceOptions();
        typeof(ServiceOptions).GetProperty(property)!.SetValue(options, TimeSpan.FromSeconds(30));

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(property));
    }

    [Fact]
    public void Out_of_range_months_and_a_negative_look_back_are_refused()
    {
        Assert.NotEmpty(Validate(new ServiceOptions { WarrantyMonths = -1 }));
        Assert.NotEmpty(Validate(new ServiceOptions { InspectionIntervalMonths = 0 }));
        Assert.NotEmpty(Validate(new ServiceOptions { InitialLookBack = TimeSpan.FromDays(-1) }));
    }
}
