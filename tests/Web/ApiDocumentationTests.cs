using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using ServiceGrid.Web.Hosting;

namespace ServiceGrid.Tests.Web;

/// <summary>The OpenAPI document and the reference page: generated from the mapped routes, so they cannot drift.</summary>
[Collection(WebCollection.Name)]
public sealed partial class ApiDocumentationTests(WebFixture web)
{
    [Fact]
    public async Task Every_mapped_api_route_is_in_the_document()
    {
        var documented = (await DocumentAsync()).Paths
            .SelectMany(path => path.Value.Operations!.Keys.Select(method => $"{method.Method.ToUpperInvariant()} {Normalize(path.Key)}"))
            .ToHashSet();
        var mapped = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal)
                && !e.RoutePattern.RawText.StartsWith(ApiDocumentation.ReferencePath, StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method => $"{method} {Normalize(e.RoutePattern.RawText!)}"))
            .ToList();

        Assert.True(mapped.Count > 40, $"only {mapped.Count} routes found");
        Assert.All(mapped, route => Assert.True(documented.Contains(route), $"{route} is mapped but not in {ApiDocumentation.DocumentPath}"));
    }

    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_and_every_operation_answers_with_a_schema()
    {
        var json = await web.CreateClient().GetStringAsync(ApiDocumentation.DocumentPath);
        var read = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());

        Assert.Empty(read.Diagnostic!.Errors);
        Assert.StartsWith("3.", read.Diagnostic.SpecificationVersion.ToString().Replace("OpenApi", "").Replace('_', '.'));
        var document = read.Document!;
        Assert.Equal("bearer", document.Components!.SecuritySchemes!["Bearer"].Scheme);
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations!)
            {
                var name = $"{method} {path}";
                Assert.Contains(operation.Responses!, r => r.Key.StartsWith('2'));
                foreach (var (status, response) in operation.Responses!)
                    Assert.All(response.Content ?? new Dictionary<string, OpenApiMediaType>(), media => Assert.True(media.Value.Schema is not null, $"{name} {status} {media.Key} has no schema"));
                if (!path.StartsWith("/api/", StringComparison.Ordinal) || path == "/api/auth/token") continue;
                Assert.True(operation.Security is { Count: > 0 }, $"{name} does not name the bearer scheme");
                foreach (var status in new[] { "401", "403", "503" })
                    Assert.True(operation.Responses!.TryGetValue(status, out var problem) && problem.Content!.ContainsKey("application/problem+json"), $"{name} does not document its {status}");
            }
        }
    }

    [Fact]
    public async Task Enums_are_documented_as_the_strings_the_api_speaks()
    {
        var schemas = (await DocumentAsync()).Components!.Schemas!;

        Assert.Equal(["P1", "P2", "P3", "P4", "P5"], schemas["Severity"].Enum!.Select(value => value!.ToString().Trim('"')));
        Assert.Contains("onSite", schemas["CaseState"].Enum!.Select(value => value!.ToString().Trim('"')));
    }

    [Fact]
    public async Task The_document_and_the_reference_are_served_to_anyone_from_the_app_itself()
    {
        var anonymous = web.CreateClient();

        using var document = await anonymous.GetAsync(ApiDocumentation.DocumentPath);
        using var page = await anonymous.GetAsync(ApiDocumentation.ReferencePath + "/");
        using var script = await anonymous.GetAsync(ApiDocumentation.ReferencePath + "/scalar.js");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (document.StatusCode, page.StatusCode, script.StatusCode));
        var html = await page.Content.ReadAsStringAsync();
        var nonce = NonceAttribute().Match(html).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"'nonce-{nonce}'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("https://", html);
    }

    async Task<OpenApiDocument> DocumentAsync()
    {
        var json = await web.CreateClient().GetStringAsync(ApiDocumentation.DocumentPath);
        return OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings()).Document!;
    }

    /// <summary><c>/api/cases/{id:gridId}/</c> as the document spells it: <c>/api/cases/{id}</c>.</summary>
    static string Normalize(string pattern) => RouteConstraint().Replace(pattern, "}").TrimEnd('/');

    [GeneratedRegex(@"(:[^}]*|\?)\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("nonce=\"([^\"]+)\"")]
    private static partial Regex NonceAttribute();
}
