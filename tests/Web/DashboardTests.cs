using System.Net;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Tests.Web;

/// <summary>Orleans' dashboard at <c>/dashboard</c>: HQ only, by bearer header or by the HQ page's path-limited cookie.</summary>
[Collection(WebCollection.Name)]
public sealed class DashboardTests(WebFixture web)
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("csc", HttpStatusCode.Forbidden)]
    [InlineData("branch-beijing", HttpStatusCode.Forbidden)]
    [InlineData("hq", HttpStatusCode.OK)]
    public async Task Only_HQ_reads_the_dashboard(string? user, HttpStatusCode expected)
    {
        var client = user is null ? web.CreateClient() : web.Api(user).Http;

        foreach (var path in new[] { "/dashboard/", "/dashboard/ClusterStats", "/dashboard/GrainState?grainType=x&grainId=y" })
        {
            using var response = await client.GetAsync(path);
            if (expected == HttpStatusCode.OK) Assert.True(response.StatusCode != HttpStatusCode.Unauthorized && response.StatusCode != HttpStatusCode.Forbidden, $"{path}: {response.StatusCode}");
            else Assert.Equal(expected, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_dashboard_page_signs_in_with_the_cookie_that_no_other_route_accepts()
    {
        var client = web.CreateClient();
        var cookie = $"{SecurityExtensions.DashboardCookie}={await web.TokenAsync("hq")}";

        using var counters = await SendAsync(client, "/dashboard/DashboardCounters", cookie);
        using var api = await SendAsync(client, "/api/regions", cookie);
        using var branchCookie = await SendAsync(client, "/dashboard/DashboardCounters", $"{SecurityExtensions.DashboardCookie}={await web.TokenAsync("branch-beijing")}");

        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Contains("\"hosts\"", await counters.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, branchCookie.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_not_served_on_the_public_port()
    {
        using var response = await web.Api("hq").Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }
}
