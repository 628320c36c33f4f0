using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Tests.Web;

/// <summary>Issue 17 through the real web host: find the caller, add to an open case, answer a consultation, track the engineer.</summary>
[Collection(WebCollection.Name)]
public sealed class CustomerCareApiTests(WebFixture web)
{
    readonly ApiClient _csc = web.Api("csc");

    /// <summary>A new customer in the north with a contact and one unit; answers its id, serial and landline.</summary>
    async Task<(string CustomerId, string Serial, string Phone)> CallerAsync(string name = "Harbin Boiler Works")
    {
        var n = Random.Shared.Next(10_000_000, 99_999_999);
        var customerId = $"cust-care-{n}";
        var serial = $"SN-CARE-{n}";
        var phone = $"0451-{n}";
        await web.Grains.GetGrain<ICustomerGrain>(customerId).Register(new CustomerView(customerId, name,
            [new CustomerSite("Plant", WebFixture.BeijingSite, "north")],
            [new EquipmentUnit(serial, "SV-720 rack server", DateTimeOffset.UtcNow.AddDays(-30), 0)])
        {
            Contacts = [new CustomerContact("Zhao Lei", phone), new CustomerContact("Wu Fang", $"139{n}")],
        });
        return (customerId, serial, phone);
    }

    async Task<CaseView> OpenAsync(string customerId, string serial, string kind = "service", string severity = "P3")
    {
        using var response = await _csc.PostAsync("/api/cases", new
        {
            customerId, kind, severity, channel = "hotline", title = "Server beeps", description = "Fan alarm on the front panel",
            equipmentSerial = serial, site = new { lat = WebFixture.BeijingSite.Lat, lon = WebFixture.BeijingSite.Lon },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
    }

    static IEnumerable<string> Ids(JsonArray array) => array.Select(item => item!["id"]?.GetValue<string>() ?? item!["caseId"]!.GetValue<string>());

    [Theory]
    [InlineData("phone")]
    [InlineData("phone without area code")]
    [InlineData("international phone")]
    [InlineData("mobile")]
    [InlineData("name word")]
    [InlineData("two name words")]
    [InlineData("customer id")]
    [InlineData("serial")]
    public async Task The_operator_finds_the_caller_by_name_phone_id_or_serial(string by)
    {
        var name = $"Qiqihar {Guid.NewGuid():N}"[..20] + " Boiler Works";
        var (customerId, serial, phone) = await CallerAsync(name);
        var digits = phone[5..];
        var query = by switch
        {
            "phone" => phone,
            "phone without area code" => digits,
            "international phone" => $"+86 451 {digits}",
            "mobile" => $"139 {digits}",
            "name word" => name.Split(' ')[1][..10],
            "two name words" => $"boiler {name.Split(' ')[1][..10]}",
            "customer id" => customerId.ToUpperInvariant(),
            _ => serial.ToLowerInvariant(),
        };

        var found = await _csc.GetAsync<JsonArray>($"/api/customers?q={Uri.EscapeDataString(query)}");

        Assert.Equal(customerId, found[0]!["id"]!.GetValue<string>());
        Assert.Equal(phone, found[0]!["contacts"]![0]!["phone"]!.GetValue<string>());
        Assert.Equal(serial, found[0]!["units"]![0]!["serial"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("", null, "q")]
    [InlineData("   ", null, "q")]
    [InlineData("boiler", "0", "limit")]
    [InlineData("boiler", "51", "limit")]
    [InlineData("boiler", "x", "limit")]
    public async Task A_search_without_a_query_or_with_a_bad_limit_is_400_on_the_field(string q, string? limit, string field)
    {
        using var response = await _csc.Http.GetAsync($"/api/customers?q={Uri.EscapeDataString(q)}{(limit is null ? "" : $"&limit={limit}")}");

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_further_call_is_added_to_the_units_open_case_as_a_note_instead_of_a_duplicate()
    {
        var (customerId, serial, _) = await CallerAsync();
        var open = await OpenAsync(customerId, serial);

        var unit = await _csc.GetAsync<JsonObject>($"/api/equipment/{serial}");
        var noted = await _csc.CommandAsync(open.Id, "notes", new { note = "Customer called again: the alarm is now continuous" });

        Assert.Equal([open.Id], Ids(unit["openCases"]!.AsArray()));
        Assert.Equal(TimelineTypes.Note, noted.Timeline[^1].Type);
        Assert.Equal("Customer called again: the alarm is now continuous", noted.Timeline[^1].Note);
        Assert.Equal("csc", noted.Timeline[^1].Actor);
        Assert.Equal(CaseState.Open, noted.State);
    }

    [Fact]
    public async Task A_note_on_a_closed_case_is_409_and_an_empty_note_is_400()
    {
        var (customerId, serial, _) = await CallerAsync();
        var closed = await OpenAsync(customerId, serial, kind: "consultation", severity: "P5");
        await _csc.CommandAsync(closed.Id, "answer", new { answer = "Reset the fan controller" });

        await ApiClient.ProblemAsync(await _csc.PostAsync($"/api/cases/{closed.Id}/notes", new { note = "again" }), HttpStatusCode.Conflict);
        var problem = await ApiClient.ProblemAsync(await _csc.PostAsync($"/api/cases/{closed.Id}/notes", new { note = " " }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["note"]);
    }

    [Fact]
    public async Task A_consultation_answered_on_the_spot_closes_at_once_with_its_answer_in_the_timeline()
    {
        var (customerId, serial, _) = await CallerAsync();
        var consultation = await OpenAsync(customerId, serial, kind: "consultation", severity: "P5");

        var answered = await _csc.CommandAsync(consultation.Id, "answer", new { answer = "Firmware 2.4 fixes the fan alarm; link sent" });
        var again = await _csc.CommandAsync(consultation.Id, "answer", new { answer = "Firmware 2.4 fixes the fan alarm; link sent" });

        Assert.Equal(CaseState.Closed, answered.State);
        Assert.Equal([TimelineTypes.Opened, TimelineTypes.Answered, TimelineTypes.Closed], answered.Timeline.Select(e => e.Type));
        Assert.Equal("Firmware 2.4 fixes the fan alarm; link sent", answered.Timeline[1].Note);
        Assert.Equal(MilestoneStatus.Met, answered.Sla.Response.Status);
        Assert.NotEqual(MilestoneStatus.Pending, answered.Sla.Resolution.Status);
        Assert.Equal(answered.Version, again.Version);
    }

    [Fact]
    public async Task Only_an_open_consultation_is_answered_on_the_spot()
    {
        var (customerId, serial, _) = await CallerAsync();
        var service = await OpenAsync(customerId, serial);
        var consultation = await OpenAsync(customerId, serial, kind: "consultation", severity: "P5");
        await _csc.CommandAsync(consultation.Id, "answer", new { answer = "first" });

        await ApiClient.ProblemAsync(await _csc.PostAsync($"/api/cases/{service.Id}/answer", new { answer = "a" }), HttpStatusCode.UnprocessableEntity);
        await ApiClient.ProblemAsync(await _csc.PostAsync($"/api/cases/{consultation.Id}/answer", new { answer = "another" }), HttpStatusCode.Conflict);
        await ApiClient.ProblemAsync(await _csc.PostAsync("/api/cases/01unknown0000000/answer", new { answer = "a" }), HttpStatusCode.NotFound);
        var problem = await ApiClient.ProblemAsync(await _csc.PostAsync($"/api/cases/{service.Id}/answer", new { }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["answer"]);
    }

    [Fact]
    public async Task The_customer_tracks_the_dispatched_engineer_with_an_eta_and_a_coarse_position_near_the_site()
    {
        var engineerId = $"eng-beijing-care-{Guid.NewGuid():N}"[..24];
        await web.Grains.GetGrain<IEngineerGrain>(engineerId).Register(new EngineerProfile("Sun Ming", "beijing", "north", new GeoPoint(39.90, 116.40)));
        var open = await web.Api().OpenCaseAsync(site: WebFixture.BeijingSite);
        var hq = web.Api();
        await hq.CommandAsync(open.Id, "claim", new { branchId = "beijing" });
        var before = await _csc.GetAsync<JsonObject>($"/api/cases/{open.Id}/tracking");
        await hq.CommandAsync(open.Id, "dispatch", new { engineerId });
        using var moved = await hq.PostAsync($"/api/engineers/{engineerId}/location", new { lat = 39.9312, lon = 116.3788 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var tracking = await web.Api(WebFixture.Customer).GetAsync<JsonObject>($"/api/cases/{open.Id}/tracking");

        Assert.False(before["travelling"]!.GetValue<bool>());
        Assert.Null(before["engineerName"]);
        Assert.True(tracking["travelling"]!.GetValue<bool>());
        Assert.Equal("Sun Ming", tracking["engineerName"]!.GetValue<string>());
        Assert.True(tracking["eta"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(39.93, tracking["position"]!["lat"]!.GetValue<double>(), 3);
        Assert.Equal(116.38, tracking["position"]!["lon"]!.GetValue<double>(), 3);
    }
}
