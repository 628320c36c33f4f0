using System.Collections.Immutable;
using System.Globalization;
using ServiceGrid.Cases;
using ServiceGrid.Service;

namespace ServiceGrid.Web.Api;

public sealed record TargetsRequest(string? Response, string? Onsite, string? Resolution);

public sealed record CreateContractRequest(
    string? CustomerId, string[]? Serials, string? StartsAt, string? EndsAt, Dictionary<string, TargetsRequest?>? Sla)
{
    /// <summary>More units than one contract of the demo's customers has by far; a bound on what one request asks of the units.</summary>
    const int MaxSerials = 200;
    /// <summary>No SLA target is longer than a year.</summary>
    static readonly TimeSpan MaxTarget = TimeSpan.FromDays(365);

    public CreateContract? Validate(RequestErrors errors, string actor)
    {
        var customerId = errors.Id("customerId", CustomerId);
        var serials = ImmutableArray.CreateBuilder<string>();
        if (Serials is null || Serials.Length == 0) errors.Add("serials", "'serials' must list at least one unit.");
        else if (Serials.Length > MaxSerials) errors.Add("serials", $"A contract may list at most {MaxSerials} units.");
        else
        {
            for (var i = 0; i < Serials.Length; i++)
                if (errors.Id($"serials[{i}]", Serials[i]) is { } serial) serials.Add(serial);
        }
        var startsAt = errors.Time("startsAt", StartsAt);
        var endsAt = errors.Time("endsAt", EndsAt);
        if (startsAt is not null && endsAt is not null && endsAt <= startsAt) errors.Add("endsAt", "'endsAt' must be after 'startsAt'.");

        var sla = ImmutableDictionary.CreateBuilder<Severity, ServiceTargets>();
        foreach (var (key, targets) in Sla ?? [])
        {
            var field = $"sla.{key}";
            var severity = errors.Enum<Severity>(field, key);
            if (targets is null)
            {
                errors.Add(field, $"'{field}' needs at least one of response, onsite, resolution.");
                continue;
            }
            var response = Target(errors, $"{field}.response", targets.Response);
            var onsite = Target(errors, $"{field}.onsite", targets.Onsite);
            var resolution = Target(errors, $"{field}.resolution", targets.Resolution);
            if (response is null && onsite is null && resolution is null)
                errors.Add(field, $"'{field}' needs at least one of response, onsite, resolution.");
            else if (severity is { } level) sla[level] = new ServiceTargets(response, onsite, resolution);
        }
        if (errors.Any) return null;
        return new CreateContract
        {
            CustomerId = customerId!,
            Serials = serials.ToImmutable(),
            StartsAt = startsAt!.Value,
            EndsAt = endsAt!.Value,
            Sla = sla.ToImmutable(),
            Actor = actor,
        };
    }

    static TimeSpan? Target(RequestErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var target) && target > TimeSpan.Zero && target <= MaxTarget) return target;
        errors.Add(field, $"'{field}' must be a positive TimeSpan of at most a year, e.g. 01:00:00 or 3.00:00:00.");
        return null;
    }
}

public sealed record CapaRequest(string? Department, string? Action, string? DueAt);

public sealed record OutcomeRequest(string? Outcome);

public sealed record RelocationPlanRequest(string? SiteSurvey, string? Equipment, string? Route, string? Date)
{
    public RelocationPlan? Validate(RequestErrors errors)
    {
        var siteSurvey = errors.Text("siteSurvey", SiteSurvey, TextLimits.Long);
        var equipment = errors.Text("equipment", Equipment, TextLimits.Long);
        var route = errors.Text("route", Route, TextLimits.Long);
        var date = errors.Time("date", Date);
        return errors.Any ? null : new RelocationPlan(siteSurvey!, equipment!, route!, date!.Value);
    }
}

public sealed record SubstituteRequest(string? Serial);
