using ServiceGrid.Grains;

namespace ServiceGrid.Tests;

public sealed class BackoffTests
{
    [Fact]
    public void Each_wait_doubles_up_to_the_maximum_and_a_reset_starts_again()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        Assert.True(backoff.AtFirst);
        Assert.Equal([1, 2, 4, 5, 5], Enumerable.Range(0, 5).Select(_ => backoff.Next().TotalSeconds));
        Assert.False(backoff.AtFirst);
        backoff.Reset();
        Assert.True(backoff.AtFirst);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }

    [Fact]
    public void A_jittered_wait_stays_within_half_either_way()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4));

        Assert.All(Enumerable.Range(0, 100).Select(_ => backoff.NextJittered()),
            wait => Assert.InRange(wait, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6)));
    }
}
