using NetArchTest.Rules;
using ServiceGrid.Grains.Cases;

namespace ServiceGrid.Tests.Architecture;

/// <summary>
/// The rules of a case's commands stay pure: they take the record and write to it, while <see cref="CaseGrain"/> keeps
/// activation, storage, streams, reminders, the clock and the calls to other grains. Read from the compiled assembly,
/// so a rule that starts calling a grain or reading the clock fails here, not in review.
/// </summary>
public sealed class CaseRuleTests
{
    static readonly string[] SiloOnly = ["Orleans.Runtime", "Orleans.Streams", "Orleans.Timers", "Orleans.IGrainFactory", "System.TimeProvider", "Microsoft.Extensions"];

    public static TheoryData<string> Rules =>
    [
        nameof(CaseWorkflow), nameof(CaseSlaTransitions), nameof(CaseCare), nameof(CaseContact), nameof(CaseField),
        nameof(CaseVisits), nameof(CasePlanning), nameof(CaseReassignment), nameof(CaseTransitions),
    ];

    static PredicateList Named(string name) =>
        Types.InAssembly(typeof(CaseGrain).Assembly).That().ResideInNamespace("ServiceGrid.Grains.Cases").And().HaveName(name);

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_case_rule_needs_no_silo_no_clock_and_no_other_grain(string rule)
    {
        Assert.Single(Named(rule).GetTypes());

        var result = Named(rule).ShouldNot().HaveDependencyOnAny(SiloOnly).GetResult();

        Assert.True(result.IsSuccessful, $"{rule} depends on what only the grain may use: {string.Join(", ", result.FailingTypeNames ?? [])}.");
    }

    /// <summary>The control: the grain does depend on them, and the check sees it.</summary>
    [Fact]
    public void The_check_sees_the_grains_own_dependencies()
    {
        Assert.False(Named(nameof(CaseGrain)).ShouldNot().HaveDependencyOnAny(SiloOnly).GetResult().IsSuccessful);
    }
}
