namespace ServiceGrid.Tests.Infrastructure;

public static class DomainAssert
{
    /// <summary>Asserts that <paramref name="call"/> is refused with a <see cref="DomainException"/> of <paramref name="kind"/>.</summary>
    public static async Task<DomainException> Refused(FailureKind kind, Func<Task> call)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(call);
        Assert.Equal(kind, refusal.Kind);
        return refusal;
    }
}
