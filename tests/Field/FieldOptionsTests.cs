using ServiceGrid.Grains.Cases;
using ServiceGrid.Web.Field;
using static ServiceGrid.Tests.Infrastructure.OptionsValidation;

namespace ServiceGrid.Tests.Field;

public sealed class FieldOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_are_the_issues()
    {
        Assert.Empty(Validate(new IdempotencyOptions()));
        Assert.Empty(Validate(new FieldOptions()));
        Assert.Empty(Validate(new CaseCommandOptions()));
        Assert.Equal(TimeSpan.FromDays(7), new IdempotencyOptions().Retention);
        Assert.Equal(TimeSpan.FromHours(24), new CaseCommandOptions().MaxOccurredAtAge);
    }

    [Fact]
    public void Out_of_range_settings_are_refused()
    {
        Assert.NotEmpty(Validate(new IdempotencyOptions { Retention = TimeSpan.FromSeconds(5) }));
        Assert.NotEmpty(Validate(new IdempotencyOptions { InFlightLease = TimeSpan.Zero }));
        Assert.NotEmpty(Validate(new FieldOptions { MaxSignatureBytes = 100 }));
        Assert.NotEmpty(Validate(new FieldOptions { LocationInterval = TimeSpan.Zero }));
        Assert.NotEmpty(Validate(new CaseCommandOptions { MaxOccurredAtAge = TimeSpan.FromDays(31) }));
        Assert.NotEmpty(Validate(new CaseCommandOptions { RememberedCommandKeys = 0 }));
    }

    [Fact]
    public void The_signature_routes_body_limit_holds_the_largest_image_in_base64()
    {
        var options = new FieldOptions();

        Assert.True(options.MaxSignatureBodyBytes >= (options.MaxSignatureBytes + 2) / 3 * 4 + 1024);
    }
}
