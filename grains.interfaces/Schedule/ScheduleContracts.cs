using System.Collections.Immutable;
using ServiceGrid.Cases;

namespace ServiceGrid.Schedule;

/// <summary>
/// Where a booked visit stands (issue 18): waiting for an engineer, planned onto one, the engineer on the way, on site,
/// done, or cancelled. Travelling and on site follow the case's own lifecycle.
/// </summary>
public enum VisitState { Unplanned, Planned, Travelling, OnSite, Done, Cancelled }

/// <summary>A visit as clients see it; <see cref="Version"/> rises on every change of this visit.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.VisitView")]
public sealed record VisitView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string CaseId { get; init; }
    [Id(2)] public required string Region { get; init; }
    /// <summary>The branch holding the case, when one does.</summary>
    [Id(3)] public string? BranchId { get; init; }
    [Id(4)] public required Severity Severity { get; init; }
    [Id(5)] public required CaseKind Kind { get; init; }
    [Id(6)] public required string Title { get; init; }
    [Id(7)] public required string CustomerId { get; init; }
    [Id(8)] public GeoPoint? Location { get; init; }
    /// <summary>The customer-agreed window in which the visit starts.</summary>
    [Id(9)] public required DateTimeOffset WindowStart { get; init; }
    [Id(10)] public required DateTimeOffset WindowEnd { get; init; }
    [Id(11)] public required int DurationMinutes { get; init; }
    /// <summary>The product model an engineer must be certified for; null: anyone.</summary>
    [Id(12)] public string? RequiredSkill { get; init; }
    [Id(13)] public required VisitState State { get; init; }
    [Id(14)] public string? EngineerId { get; init; }
    [Id(15)] public DateTimeOffset? PlannedStart { get; init; }
    [Id(16)] public DateTimeOffset? PlannedEnd { get; init; }
    /// <summary>A person put it where it is: no re-plan moves it.</summary>
    [Id(17)] public required bool Pinned { get; init; }
    /// <summary>The case's on-site deadline, while it is pending.</summary>
    [Id(18)] public DateTimeOffset? SlaDueAt { get; init; }
    /// <summary>Planned to start after <see cref="SlaDueAt"/>, or still unplanned after it.</summary>
    [Id(19)] public required bool Late { get; init; }
    [Id(20)] public required int Version { get; init; }
}

/// <summary>Books a visit on a case; <see cref="VisitId"/> is chosen by the caller so that a retry books nothing twice.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.BookVisit")]
public sealed record BookVisit(
    [property: Id(0)] string VisitId,
    [property: Id(1)] string CaseId,
    [property: Id(2)] DateTimeOffset WindowStart,
    [property: Id(3)] DateTimeOffset WindowEnd,
    [property: Id(4)] int DurationMinutes,
    [property: Id(5)] string? RequiredSkill,
    [property: Id(6)] string Actor);

/// <summary>One stop of an engineer's day: the visit, when it starts, the drive before it, and whether it keeps its window and its case's SLA.</summary>
/// <param name="MinutesLate">How late the engineer gets there after the visit before it and the drive, past the planned start (0: in
/// time): a plan forced by a dispatcher may be.</param>
[GenerateSerializer, Immutable, Alias("ServiceGrid.PlanStop")]
public sealed record PlanStop(
    [property: Id(0)] VisitView Visit,
    [property: Id(1)] DateTimeOffset PlannedStart,
    [property: Id(2)] double TravelMinutesBefore,
    [property: Id(3)] double TravelKmBefore,
    [property: Id(4)] bool FitsWindow,
    [property: Id(5)] bool MeetsSla,
    [property: Id(6)] double MinutesLate = 0);

/// <summary>An engineer's day in order (<c>GET /api/engineers/{id}/plan</c>).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.EngineerPlan")]
public sealed record EngineerPlan(
    [property: Id(0)] string EngineerId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] ImmutableArray<PlanStop> Stops,
    [property: Id(3)] double TravelKm);

/// <summary>One engineer's row on the schedule board.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.EngineerDay")]
public sealed record EngineerDay(
    [property: Id(0)] string EngineerId,
    [property: Id(1)] string BranchId,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset? ShiftStart,
    [property: Id(4)] DateTimeOffset? ShiftEnd,
    [property: Id(5)] bool Available,
    [property: Id(6)] ImmutableArray<PlanStop> Stops);

/// <summary>A region's day as the schedule board draws it (<c>GET /api/regions/{id}/schedule</c>).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.RegionSchedule")]
public sealed record RegionSchedule(
    [property: Id(0)] string Region,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] long Version,
    [property: Id(3)] ImmutableArray<EngineerDay> Engineers,
    [property: Id(4)] ImmutableArray<VisitView> Unplanned);

/// <summary>An engineer and a start: where a visit is, or would go.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.VisitSlot")]
public sealed record VisitSlot([property: Id(0)] string EngineerId, [property: Id(1)] DateTimeOffset PlannedStart);

/// <summary>One change a re-plan proposes; a null side is unplanned.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.VisitMove")]
public sealed record VisitMove(
    [property: Id(0)] string VisitId,
    [property: Id(1)] string CaseId,
    [property: Id(2)] VisitSlot? From,
    [property: Id(3)] VisitSlot? To);

