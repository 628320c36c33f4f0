using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Service;

namespace ServiceGrid.Tests.Web;

/// <summary>API.md "Installed base, contracts, inspections, parts, customer care" through the real web host.</summary>
[Collection(WebCollection.Name)]
public sealed class ServiceApiTests(WebFixture web)
{
    readonly ApiClient _api = web.Api();

    /// <summary>A new customer in the north with one unit accepted <paramref name="acceptedAgo"/> ago; answers its id and the unit's serial.</summary>
    async Task<(string CustomerId, string Serial)> CustomerWithUnitAsync(TimeSpan acceptedAgo)
    {
        var customerId = $"cust-{Guid.NewGuid():N}"[..20];
        var serial = $"SN-{Guid.NewGuid():N}"[..20];
        await web.Grains.GetGrain<ICustomerGrain>(customerId).Register(new CustomerView(customerId, "Tianjin Valves",
            [new CustomerSite("Plant", WebFixture.BeijingSite, "north")],
            [new EquipmentUnit(serial, "CNC-5000", DateTimeOffset.UtcNow - acceptedAgo, 0)]));
        return (customerId, serial);
    }

    async Task<CaseView> OpenAsync(string customerId, string? serial, string kind = "service", string severity = "P3")
    {
        using var response = await _api.PostAsync("/api/cases", new
        {
            customerId, kind, severity, channel = "hotline", title = "Coolant pump noisy", description = "Noise at start-up", equipmentSerial = serial,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
    }

    static object ContractBody(string customerId, string serial, string startsAt, string endsAt, object? sla = null) =>
        new { customerId, serials = new[] { serial }, startsAt, endsAt, sla };

    static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("O");

    [Fact]
    public async Task A_unit_shows_its_model_acceptance_warranty_and_its_open_and_past_cases()
    {
        var (customerId, serial) = await CustomerWithUnitAsync(TimeSpan.FromDays(30));
        var open = await OpenAsync(customerId, serial);
        var past = await OpenAsync(customerId, serial);
        await _api.CommandAsync(past.Id, "cancel", new { reason = "Duplicate call" });

        var unit = await _api.GetAsync<JsonObject>($"/api/equipment/{serial}");

        Assert.Equal("CNC-5000", unit["model"]!.GetValue<string>());
        Assert.Equal(customerId, unit["customerId"]!.GetValue<string>());
        Assert.Equal("warranty", unit["coverage"]!["kind"]!.GetValue<string>());
        Assert.Equal(unit["acceptedAt"]!.GetValue<DateTimeOffset>().AddMonths(36), unit["coverage"]!["until"]!.GetValue<DateTimeOffset>());
        Assert.Equal([open.Id], unit["openCases"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal([past.Id], unit["pastCases"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal("cancelled", unit["pastCases"]![0]!["state"]!.GetValue<string>());
        Assert.Equal(CoverageKind.Warranty, open.Coverage!.Kind);
        Assert.Equal("warranty", (await _api.GetAsync<JsonObject>($"/api/cases/{open.Id}"))["coverage"]!["kind"]!.GetValue<string>());

        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/equipment/SN-nobody-here"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await web.Api("cust-web-1").Http.GetAsync($"/api/equipment/{serial}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.Api("cust-web-1").Http.GetAsync($"/api/equipment/{WebFixture.Serial}")).StatusCode);
    }

    [Fact]
    public async Task A_contract_is_created_read_back_and_its_targets_apply_to_new_cases_on_its_units()
    {
        var (customerId, serial) = await CustomerWithUnitAsync(TimeSpan.FromDays(4 * 365));
        var before = await OpenAsync(customerId, serial);
        Assert.Equal(CoverageKind.None, before.Coverage!.Kind);

        using var response = await web.Api("csc").PostAsync("/api/contracts", ContractBody(customerId, serial,
            Iso(DateTimeOffset.UtcNow.AddDays(-1)), Iso(DateTimeOffset.UtcNow.AddYears(1)),
            new Dictionary<string, object> { ["P3"] = new { response = "00:20:00", resolution = "1.00:00:00" } }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var contract = (await response.Content.ReadFromJsonAsync<JsonObject>(ApiClient.Json))!;
        var id = contract["id"]!.GetValue<string>();
        Assert.Equal($"/api/contracts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("00:20:00", contract["sla"]!["P3"]!["response"]!.GetValue<string>());
        Assert.Equal("csc", contract["createdBy"]!.GetValue<string>());
        var read = await _api.GetAsync<JsonObject>($"/api/contracts/{id}");
        Assert.Equal([serial], read["serials"]!.AsArray().Select(s => s!.GetValue<string>()));

        var after = await OpenAsync(customerId, serial);
        Assert.Equal((CoverageKind.Contract, id), (after.Coverage!.Kind, after.Coverage.ContractId));
        Assert.Equal(after.OpenedAt.AddMinutes(20), after.Sla.Response.DueAt);
        Assert.Equal(after.OpenedAt.AddHours(24), after.Sla.Onsite.DueAt);
        Assert.Equal(after.OpenedAt.AddDays(1), after.Sla.Resolution.DueAt);
        Assert.Equal(before.OpenedAt.AddHours(1), before.Sla.Response.DueAt);
        var unit = await _api.GetAsync<JsonObject>($"/api/equipment/{serial}");
        Assert.Equal(("contract", id), (unit["coverage"]!["kind"]!.GetValue<string>(), unit["coverage"]!["contractId"]!.GetValue<string>()));
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/contracts/contract-nobody"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_contract_with_a_bad_period_targets_or_units_is_refused_with_field_errors()
    {
        var (customerId, serial) = await CustomerWithUnitAsync(TimeSpan.FromDays(4 * 365));
        var start = Iso(DateTimeOffset.UtcNow);
        var end = Iso(DateTimeOffset.UtcNow.AddYears(1));

        var period = await ApiClient.ProblemAsync(await _api.PostAsync("/api/contracts", ContractBody(customerId, serial, end, start)), HttpStatusCode.BadRequest);
        Assert.NotNull(period["errors"]!["endsAt"]);
        var fields = await ApiClient.ProblemAsync(await _api.PostAsync("/api/contracts", new
        {
            serials = Array.Empty<string>(), startsAt = "yesterday", sla = new Dictionary<string, object> { ["P9"] = new { response = "-01:00:00" } },
        }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "customerId", "serials", "startsAt", "endsAt", "sla.P9", "sla.P9.response" })
            Assert.True(fields["errors"]![field] is not null, $"no error for {field}: {fields}");
        var foreign = await ApiClient.ProblemAsync(await _api.PostAsync("/api/contracts", new
        {
            customerId, serials = new[] { serial, WebFixture.Serial }, startsAt = start, endsAt = end,
        }), HttpStatusCode.BadRequest);
        Assert.NotNull(foreign["errors"]!["serials[1]"]);
        await ApiClient.ProblemAsync(await _api.PostAsync("/api/contracts", ContractBody(customerId, "SN-nobody-here", start, end)), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await _api.PostAsync("/api/contracts", ContractBody("cust-nobody-here", serial, start, end)), HttpStatusCode.NotFound);
        Assert.Empty((await _api.GetAsync<JsonObject>($"/api/equipment/{serial}"))["contracts"]!.AsArray());
    }

    [Fact]
    public async Task Inspections_of_a_branchs_region_are_listed_by_due_date_and_a_bad_range_is_400()
    {
        var (customerId, serial) = await CustomerWithUnitAsync(TimeSpan.FromDays(40));
        var accepted = (await _api.GetAsync<JsonObject>($"/api/equipment/{serial}"))["acceptedAt"]!.GetValue<DateTimeOffset>();
        var from = Uri.EscapeDataString(Iso(DateTimeOffset.UtcNow));
        var to = Uri.EscapeDataString(Iso(DateTimeOffset.UtcNow.AddMonths(6)));

        var listed = await web.Api("branch-tianjin").GetAsync<InspectionView[]>($"/api/inspections?branchId=tianjin&from={from}&to={to}");

        var mine = listed.Where(i => i.Serial == serial).ToList();
        Assert.Equal([accepted.AddMonths(3), accepted.AddMonths(6)], mine.Select(i => i.DueAt).Where(d => d < DateTimeOffset.UtcNow.AddMonths(6)));
        Assert.All(mine, i => Assert.Equal((customerId, "north", CoverageKind.Warranty, (string?)null), (i.CustomerId, i.RegionId, i.Coverage, i.CaseId)));
        Assert.Equal(listed.OrderBy(i => i.DueAt).Select(i => i.DueAt), listed.Select(i => i.DueAt));
        Assert.DoesNotContain(await _api.GetAsync<InspectionView[]>($"/api/inspections?branchId=shanghai&from={from}&to={to}"), i => i.Serial == serial);
        Assert.Contains(await _api.GetAsync<InspectionView[]>($"/api/inspections?from={from}&to={to}"), i => i.Serial == serial);

        var reversed = await ApiClient.ProblemAsync(await _api.Http.GetAsync($"/api/inspections?branchId=beijing&from={to}&to={from}"), HttpStatusCode.BadRequest);
        Assert.NotNull(reversed["errors"]!["to"]);
        var malformed = await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/inspections?from=soon"), HttpStatusCode.BadRequest);
        Assert.NotNull(malformed["errors"]!["from"]);
        await ApiClient.ProblemAsync(await _api.Http.GetAsync($"/api/inspections?from={from}&to={Uri.EscapeDataString(Iso(DateTimeOffset.UtcNow.AddYears(2)))}"), HttpStatusCode.BadRequest);
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/inspections?branchId=atlantis"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await web.Api("branch-tianjin").Http.GetAsync("/api/inspections?branchId=beijing")).StatusCode);
    }

    [Fact]
    public async Task A_complaint_gets_a_corrective_action_notice_and_its_closure_other_kinds_are_422_and_bad_fields_400()
    {
        var complaint = await OpenAsync(WebFixture.Customer, null, kind: "complaint");
        var csc = web.Api("csc");
        var dueAt = DateTimeOffset.UtcNow.AddDays(14);

        var issued = await csc.CommandAsync(complaint.Id, "capa", new { department = "Quality", action = "Audit the packing line", dueAt = Iso(dueAt) });

        Assert.Equal(("Quality", "Audit the packing line"), (issued.Capa!.Department, issued.Capa.Action));
        Assert.Equal((TimelineTypes.CapaIssued, "csc"), (issued.Timeline[^1].Type, issued.Timeline[^1].Actor));
        await ApiClient.ProblemAsync(await csc.PostAsync($"/api/cases/{complaint.Id}/capa", new { department = "Q", action = "a", dueAt = Iso(dueAt) }), HttpStatusCode.Conflict);
        var closed = await csc.CommandAsync(complaint.Id, "capa/close", new { outcome = "Packing line audited; two fixes made" });
        Assert.NotNull(closed.Capa!.ClosedAt);
        await ApiClient.ProblemAsync(await csc.PostAsync($"/api/cases/{complaint.Id}/capa/close", new { outcome = "again" }), HttpStatusCode.Conflict);

        var service = await OpenAsync(WebFixture.Customer, null);
        await ApiClient.ProblemAsync(await csc.PostAsync($"/api/cases/{service.Id}/capa", new { department = "Q", action = "a", dueAt = Iso(dueAt) }), HttpStatusCode.UnprocessableEntity);
        var other = await OpenAsync(WebFixture.Customer, null, kind: "complaint");
        var bad = await ApiClient.ProblemAsync(await csc.PostAsync($"/api/cases/{other.Id}/capa", new { action = "a", dueAt = "next week" }), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["department"]);
        Assert.NotNull(bad["errors"]!["dueAt"]);
        var past = await ApiClient.ProblemAsync(await csc.PostAsync($"/api/cases/{other.Id}/capa", new { department = "Q", action = "a", dueAt = Iso(DateTimeOffset.UtcNow.AddDays(-1)) }), HttpStatusCode.BadRequest);
        Assert.NotNull(past["errors"]!["dueAt"]);
        await ApiClient.ProblemAsync(await csc.PostAsync("/api/cases/01unknown0000000/capa", new { department = "Q", action = "a", dueAt = Iso(dueAt) }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_relocation_is_dispatched_only_after_the_customer_approves_the_plan_its_branch_filed()
    {
        var relocation = await OpenAsync(WebFixture.Customer, WebFixture.Serial, kind: "relocation", severity: "P5");
        var engineerId = $"eng-beijing-{Guid.NewGuid():N}"[..24];
        await web.Grains.GetGrain<IEngineerGrain>(engineerId).Register(new EngineerProfile("Movers", "beijing", "north", WebFixture.BeijingSite));
        var branch = web.Api("branch-beijing");
        await branch.CommandAsync(relocation.Id, "claim", new { branchId = "beijing" });
        var plan = new { siteSurvey = "Both halls surveyed", equipment = "CNC-5000, crated", route = "G4 motorway, night", date = Iso(DateTimeOffset.UtcNow.AddDays(7)) };

        await ApiClient.ProblemAsync(await branch.PostAsync($"/api/cases/{relocation.Id}/dispatch", new { engineerId }), HttpStatusCode.UnprocessableEntity);
        var missing = await ApiClient.ProblemAsync(await branch.PostAsync($"/api/cases/{relocation.Id}/relocation-plan", new { siteSurvey = "s" }), HttpStatusCode.BadRequest);
        Assert.NotNull(missing["errors"]!["route"]);
        var planned = await branch.CommandAsync(relocation.Id, "relocation-plan", plan);
        Assert.Equal("G4 motorway, night", planned.RelocationPlan!.Route);
        await ApiClient.ProblemAsync(await branch.PostAsync($"/api/cases/{relocation.Id}/dispatch", new { engineerId }), HttpStatusCode.UnprocessableEntity);

        var approved = await web.Api("cust-web-1").CommandAsync(relocation.Id, "relocation-plan/approve");
        Assert.Equal("cust-web-1", approved.RelocationPlan!.ApprovedBy);
        await ApiClient.ProblemAsync(await web.Api("csc").PostAsync($"/api/cases/{relocation.Id}/relocation-plan/approve", new { }), HttpStatusCode.Conflict);

        var dispatched = await branch.CommandAsync(relocation.Id, "dispatch", new { engineerId });
        Assert.Equal(CaseState.Dispatched, dispatched.State);

        var service = await OpenAsync(WebFixture.Customer, null);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{service.Id}/relocation-plan", plan), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task The_customer_rejects_a_filed_plan_with_a_reason_and_the_branch_files_a_new_one()
    {
        var relocation = await OpenAsync(WebFixture.Customer, WebFixture.Serial, kind: "relocation", severity: "P5");
        var branch = web.Api("branch-beijing");
        var customer = web.Api("cust-web-1");
        await branch.CommandAsync(relocation.Id, "claim", new { branchId = "beijing" });
        var plan = new { siteSurvey = "Both halls surveyed", equipment = "CNC-5000, crated", route = "G4 motorway, night", date = Iso(DateTimeOffset.UtcNow.AddDays(7)) };
        var reject = $"/api/cases/{relocation.Id}/relocation-plan/reject";

        await ApiClient.ProblemAsync(await customer.PostAsync(reject, new { reason = "Too early" }), HttpStatusCode.Conflict);
        await branch.CommandAsync(relocation.Id, "relocation-plan", plan);
        var noReason = await ApiClient.ProblemAsync(await customer.PostAsync(reject, new { }), HttpStatusCode.BadRequest);
        Assert.NotNull(noReason["errors"]!["reason"]);
        await ApiClient.ProblemAsync(await customer.PostAsync(reject, new { reason = " " }), HttpStatusCode.BadRequest);

        var rejected = await customer.CommandAsync(relocation.Id, "relocation-plan/reject", new { reason = "The new hall is not ready that week" });
        Assert.Equal(("cust-web-1", "The new hall is not ready that week"), (rejected.RelocationPlan!.RejectedBy, rejected.RelocationPlan.RejectionReason));
        Assert.NotNull(rejected.RelocationPlan.RejectedAt);
        Assert.Null(rejected.RelocationPlan.ApprovedAt);
        var entry = rejected.Timeline[^1];
        Assert.Equal(("relocationPlanRejected", "cust-web-1", "The new hall is not ready that week"), (entry.Type, entry.Actor, entry.Note));
        var shown = await _api.GetAsync<JsonObject>($"/api/cases/{relocation.Id}");
        Assert.Equal("The new hall is not ready that week", shown["relocationPlan"]!["rejectionReason"]!.GetValue<string>());
        // A rejected plan is never approved: the branch files a new one, which clears the rejection.
        await ApiClient.ProblemAsync(await customer.PostAsync($"/api/cases/{relocation.Id}/relocation-plan/approve", new { }), HttpStatusCode.Conflict);
        await ApiClient.ProblemAsync(await web.Api("csc").PostAsync(reject, new { reason = "Another reason" }), HttpStatusCode.Conflict);

        var refiled = await branch.CommandAsync(relocation.Id, "relocation-plan", plan with { date = Iso(DateTimeOffset.UtcNow.AddDays(21)) });
        Assert.Null(refiled.RelocationPlan!.RejectedAt);
        Assert.Null(refiled.RelocationPlan.RejectionReason);
        await web.Api("csc").CommandAsync(relocation.Id, "relocation-plan/approve");
        await ApiClient.ProblemAsync(await customer.PostAsync(reject, new { reason = "Changed my mind" }), HttpStatusCode.Conflict);

        var service = await OpenAsync(WebFixture.Customer, null);
        await ApiClient.ProblemAsync(await customer.PostAsync($"/api/cases/{service.Id}/relocation-plan/reject", new { reason = "r" }), HttpStatusCode.UnprocessableEntity);
        await ApiClient.ProblemAsync(await customer.PostAsync("/api/cases/01unknown0000000/relocation-plan/reject", new { reason = "r" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rejection_retried_with_its_idempotency_key_is_recorded_once()
    {
        var relocation = await OpenAsync(WebFixture.Customer, WebFixture.Serial, kind: "relocation", severity: "P5");
        await _api.CommandAsync(relocation.Id, "relocation-plan", new { siteSurvey = "s", equipment = "e", route = "r", date = Iso(DateTimeOffset.UtcNow.AddDays(7)) });
        var key = Guid.NewGuid().ToString("N");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await web.Api("csc").PostAsync($"/api/cases/{relocation.Id}/relocation-plan/reject", new { reason = "Customer called: wrong date" }, key);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], answers);
        var view = await _api.GetAsync<CaseView>($"/api/cases/{relocation.Id}");
        Assert.Single(view.Timeline, e => e.Type == TimelineTypes.RelocationPlanRejected);
    }

    [Fact]
    public async Task A_substitute_unit_is_lent_shown_on_the_case_and_returned()
    {
        var opened = await OpenAsync(WebFixture.Customer, WebFixture.Serial, severity: "P2");

        var lent = await _api.CommandAsync(opened.Id, "substitute", new { serial = "LOAN-CNC-3" });
        Assert.Equal("LOAN-CNC-3", lent.Substitute!.Serial);
        Assert.Null(lent.Substitute.ReturnedAt);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{opened.Id}/substitute", new { serial = "LOAN-CNC-4" }), HttpStatusCode.Conflict);
        var bad = await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{opened.Id}/substitute", new { serial = "../x" }), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["serial"]);

        var returned = await _api.CommandAsync(opened.Id, "substitute/return");
        Assert.NotNull(returned.Substitute!.ReturnedAt);
        Assert.Equal((await _api.GetAsync<CaseView>($"/api/cases/{opened.Id}")).Substitute, returned.Substitute);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{opened.Id}/substitute/return", new { }), HttpStatusCode.Conflict);
    }
}
