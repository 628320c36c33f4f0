using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.ReadModel;
using static ServiceGrid.Tests.Infrastructure.OptionsValidation;

namespace ServiceGrid.Tests.Cases;

public sealed class CaseOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Validate(new CaseOptions()));
        Assert.Empty(Validate(new ReadModelOptions()));
    }

    [Fact]
    public void A_back_off_whose_ceiling_is_below_its_first_wait_is_refused()
    {
        Assert.Contains(Validate(new CaseOptions { FirstPublishRetry = TimeSpan.FromMinutes(2), MaxPublishRetry = TimeSpan.FromMinutes(1) }),
            r => r.MemberNames.Contains(nameof(CaseOptions.MaxPublishRetry)));
        Assert.Contains(Validate(new ReadModelOptions { ProjectionFirstRetry = TimeSpan.FromSeconds(30), ProjectionMaxRetry = TimeSpan.FromSeconds(1) }),
            r => r.MemberNames.Contains(nameof(ReadModelOptions.ProjectionMaxRetry)));
    }

    [Fact]
    public void Out_of_range_settings_are_refused()
    {
        Assert.NotEmpty(Validate(new CaseOptions { ProjectionGrace = TimeSpan.Zero }));
        Assert.NotEmpty(Validate(new ReadModelOptions { ProjectionMaxBatch = 0 }));
    }
}
