using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using static ServiceGrid.Tests.Cases.CaseRecords;

namespace ServiceGrid.Tests.Cases;

/// <summary>The field engineer's travel and the customer's signature, without a silo; FieldApiTests drives them over HTTP.</summary>
public sealed class CaseFieldTests
{
    static readonly DateTimeOffset Now = Opened.AddMinutes(30);

    [Theory]
    [InlineData(CaseState.Dispatched)]
    [InlineData(CaseState.OnSite)]
    public void Travel_starts_only_from_responded(CaseState state)
    {
        var record = InState(state, "tianjin", "eng-1");

        Assert.Equal(FailureKind.Conflict, Assert.Throws<DomainException>(() => CaseField.StartTravel(record, "eng-1", Now)).Kind);
        Assert.Empty(record.Timeline);
    }

    [Fact]
    public void Travel_is_recorded_with_the_engineer_and_leaves_the_state()
    {
        var record = InState(CaseState.Responded, "tianjin", "eng-1");

        CaseField.StartTravel(record, "eng-1", Now);

        Assert.Equal(CaseState.Responded, record.State);
        Assert.Equal((TimelineTypes.TravelStarted, "eng-1", 2), (record.Timeline[^1].Type, record.Timeline[^1].EngineerId, record.Timeline[^1].Version));
    }

    [Theory]
    [InlineData(CaseState.Dispatched, false)]
    [InlineData(CaseState.Responded, true)]
    [InlineData(CaseState.OnSite, true)]
    [InlineData(CaseState.Resolved, true)]
    [InlineData(CaseState.Closed, false)]
    public void The_customer_signs_from_response_up_to_resolution(CaseState state, bool signable)
    {
        var record = InState(state, "tianjin", "eng-1");

        var refusal = Record.Exception(() => CaseField.Sign(record, "Ms Li", "att-1", "eng-1", Now));

        Assert.Equal(signable, refusal is null);
        Assert.Equal(signable ? 1 : 0, record.Timeline.Count);
    }

    [Fact]
    public void A_signature_keeps_the_signer_and_the_attachment_on_its_entry()
    {
        var record = InState(CaseState.OnSite, "tianjin", "eng-1");

        CaseField.Sign(record, "Ms Li", "att-1", "eng-1", Now);

        var entry = Assert.Single(record.Timeline);
        Assert.Equal((TimelineTypes.Signed, "Ms Li", "att-1", "eng-1", 2), (entry.Type, entry.Note, entry.AttachmentId, entry.EngineerId, entry.Version));
    }
}
