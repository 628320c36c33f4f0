using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using static ServiceGrid.Tests.Cases.CaseRecords;

namespace ServiceGrid.Tests.Cases;

/// <summary>What the customer tells a case, without a silo; CareTests and LifecycleTests drive the same rules through the grain.</summary>
public sealed class CaseContactTests
{
    static readonly DateTimeOffset Now = Opened.AddMinutes(10);

    [Fact]
    public void A_note_is_added_to_a_case_being_worked_but_not_to_a_closed_or_cancelled_one()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");
        CaseContact.AddNote(record, "customer called again", "csc", Now);
        Assert.Equal(("customer called again", 2), (record.Timeline[^1].Note, record.Version));

        foreach (var ended in new[] { CaseState.Closed, CaseState.Cancelled })
        {
            var refusal = Assert.Throws<DomainException>(() => CaseContact.AddNote(InState(ended), "hello", "csc", Now));
            Assert.Contains("open a new case", refusal.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_answered_consultation_meets_its_response_waives_the_rest_and_closes()
    {
        var record = InState(CaseState.Open, kind: CaseKind.Consultation);

        Assert.True(CaseContact.AnswerConsultation(record, "Reset the breaker", "csc", Now));

        Assert.Equal(CaseState.Closed, record.State);
        Assert.Equal((MilestoneStatus.Met, Now), (record.Sla.Response.Status, record.Sla.Response.MetAt));
        Assert.Equal((MilestoneStatus.NotApplicable, MilestoneStatus.NotApplicable), (record.Sla.Onsite.Status, record.Sla.Resolution.Status));
        Assert.Equal("Reset the breaker", record.Resolution!.Summary);
        Assert.Equal([TimelineTypes.Answered, TimelineTypes.Closed], record.Appended());
    }

    [Fact]
    public void The_same_answer_again_changes_nothing_but_another_answer_on_a_closed_consultation_is_refused()
    {
        var record = InState(CaseState.Open, kind: CaseKind.Consultation);
        CaseContact.AnswerConsultation(record, "Reset the breaker", "csc", Now);
        var version = record.Version;

        Assert.False(CaseContact.AnswerConsultation(record, "Reset the breaker", "csc", Now.AddMinutes(1)));
        Assert.Equal(version, record.Version);
        Assert.Equal(FailureKind.Conflict,
            Assert.Throws<DomainException>(() => CaseContact.AnswerConsultation(record, "Call an engineer", "csc", Now)).Kind);
    }

    [Fact]
    public void Only_a_consultation_not_yet_dispatched_is_answered_on_the_spot()
    {
        Assert.Equal(FailureKind.BusinessRule,
            Assert.Throws<DomainException>(() => CaseContact.AnswerConsultation(InState(CaseState.Open), "no", "csc", Now)).Kind);
        var dispatched = InState(CaseState.Dispatched, "tianjin", "eng-1", CaseKind.Consultation);
        Assert.Equal(FailureKind.Conflict,
            Assert.Throws<DomainException>(() => CaseContact.AnswerConsultation(dispatched, "no", "csc", Now)).Kind);
        Assert.True(CaseContact.AnswerConsultation(InState(CaseState.Claimed, "tianjin", kind: CaseKind.Consultation), "yes", "csc", Now));
    }

    [Fact]
    public void A_survey_is_taken_once_and_only_on_a_closed_case()
    {
        Assert.Equal(FailureKind.BusinessRule,
            Assert.Throws<DomainException>(() => CaseContact.Survey(InState(CaseState.Resolved), 5, null, "cust", Now)).Kind);
        var record = InState(CaseState.Closed);

        CaseContact.Survey(record, 4, "Quick and clean", "cust", Now);

        Assert.Equal(new SurveyView(4, "Quick and clean", Now), record.Survey);
        Assert.Equal((TimelineTypes.Surveyed, 4), (record.Timeline[^1].Type, record.Timeline[^1].Score));
        Assert.Equal(FailureKind.Conflict, Assert.Throws<DomainException>(() => CaseContact.Survey(record, 1, "no", "cust", Now)).Kind);
    }
}
