using System.Globalization;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Service;

[GenerateSerializer, Alias("ServiceGrid.ComplaintTrendRecord")]
public sealed class ComplaintTrendRecord
{
    /// <summary>Complaint case ids by month of opening (<c>yyyy-MM</c>); only the latest months are kept.</summary>
    [Id(0)] public Dictionary<string, HashSet<string>> ByMonth { get; set; } = [];
    /// <summary>Months for which the rise was already reported.</summary>
    [Id(1)] public HashSet<string> Raised { get; set; } = [];
    /// <summary>Alerts stored but not yet published.</summary>
    [Id(2)] public List<Alert> Pending { get; set; } = [];
}

/// <summary>
/// Counts a region's complaints per month, as the region's case projection (<c>CaseProjectionGrain</c>) sees them
/// opened, and reports to the vice president once a month when this month's complaints first exceed last month's
/// (service plan 4.7.5: complaints rising). Counting case ids makes a replayed event count once.
/// </summary>
public sealed class ComplaintTrendGrain(
    [PersistentState("complaint-trend", StorageNames.Cases)] IPersistentState<ComplaintTrendRecord> state)
    : Grain, IComplaintTrendGrain
{
    const int RetainedMonths = 3;

    string RegionId => this.GetPrimaryKeyString();

    /// <summary>Whether the change is a complaint being opened: the only changes this grain counts.</summary>
    public static bool IsComplaintOpened(CaseChanged changed) =>
        changed.Case.Kind == CaseKind.Complaint && changed.Entries.Any(entry => entry.Type == TimelineTypes.Opened);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => PublishPendingAsync();

    public Task<int> CountOf(string month) => Task.FromResult(state.State.ByMonth.GetValueOrDefault(month)?.Count ?? 0);

    public async Task Count(CaseView view)
    {
        // A complaint that moved on is announced in the region it left as well; it counts where it is.
        if (view.Kind != CaseKind.Complaint || view.Region != RegionId) return;

        var month = Month(view.OpenedAt);
        var record = state.State;
        if (!record.ByMonth.TryGetValue(month, out var cases)) record.ByMonth[month] = cases = [];
        if (!cases.Add(view.Id)) return;
        foreach (var old in record.ByMonth.Keys.OrderDescending(StringComparer.Ordinal).Skip(RetainedMonths).ToList()) record.ByMonth.Remove(old);

        var previous = record.ByMonth.GetValueOrDefault(Month(view.OpenedAt.AddMonths(-1)))?.Count ?? 0;
        if (cases.Count > previous && record.Raised.Add(month))
        {
            record.Pending.Add(new Alert
            {
                Id = $"complaints:{RegionId}:{month}",
                At = view.OpenedAt,
                Type = AlertType.ComplaintsRising,
                CaseId = view.Id,
                Region = RegionId,
                RecipientRole = RecipientRole.VicePresident,
                Message = $"Complaints rising in {RegionId}: {cases.Count} in {month}, {previous} in the month before",
            });
        }
        await state.WriteStateAsync();
        await PublishPendingAsync();
    }

    async Task PublishPendingAsync()
    {
        if (state.State.Pending.Count == 0) return;
        foreach (var alert in state.State.Pending) await this.AlertStream().OnNextAsync(alert);
        state.State.Pending.Clear();
        await state.WriteStateAsync();
    }

    static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
