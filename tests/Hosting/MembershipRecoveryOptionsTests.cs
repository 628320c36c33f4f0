using ServiceGrid.Silo.Hosting;
using static ServiceGrid.Tests.Infrastructure.OptionsValidation;

namespace ServiceGrid.Tests.Hosting;

public sealed class MembershipRecoveryOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_a_silo_is_stale_after_six_seconds()
    {
        var defaults = new MembershipRecoveryOptions();

        Assert.Empty(Validate(defaults));
        Assert.Equal(TimeSpan.FromSeconds(6), defaults.StaleAfter);
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Assert.NotEmpty(Validate(new MembershipRecoveryOptions { IAmAlivePeriod = TimeSpan.FromMilliseconds(500) }));
        Assert.NotEmpty(Validate(new MembershipRecoveryOptions { MissedIAmAliveLimit = 1 }));
        Assert.NotEmpty(Validate(new MembershipRecoveryOptions { GatewayListRefreshPeriod = TimeSpan.Zero }));
    }
}
