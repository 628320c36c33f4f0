using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Board;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Care;

/// <summary>The console (<c>/csc</c>) and the portal (<c>/portal</c>) in headless Chromium, against the web on a real port.</summary>
[Collection(BoardCollection.Name)]
public sealed class CarePageTests(BoardWebFixture web) : IAsyncLifetime
{
    readonly BoardBrowser _browser = new();
    readonly ApiClient _hq = web.Api();

    public Task InitializeAsync() => _browser.InitializeAsync();
    public Task DisposeAsync() => _browser.DisposeAsync();

    /// <summary>A new customer in Beijing with a landline and one unit; answers its id, serial and phone.</summary>
    async Task<(string CustomerId, string Serial, string Phone)> CustomerAsync(string prefix)
    {
        var n = Random.Shared.Next(10_000_000, 99_999_999);
        var customerId = $"cust-{prefix}-{n}";
        var serial = $"SN-{prefix.ToUpperInvariant()}-{n}";
        var phone = $"010-{n}";
        await web.Grains.GetGrain<ICustomerGrain>(customerId).Register(new CustomerView(customerId, $"Beijing {prefix} Works {n}",
            [new CustomerSite("Plant", WebFixture.BeijingSite, "north")],
            [new EquipmentUnit(serial, "SD-5500 storage array", DateTimeOffset.UtcNow.AddDays(-100), 0)])
        {
            Contacts = [new CustomerContact("Li Na", phone)],
        });
        return (customerId, serial, phone);
    }

