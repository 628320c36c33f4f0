using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;

namespace ServiceGrid.Demo;

/// <summary>Draws new cases with a realistic mix of kinds, severities and channels, and how each will be handled.</summary>
public sealed class CasePlanner(DemoOrganization organization, IOptions<DemoOptions> options)
{
    static readonly Weighted<CaseKind> Kinds = new((CaseKind.Service, 75), (CaseKind.Consultation, 10),
        (CaseKind.Complaint, 6), (CaseKind.Inspection, 6), (CaseKind.Relocation, 3));
    static readonly Weighted<Severity> Severities = new((Severity.P1, 3), (Severity.P2, 12), (Severity.P3, 35), (Severity.P4, 30), (Severity.P5, 20));
    static readonly Weighted<Channel> Channels = new((Channel.Hotline, 45), (Channel.Email, 15), (Channel.Portal, 20), (Channel.Remote, 12), (Channel.Onsite, 8));
    // Service plan 4.7.5: most customers are satisfied (A, B); a few are not, and each of those is followed up.
    static readonly Weighted<int> Scores = new((5, 50), (4, 32), (3, 10), (2, 5), (1, 3));

    public CasePlan Next(Random random)
    {
        var customer = organization.Customers[random.Next(organization.Customers.Length)];
        var kind = Kinds.Draw(random);
        // The CSC classifies by kind first: questions need information (P4), a complaint is an ordinary case (P3).
        var severity = kind switch
        {
            CaseKind.Consultation or CaseKind.Inspection => Severity.P4,
            CaseKind.Complaint => Severity.P3,
            CaseKind.Relocation => Severity.P5,
            _ => Severities.Draw(random),
        };
        var channel = Channels.Draw(random);
        var texts = CaseTexts.For(kind, severity);
        var text = texts[random.Next(texts.Length)];
        var unit = customer.Equipment[random.Next(customer.Equipment.Length)];
        var remote = kind == CaseKind.Consultation || severity == Severity.P5 || (channel == Channel.Remote && random.NextDouble() < 0.5);
        var slip = random.NextDouble() >= options.Value.SlipShare ? Slip.None : random.NextDouble() < 0.5 ? Slip.Unclaimed : Slip.Unattended;
        // A customer whose case slipped is less happy.
        var score = slip == Slip.None ? Scores.Draw(random) : Math.Max(1, Scores.Draw(random) - 1);
        var answersSurvey = random.NextDouble() < 0.9;

        return new CasePlan
        {
            Request = new OpenCase
            {
                CustomerId = customer.Id,
                Kind = kind,
                Severity = severity,
                Channel = channel,
                Title = text.Title,
                Description = text.Description,
                EquipmentSerial = unit.Serial,
                // A portal request is entered by the customer; every other channel by a CSC operator.
                Actor = channel == Channel.Portal ? customer.Id : TrafficActors.Csc,
            },
            Slip = slip,
            ClaimRace = random.NextDouble() < 0.15,
            Remote = remote,
            Parts = !remote && kind == CaseKind.Service && severity <= Severity.P3 && random.NextDouble() < 0.4
                ? PartsFor(unit.Model, random)
                : [],
            ClaimDelay = Minutes(random, 2, 15),
            DispatchDelay = Minutes(random, 1, 5),
            ResponseDelay = Minutes(random, 3, 20),
            WorkTime = remote ? Minutes(random, 10, 40) : Between(random, options.Value.MinWorkTime, options.Value.MaxWorkTime),
            CloseDelay = Minutes(random, 10, 60),
            SurveyDelay = Minutes(random, 30, 120),
            ChaseAt = 0.25 + random.NextDouble(),
            MoveToOtherBranch = random.NextDouble() < 0.5,
            Summary = CaseTexts.Summaries[remote ? ^1 : random.Next(CaseTexts.Summaries.Length - 1)],
            FaultReport = severity <= Severity.P2 ? CaseTexts.FaultReports[random.Next(CaseTexts.FaultReports.Length)] : null,
            SurveyScore = answersSurvey ? score : null,
            SurveyComment = CaseTexts.SurveyComments[5 - score],
        };
    }

    /// <summary>How a case the system opened by itself (a scheduled inspection) will be worked: on site, on time, no parts.</summary>
    public CasePlan ForScheduled(CaseView view, Random random) => Next(random) with
    {
        Request = new OpenCase
        {
            CustomerId = view.CustomerId,
            Kind = view.Kind,
            Severity = view.Severity,
            Channel = view.Channel,
            Title = view.Title,
            Description = view.Description,
            Region = view.Region,
            EquipmentSerial = view.EquipmentSerial,
            Actor = view.Timeline.FirstOrDefault()?.Actor ?? TrafficActors.Csc,
        },
        Slip = Slip.None,
        ClaimRace = false,
        Remote = false,
        Parts = [],
        FaultReport = null,
        Summary = CaseTexts.InspectionReport,
    };

    /// <summary>One or two of the spare parts the unit's model takes.</summary>
    static ImmutableArray<string> PartsFor(string model, Random random)
    {
        var parts = DemoCatalog.Products.First(product => product.Model == model).Parts;
        return [.. parts.OrderBy(_ => random.Next()).Take(1 + random.Next(2))];
    }

    static TimeSpan Minutes(Random random, double min, double max) => TimeSpan.FromMinutes(min + random.NextDouble() * (max - min));

    static TimeSpan Between(Random random, TimeSpan min, TimeSpan max) => min + (max - min) * random.NextDouble();

    sealed class Weighted<T>(params (T Value, int Weight)[] entries)
    {
        readonly int _total = entries.Sum(entry => entry.Weight);

        public T Draw(Random random)
        {
            var ticket = random.Next(_total);
            foreach (var (value, weight) in entries)
            {
                if (ticket < weight) return value;
                ticket -= weight;
            }
            return entries[^1].Value;
        }
    }
}