/// <summary>The figures a dispatcher compares plans by, over the re-plan's horizon.</summary>
/// <param name="SlaBreachesForecast">Late planned visits plus unplanned ones whose case is due inside the horizon.</param>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ScheduleFigures")]
public sealed record ScheduleFigures(
    [property: Id(0)] double TravelKm,
    [property: Id(1)] int VisitsLate,
    [property: Id(2)] int SlaBreachesForecast,
    [property: Id(3)] int Unplanned);

/// <summary>A re-plan's proposal: the moves against the plan version it read, with the figures before and after.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ReplanProposal")]
public sealed record ReplanProposal(
    [property: Id(0)] string Id,
    [property: Id(1)] string Region,
    [property: Id(2)] long BasedOnVersion,
    [property: Id(3)] DateTimeOffset ComputedAt,
    [property: Id(4)] ImmutableArray<VisitMove> Moves,
    [property: Id(5)] ScheduleFigures Before,
    [property: Id(6)] ScheduleFigures After);

/// <summary>The schedule version a proposal's apply produced.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.AppliedPlan")]
public sealed record AppliedPlan([property: Id(0)] string Region, [property: Id(1)] long Version, [property: Id(2)] int Moved);

/// <summary>A window offered to the customer in which a qualified engineer has room.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.SlotOffer")]
public sealed record SlotOffer([property: Id(0)] DateTimeOffset WindowStart, [property: Id(1)] DateTimeOffset WindowEnd);

/// <summary>Up to three offers, earliest first, on distinct days where possible.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.SlotList")]
public sealed record SlotList([property: Id(0)] string CaseId, [property: Id(1)] ImmutableArray<SlotOffer> Items);

/// <summary>
/// One region's visits and their plan (key: the region): the single writer of every visit's window, state, engineer and
/// start, with a plan version that rises on every change. Re-plans run OR-Tools off the grain's turn and are applied
/// only when no visit they touch changed since they read it: a person's decision always wins.
/// </summary>
[Alias("ServiceGrid.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Books a visit on the case; booking the same <see cref="BookVisit.VisitId"/> again answers the visit as booked.</summary>
    [Alias("Book")] Task<VisitView> Book(BookVisit command);
    [Alias("GetVisits"), Orleans.Concurrency.AlwaysInterleave] Task<ImmutableArray<VisitView>> GetVisits(string caseId);
    /// <summary>
    /// Plans the visit by hand onto an engineer and a start, and pins it there. Refused (409) when the engineer's day is at its
    /// visits per day or the drive from the visit before or to the one after does not fit, unless <paramref name="force"/>.
    /// </summary>
    [Alias("PlanByHand")] Task<VisitView> PlanByHand(string caseId, string visitId, string engineerId, DateTimeOffset plannedStart, string actor, bool force = false);
    [Alias("Unpin")] Task<VisitView> Unpin(string caseId, string visitId, string actor);
    /// <summary>The engineer sets off: dispatches the case to them when it is not theirs yet, then starts its travel.</summary>
    [Alias("StartTravel")] Task<VisitView> StartTravel(string caseId, string visitId, string actor);
    [Alias("Arrive")] Task<VisitView> Arrive(string caseId, string visitId, string actor);
    [Alias("Done")] Task<VisitView> Done(string caseId, string visitId, string actor);
    [Alias("Cancel")] Task<VisitView> Cancel(string caseId, string visitId, string reason, string actor);
    [Alias("GetEngineerPlan"), Orleans.Concurrency.AlwaysInterleave] Task<EngineerPlan> GetEngineerPlan(string engineerId, DateOnly date);
    [Alias("GetSchedule"), Orleans.Concurrency.AlwaysInterleave] Task<RegionSchedule> GetSchedule(DateOnly date);
    [Alias("GetVersion"), Orleans.Concurrency.AlwaysInterleave] Task<long> GetVersion();
    /// <summary>Computes a re-plan of the horizon (null: the options' defaults) while the grain keeps answering.</summary>
    [Alias("Propose"), Orleans.Concurrency.AlwaysInterleave] Task<ReplanProposal> Propose(int? horizonDays, TimeSpan? timeLimit);
    /// <summary>Applies a proposal; refused (409) when a visit it touches changed since, (404) when unknown or expired.</summary>
    [Alias("Apply")] Task<AppliedPlan> Apply(string proposalId, string actor);
    [Alias("Discard")] Task Discard(string proposalId);
    /// <summary>
    /// The case's visits that go with it when it moved to another region: open and not started, still here or handed over
    /// lately. Read by the region the case joined, which books them; interleaves, so two regions asking each other never wait.
    /// </summary>
    [Alias("GetHandOver"), Orleans.Concurrency.AlwaysInterleave] Task<ImmutableArray<VisitView>> GetHandOver(string caseId);
    /// <summary>Up to three windows in the next <paramref name="days"/> days in which a qualified engineer has room for the case.</summary>
    [Alias("Slots"), Orleans.Concurrency.AlwaysInterleave] Task<SlotList> Slots(string caseId, int days);
    /// <summary>
    /// Fits one visit in (a P1 booked): a re-plan of only that visit and the planned visits of the few engineers nearest its
    /// site who are qualified and on shift in its window, so at most that many engineers' routes change. Unknown visit: 404;
    /// one that is not unplanned or planned: 409.
    /// </summary>
    [Alias("ProposeInsertion"), Orleans.Concurrency.AlwaysInterleave] Task<ReplanProposal> ProposeInsertion(string visitId, int? horizonDays, TimeSpan? timeLimit);
}
