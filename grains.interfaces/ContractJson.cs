using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceGrid;

/// <summary>
/// API.md's JSON: camelCase, enums as camelCase strings (severities as <c>P1</c>…<c>P5</c>). The web answers in it, and
/// the query tables store views in it, so that a list read from <c>cases</c> is the JSON the grains' views give.
/// </summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions());

    public static JsonSerializerOptions Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // No request of the contract nests deeper than a few levels; a deep one is an attack on the parser.
        json.MaxDepth = 16;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return json;
    }
}
