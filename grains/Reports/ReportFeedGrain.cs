using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Events;
using ServiceGrid.Reports;

namespace ServiceGrid.Grains.Reports;

/// <summary>
/// Follows one region's event stream and hands every case change to the report grain of the month the case was
/// opened in. Stateless: the report grains decide by version, so replays and duplicates change nothing.
/// </summary>
[ImplicitStreamSubscription(GridStreams.RegionEvents)]
public sealed class ReportFeedGrain : Grain, IReportFeedGrain, IStreamSubscriptionObserver
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<RegionEvent>().ResumeAsync((regionEvent, _) => regionEvent is CaseChanged { Case: var view }
            ? GrainFactory.GetGrain<IMonthlyReportGrain>(MonthlyReports.GrainKey(this.GetPrimaryKeyString(), MonthlyReports.MonthOf(view.OpenedAt)))
                .Apply(MonthlyReports.Facts(view))
            : Task.CompletedTask);
}