    async Task<CaseView> OpenAsync(string customerId, string serial, string kind = "service", string severity = "P3")
    {
        using var response = await _hq.PostAsync("/api/cases", new
        {
            customerId, kind, severity, channel = "hotline", title = $"{kind} call", description = "d", equipmentSerial = serial,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
    }

    [Fact]
    public async Task An_operator_finds_the_caller_by_phone_sees_the_open_case_opens_a_P1_that_HQ_is_alerted_to_and_records_a_dissatisfied_call_back()
    {
        var (customerId, serial, phone) = await CustomerAsync("csc");
        var open = await OpenAsync(customerId, serial);
        var consultation = await OpenAsync(customerId, serial, kind: "consultation", severity: "P5");
        await _hq.CommandAsync(consultation.Id, "answer", new { answer = "Explained the backup schedule" });
        await _hq.EventuallyAsync<JsonArray>("/api/surveys/call-backs", list => list.Any(c => c!["caseId"]!.GetValue<string>() == consultation.Id));
        var hq = await _browser.OpenAsync(web.BaseUrl + "/hq");
        var csc = await _browser.OpenAsync(web.BaseUrl + "/csc", "csc");

        await csc.FillAsync("#caller-search", phone);
        await csc.WaitForSelectorAsync($"#caller-results li[data-customer-id='{customerId}'][aria-selected=true]");
        await csc.PressAsync("#caller-search", "Enter");
        await csc.ClickAsync($"#caller-units button[data-serial='{serial}']");
        await csc.WaitForSelectorAsync($"#duplicate-warning li[data-case-id='{open.Id}']");
        var warning = await csc.TextContentAsync("#duplicate-warning");
        await csc.CheckAsync("input[name=severity][value=P1]");
        var title = $"Array offline {Guid.NewGuid():N}"[..22];
        await csc.FillAsync("input[name=title]", title);
        await csc.FillAsync("textarea[name=description]", "Both controllers down, production stopped");
        await csc.PressAsync("textarea[name=description]", "Control+Enter");
        await hq.GetByText(new Regex($"P1 case .+ opened in north: {Regex.Escape(title)}")).WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });

        var callBack = $"#call-back-list li[data-case-id='{consultation.Id}']";
        await csc.WaitForSelectorAsync(callBack);
        await csc.SelectOptionAsync($"#score-{consultation.Id}", "2");
        await csc.FillAsync($"#comment-{consultation.Id}", "Nobody called back for two days");
        await csc.ClickAsync($"button[data-survey='{consultation.Id}']");
        await csc.WaitForSelectorAsync($"#follow-up-list li[data-case-id='{consultation.Id}']", new PageWaitForSelectorOptions { Timeout = 10_000 });

        Assert.Contains("already has 1 open case", warning);
        Assert.Equal(0, await csc.Locator(callBack).CountAsync());
        var units = await _hq.GetAsync<JsonObject>($"/api/equipment/{serial}");
        Assert.Contains(units["openCases"]!.AsArray(), c => c!["severity"]!.GetValue<string>() == "P1" && c["title"]!.GetValue<string>() == title);
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task A_customer_submits_a_request_on_the_portal_the_board_shows_it_and_the_customer_watches_it_dispatched_with_the_engineers_eta()
    {
        var (customerId, serial, _) = await CustomerAsync("portal");
        var engineerId = $"eng-beijing-portal-{Guid.NewGuid():N}"[..28];
        await web.Grains.GetGrain<IEngineerGrain>(engineerId).Register(new EngineerProfile("Gao Yong", "beijing", "north", new GeoPoint(39.90, 116.40)));
        var board = await _browser.OpenAsync(web.BaseUrl + "/");
        var portal = await _browser.OpenAsync(web.BaseUrl + "/portal", customerId);
        await portal.WaitForSelectorAsync($".unit-card[data-serial='{serial}']");

        await portal.FillAsync("#request-form input[name=title]", "Disk shelf beeping");
        await portal.FillAsync("#request-form textarea[name=description]", "Amber light on shelf 2");
        await portal.ClickAsync("#submit-request");
        var row = await portal.WaitForSelectorAsync("#my-cases li[data-case-id]");
        var caseId = (await row!.GetAttributeAsync("data-case-id"))!;
        await board.WaitForSelectorAsync($"#case-list li[data-case-id='{caseId}']", new PageWaitForSelectorOptions { Timeout = 5000 });

        await _hq.CommandAsync(caseId, "claim", new { branchId = "beijing" });
        await _hq.CommandAsync(caseId, "dispatch", new { engineerId });
        await portal.WaitForSelectorAsync($"#my-cases li[data-case-id='{caseId}'][data-state=dispatched] [data-field=eta]", new PageWaitForSelectorOptions { Timeout = 5000 });

        var opened = await _hq.GetAsync<CaseView>($"/api/cases/{caseId}");
        Assert.Equal(Channel.Portal, opened.Channel);
        Assert.Equal(customerId, opened.CustomerId);
        Assert.Equal("Gao Yong", await portal.TextContentAsync($"#my-cases li[data-case-id='{caseId}'] [data-field=engineer]"));
        Assert.Contains("This unit already has an open case", await portal.TextContentAsync("#request-open-case"));
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task A_customer_rejects_a_relocation_plan_with_a_reason_the_branch_sees_it_and_the_new_plan_arrives_live()
    {
        var (customerId, serial, _) = await CustomerAsync("move");
        var relocation = await OpenAsync(customerId, serial, kind: "relocation", severity: "P5");
        await _hq.CommandAsync(relocation.Id, "claim", new { branchId = "beijing" });
        var plan = new { siteSurvey = "Both halls surveyed", equipment = "SD-5500 in two racks", route = "East gate, Saturday", date = DateTimeOffset.UtcNow.AddDays(7).UtcDateTime.ToString("O") };
        await _hq.CommandAsync(relocation.Id, "relocation-plan", plan);
        var portal = await _browser.OpenAsync(web.BaseUrl + "/portal", customerId);
        var branch = await _browser.OpenAsync(web.BaseUrl + "/branch/beijing", "branch-beijing");
        var item = $"#my-cases li[data-case-id='{relocation.Id}']";
        await portal.WaitForSelectorAsync($"{item} [data-approve]");

        await portal.FillAsync($"#reject-{relocation.Id}", "The new hall's floor is not finished");
        await portal.ClickAsync($"{item} [data-reject]");

        await portal.WaitForSelectorAsync($"{item} [data-field=plan-rejected]", new PageWaitForSelectorOptions { Timeout = 5000 });
        Assert.Contains("The new hall's floor is not finished", await portal.TextContentAsync($"{item} [data-field=plan-rejected]"));
        Assert.Equal(0, await portal.Locator($"{item} [data-approve]").CountAsync());
        var rejected = await _hq.GetAsync<CaseView>($"/api/cases/{relocation.Id}");
        Assert.Equal((customerId, "The new hall's floor is not finished"), (rejected.RelocationPlan!.RejectedBy, rejected.RelocationPlan.RejectionReason));
        Assert.Equal(TimelineTypes.RelocationPlanRejected, rejected.Timeline[^1].Type);
        await branch.WaitForSelectorAsync($"#own li[data-case-id='{relocation.Id}'] [data-field=plan-rejected]", new PageWaitForSelectorOptions { Timeout = 5000 });

        // The branch files a new plan: the customer's feed brings it, and it can be approved again.
        await _hq.CommandAsync(relocation.Id, "relocation-plan", plan with { route = "North gate, Sunday" });
        await portal.WaitForSelectorAsync($"{item} [data-approve]", new PageWaitForSelectorOptions { Timeout = 5000 });
        Assert.Contains("North gate, Sunday", await portal.TextContentAsync(item));
        Assert.Empty(_browser.Errors);
    }
}
