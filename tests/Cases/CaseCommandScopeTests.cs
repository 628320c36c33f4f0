using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using static ServiceGrid.Tests.Cases.CaseRecords;

namespace ServiceGrid.Tests.Cases;

/// <summary>What a command carries (an idempotency key, <c>occurredAt</c>), handled without a silo; OccurredAtTests drives it through the grain.</summary>
public sealed class CaseCommandScopeTests
{
    static readonly DateTimeOffset Now = Opened.AddHours(1);

    [Fact]
    public async Task A_command_whose_key_was_applied_before_is_not_run_again()
    {
        var (state, scope) = Dispatched();
        Assert.True(await RunAsync(scope, "key-1", null, () => CaseWorkflow.Respond(state.State, "on my way", "eng-1", Now, Now)));

        var runs = 0;
        Assert.False(await RunAsync(scope, "key-1", null, () => runs++));

        Assert.Equal(0, runs);
        Assert.Equal(["key-1"], state.State.AppliedCommandKeys);
        Assert.True(await RunAsync(scope, "key-2", null, () => runs++));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Only_the_latest_keys_are_remembered()
    {
        var (state, scope) = Dispatched(new CaseCommandOptions { RememberedCommandKeys = 2 });

        foreach (var key in new[] { "key-1", "key-2", "key-3" })
            await RunAsync(scope, key, null, () => CaseContact.AddNote(state.State, key, "csc", Now));

        Assert.Equal(["key-2", "key-3"], state.State.AppliedCommandKeys);
    }

    [Fact]
    public async Task The_command_s_entries_carry_when_it_was_done_and_the_deadlines_recorded_before_it_do_not()
    {
        var (state, scope) = Dispatched();
        // P1: the response is at risk from 45 min and due at 1 h.
        var didIt = Now.AddMinutes(-10);

        await RunAsync(scope, null, didIt, () => CaseWorkflow.Respond(state.State, "on my way", "eng-1", Now, scope.Occurred(Now)),
            before: () => CaseSlaTransitions.RecordDue(state.State, didIt, Now));

        Assert.Equal([TimelineTypes.SlaAtRisk, TimelineTypes.Responded], state.State.Appended());
        Assert.Equal([null, didIt], state.State.Timeline.Select(e => e.OccurredAt));
        Assert.Equal(didIt, state.State.Sla.Response.MetAt);
    }

    [Fact]
    public async Task A_time_in_the_future_or_before_the_previous_step_is_refused()
    {
        var (state, scope) = Dispatched();
        CaseContact.AddNote(state.State, "called", "csc", Now.AddMinutes(-5));

        await Assert.ThrowsAsync<DomainException>(() => RunAsync(scope, null, Now.AddMinutes(5), () => { }));
        var refusal = await Assert.ThrowsAsync<DomainException>(() => RunAsync(scope, null, Now.AddMinutes(-10), () => { }));
        Assert.Contains("previous step", refusal.Message, StringComparison.Ordinal);
    }

    static (StoredCase State, CaseCommandScope Scope) Dispatched(CaseCommandOptions? options = null)
    {
        var state = new StoredCase(InState(CaseState.Dispatched, "tianjin", "eng-1"));
        return (state, new CaseCommandScope(state, options ?? new CaseCommandOptions(), CaseSlaTransitions.Actor));
    }

    /// <summary>One command as the case grain runs it: its time checked, the deadlines before it, its change, the stamp.</summary>
    static async Task<bool> RunAsync(CaseCommandScope scope, string? key, DateTimeOffset? occurredAt, Action change, Action? before = null)
    {
        using var context = CaseCommandContext.Enter(key, occurredAt);
        return await scope.RunAsync(() =>
        {
            scope.Check(Now);
            before?.Invoke();
            scope.Changing();
            change();
            scope.Stamp();
            return Task.CompletedTask;
        });
    }

    sealed class StoredCase(CaseRecord record) : IPersistentState<CaseRecord>
    {
        public CaseRecord State { get; set; } = record;
        public string? Etag => null;
        public bool RecordExists => true;
        public Task ClearStateAsync() => Task.CompletedTask;
        public Task WriteStateAsync() => Task.CompletedTask;
        public Task ReadStateAsync() => Task.CompletedTask;
    }
}
