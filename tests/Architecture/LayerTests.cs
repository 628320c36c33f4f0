using NetArchTest.Rules;

namespace ServiceGrid.Tests.Architecture;

/// <summary>
/// Issue #14: web code outside its composition root (<c>web/Hosting</c>) talks to the grid only through the contracts of
/// grains.interfaces, never through grain or silo implementations. The check reads the compiled web assembly, so it sees
/// every type used (signatures, method bodies, lambdas, async methods), not only <c>using</c> lines.
/// </summary>
public sealed class LayerTests
{
    static readonly string[] Implementations = ["ServiceGrid.Grains", "ServiceGrid.Silo"];

    public static TheoryData<string> ContractOnlyLayers =>
        ["ServiceGrid.Web.Api", "ServiceGrid.Web.Security", "ServiceGrid.Web.Board", "ServiceGrid.Web.Reports"];

    static PredicateList WebTypesIn(string layer) => Types.InAssembly(typeof(Program).Assembly).That().ResideInNamespace(layer);

    [Theory]
    [MemberData(nameof(ContractOnlyLayers))]
    public void Web_code_outside_the_composition_root_depends_on_no_grain_or_silo_implementation(string layer)
    {
        Assert.NotEmpty(WebTypesIn(layer).GetTypes());

        var result = WebTypesIn(layer).ShouldNot().HaveDependencyOnAny(Implementations).GetResult();

        Assert.True(result.IsSuccessful,
            $"{layer} uses grain or silo implementations in: {string.Join(", ", result.FailingTypeNames ?? [])}. " +
            "Use a contract of grains.interfaces, registered in web/Hosting.");
    }

    /// <summary>The control: the composition root does reference the silo and the grains, and the check sees it.</summary>
    [Fact]
    public void The_check_sees_the_composition_roots_references_to_implementations()
    {
        var result = WebTypesIn("ServiceGrid.Web.Hosting").ShouldNot().HaveDependencyOnAny(Implementations).GetResult();

        Assert.False(result.IsSuccessful);
    }
}
