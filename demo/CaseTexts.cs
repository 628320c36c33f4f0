using System.Collections.Immutable;
using ServiceGrid.Cases;

namespace ServiceGrid.Demo;

/// <summary>What simulated customers report and what simulated engineers write, per kind of case.</summary>
public static class CaseTexts
{
    public sealed record Request(string Title, string Description);

    /// <summary>The inspection report filed as the resolution of a preventive inspection (service plan 2).</summary>
    public const string InspectionReport =
        "Inspection report: unit checked, cleaned and adjusted; fans, power and logs normal; no defects found.";

    public static readonly ImmutableArray<Request> Faults =
    [
        new("Unit down after power outage", "The unit does not come back after last night's power cut; production is waiting on it."),
        new("Intermittent reboots", "The unit restarts several times a day without warning; the logs show a watchdog reset."),
        new("Fan alarm and high temperature", "Fan failure alarm on the front panel, internal temperature rising above 45 °C."),
        new("Disk failure reported", "The management console reports a failed disk; the array runs degraded."),
        new("Link flapping on uplink port", "The 10G uplink goes down and up every few minutes; users lose connections."),
        new("Power supply alarm", "One of the redundant power supplies shows a red LED and a PSU fault alarm."),
        new("Performance severely degraded", "Response times are ten times slower than usual since this morning."),
        new("Battery test failed", "The scheduled battery self-test failed; runtime on battery is under five minutes."),
        new("Compressor does not start", "The air conditioner runs the fans but the compressor does not start; room temperature rising."),
        new("Configuration lost after upgrade", "After the firmware upgrade the unit came up with factory settings."),
    ];

    public static readonly ImmutableArray<Request> Consultations =
    [
        new("How to export the event log", "The customer asks how to export the last month's event log for their audit."),
        new("Question about warranty coverage", "The customer asks whether a replacement power supply is covered by the warranty."),
        new("Configuration of e-mail alerts", "The customer wants alarm notifications sent to the duty mailbox."),
    ];

    public static readonly ImmutableArray<Request> Complaints =
    [
        new("Engineer arrived late", "The customer complains that the engineer arrived two hours after the agreed time."),
        new("Repeated failure after repair", "The same fault came back a week after the last repair."),
    ];

    public static readonly ImmutableArray<Request> Inspections =
    [
        new("Quarterly preventive inspection", "Scheduled quarterly inspection of the covered installation (service plan 2)."),
    ];

    public static readonly ImmutableArray<Request> Relocations =
    [
        new("Relocation to the new machine room", "The customer moves the unit to a new machine room; site survey and relocation plan needed."),
    ];

    public static readonly ImmutableArray<Request> FeatureRequests =
    [
        new("Request: SNMP v3 support", "The customer asks for SNMP v3 monitoring in the next firmware."),
        new("Request: Chinese-language reports", "The customer asks for the monthly reports in Chinese."),
    ];

    public static ImmutableArray<Request> For(CaseKind kind, Severity severity) => kind switch
    {
        CaseKind.Consultation => Consultations,
        CaseKind.Complaint => Complaints,
        CaseKind.Inspection => Inspections,
        CaseKind.Relocation => Relocations,
        _ when severity == Severity.P5 => FeatureRequests,
        _ => Faults,
    };

    public static readonly ImmutableArray<FaultReport> FaultReports =
    [
        new("Power supply module failed the load test", "Capacitor ageing in the PSU after a voltage surge", "Replaced the PSU, checked the input voltage", "Unit running on both supplies, alarms cleared"),
        new("Two fans stopped, thermal throttling", "Fan bearings worn; dust build-up in the intake", "Replaced the fans, cleaned the intake filter", "Temperature back to 28 °C, performance normal"),
        new("Controller reset loop", "Firmware defect triggered by a full event log", "Cleared the log, upgraded the controller firmware", "No reset in two hours of monitoring"),
        new("Optical module receive power too low", "Dirty connector and a degraded SFP", "Cleaned the fibre, replaced the SFP", "Link stable, no errors in one hour"),
    ];

    public static readonly ImmutableArray<string> Summaries =
    [
        "Fault cleared and verified with the customer; service report signed.",
        "Part replaced, unit tested under load; dispatch form signed by the customer.",
        "Settings restored and backed up; customer trained on the procedure.",
        "Answered remotely; the customer confirmed the solution works.",
    ];

    public static readonly ImmutableArray<string> SurveyComments =
        ["Very satisfied, quick and professional.", "Good work, engineer was polite.", "OK.", "Took too long.", "The problem came back, not happy."];
}
