using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Grains.Service;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Organization;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// What a case learns when it opens, from grains it does not own: the customer, the region it belongs in, the
/// coverage and contract terms of the unit it is about; and the unit's side afterwards, its case history. Stateless:
/// one per silo, shared by the case grains.
/// </summary>
public sealed partial class CaseIntake(IGrainFactory grains, OrganizationDirectory organization, IOptions<SlaPolicy> slaPolicy, ILogger<CaseIntake> logger)
{
    /// <summary>Fills a new case's record from the command; nothing is stored yet.</summary>
    public async Task StartAsync(CaseRecord record, OpenCase command, DateTimeOffset now)
    {
        var customer = await grains.GetGrain<ICustomerGrain>(command.CustomerId).Get()
            ?? throw DomainException.NotFound("Customer", command.CustomerId);
        var (region, site) = await LocateAsync(command, customer);
        var policy = slaPolicy.Value;
        var terms = await ServiceTermsAsync(command);

        record.Kind = command.Kind;
        record.Severity = command.Severity;
        record.Channel = command.Channel;
        record.State = CaseState.Open;
        record.Region = region;
        record.Tier = Tiers.Branch;
        record.CustomerId = command.CustomerId;
        record.Title = command.Title;
        record.Description = command.Description;
        record.Site = site;
        record.EquipmentSerial = command.EquipmentSerial;
        // Service plan 4.5: the time the case is opened is the response time; every SLA clock starts here.
        record.OpenedAt = now;
        // A contract in force on the unit sets its own targets in place of the default policy's.
        record.Sla = SlaClock.Start(Coverage.Apply(policy.For(command.Severity), terms?.Targets), policy.AtRiskFraction, now);
        record.Coverage = terms?.Coverage;
    }

    /// <summary>Adds the case to its unit's history. Repeated on every repeated open, so a crash in between is made good by the retry.</summary>
    public async Task RecordOnUnitAsync(string caseId, CaseRecord record)
    {
        if (record.EquipmentSerial is not { } serial) return;
        try
        {
            await grains.GetGrain<IEquipmentGrain>(serial).RecordCase(new UnitCase(caseId, record.Kind, record.OpenedAt));
        }
        catch (Exception exception) when (exception is not DomainException)
        {
            // The case is stored and announced; the unit's history is secondary and the next open of this id retries.
            LogUnitRecordFailed(logger, exception, caseId, serial);
        }
    }

    /// <summary>What the unit the case is about is entitled to now; null without a unit (or for a unit not on record).</summary>
    async Task<ServiceTerms?> ServiceTermsAsync(OpenCase command) =>
        command.EquipmentSerial is { } serial
            ? await grains.GetGrain<IEquipmentGrain>(serial).GetTerms(command.Severity)
            : null;

    /// <summary>The case's region: as given, else the branch nearest its site, else where the customer's unit stands.</summary>
    async Task<(string Region, GeoPoint? Site)> LocateAsync(OpenCase command, CustomerView customer)
    {
        var unit = command.EquipmentSerial is { } serial
            ? customer.Equipment.FirstOrDefault(e => e.Serial == serial) ?? throw DomainException.NotFound("Equipment", serial)
            : null;
        var customerSite = unit is not null && unit.SiteIndex < customer.Sites.Length ? customer.Sites[unit.SiteIndex]
            : customer.Sites.FirstOrDefault();
        var site = command.Site ?? customerSite?.Location;

        if (command.Region is { } region)
        {
            return await organization.FindRegionAsync(region) is not null
                ? (region, site)
                : throw DomainException.Invalid("region", $"There is no region '{region}'.");
        }
        if (command.Site is { } given)
        {
            return await organization.NearestRegionAsync(given) is { } nearest
                ? (nearest, given)
                : throw DomainException.Invalid("site", "No branch is defined yet, so no region can be found for the site.");
        }
        return customerSite is not null
            ? (customerSite.RegionId, site)
            : throw DomainException.Invalid("site", $"Customer '{customer.Id}' has no site on record: give a site or a region.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: could not be added to the history of unit {Serial}")]
    static partial void LogUnitRecordFailed(ILogger logger, Exception exception, string caseId, string serial);
}
