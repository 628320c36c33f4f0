using System.Globalization;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceGrid.Web.Api;

/// <summary>
/// Collects what is wrong with a request, per field (JSON path, camelCase), so the client learns every problem at once
/// in the <c>errors</c> map of one 400 answer.
/// </summary>
public sealed class RequestErrors
{
    readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>The trimmed text, or null (with an error when <paramref name="required"/>) when it is missing.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = true)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required) Add(field, $"'{field}' is required.");
            return null;
        }
        if (text.Length > maxLength) Add(field, $"'{field}' may be at most {maxLength} characters.");
        return text;
    }

    /// <summary>An id of a case, branch, engineer, depot or customer: required, and shaped like one.</summary>
    public string? Id(string field, string? value, bool required = true)
    {
        var id = Text(field, value, GridIdConstraint.MaxLength, required);
        if (id is not null && !GridIdConstraint.IsValid(id)) Add(field, $"'{field}' must be letters, digits, '-', '_' or '.'.");
        return id;
    }

    /// <summary>The enum value whose contract name (API.md spelling, case-insensitive) is <paramref name="value"/>.</summary>
    public T? Enum<T>(string field, string? value, bool required = true) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, $"'{field}' is required; one of {string.Join(", ", ContractNames<T>.All)}.");
            return null;
        }
        if (ContractNames<T>.ByName.TryGetValue(value.Trim(), out var parsed)) return parsed;
        Add(field, $"'{value}' is not a {field}; use one of {string.Join(", ", ContractNames<T>.All)}.");
        return null;
    }

    /// <summary>An ISO-8601 time with an offset (<c>2026-12-01T08:00:00Z</c>), as UTC.</summary>
    public DateTimeOffset? Time(string field, string? value, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, $"'{field}' is required: an ISO-8601 time, e.g. 2026-12-01T08:00:00Z.");
            return null;
        }
        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && at.Year is >= 2000 and <= 2200)
            return at.ToUniversalTime();
        Add(field, $"'{field}' must be an ISO-8601 time between the years 2000 and 2200, e.g. 2026-12-01T08:00:00Z.");
        return null;
    }

    public int? Range(string field, int? value, int min, int max)
    {
        if (value is null) Add(field, $"'{field}' is required.");
        else if (value < min || value > max) Add(field, $"'{field}' must be between {min} and {max}.");
        else return value;
        return null;
    }

    /// <summary>A WGS-84 point; both coordinates required and in range.</summary>
    public GeoPoint? Point(string field, double? lat, double? lon)
    {
        var latOk = Coordinate($"{field}lat", lat, 90);
        var lonOk = Coordinate($"{field}lon", lon, 180);
        return latOk && lonOk ? new GeoPoint(lat!.Value, lon!.Value) : null;
    }

    bool Coordinate(string field, double? value, double limit)
    {
        if (value is null) Add(field, $"'{field}' is required.");
        else if (!double.IsFinite(value.Value) || Math.Abs(value.Value) > limit) Add(field, $"'{field}' must be between -{limit} and {limit}.");
        else return true;
        return false;
    }

    static class ContractNames<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<string, T> ByName = System.Enum.GetValues<T>()
            .ToFrozenDictionary(Name, value => value, StringComparer.OrdinalIgnoreCase);

        public static readonly string[] All = [.. System.Enum.GetValues<T>().Select(Name)];

        static string Name(T value) =>
            typeof(T).GetField(value.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
            ?? JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
    }
}
