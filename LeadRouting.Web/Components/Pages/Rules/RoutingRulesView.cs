using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Routing;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Rules;

/// <summary>
/// The published routing configuration as read-only tables ("Routing rules are readable by everyone"), with the live
/// state of every rep (open leads against capacity, availability) and the accounts routing honours.
/// </summary>
public sealed class RoutingRulesView
{
    /// <summary>"Version 3, published by nora@example.com on 30 Nov 2026 15:00 UTC".</summary>
    public required string Version { get; init; }

    /// <summary>When the live state was read: "30 Nov 2026 15:00:12 UTC".</summary>
    public required string ReadAt { get; init; }

    /// <summary>How many accounts there are; <see cref="Accounts"/> lists the first of them.</summary>
    public required int AccountsTotal { get; init; }

    public required IReadOnlyList<SegmentRow> Segments { get; init; }
    public required IReadOnlyList<TeamRow> Teams { get; init; }
    public required IReadOnlyList<RepRow> Reps { get; init; }
    public required IReadOnlyList<AccountRow> Accounts { get; init; }
    public required IReadOnlyList<MatrixRowView> Matrix { get; init; }
    public required IReadOnlyList<SlaRow> SlaPolicies { get; init; }

    public static RoutingRulesView From(LiveRules rules)
    {
        var engine = rules.Engine;
        var organisation = engine.Configuration.Organisation;
        var policy = engine.Configuration.Policy;
        var statuses = rules.RepStatuses;
        var now = rules.ReadAt;

        string RepName(RepId id) => engine.Organisation.FindRep(id)?.Rep.Name ?? id.Value;
        string TeamName(TeamId id) => engine.Organisation.FindTeam(id)?.Team.Name ?? id.Value;

        return new RoutingRulesView
        {
            Version = string.Create(CultureInfo.InvariantCulture,
                $"Version {rules.Configuration.Version}, published by {rules.Configuration.Author} on {rules.Configuration.PublishedAt.UtcDateTime:d MMM yyyy HH:mm} UTC"),
            ReadAt = string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:d MMM yyyy HH:mm:ss} UTC"),
            AccountsTotal = rules.Accounts.Total,
            Segments = [.. engine.Segments.Ordered.Select(s => new SegmentRow(s.Priority, s.Name, Criteria(s), TeamName(s.Team)))],
            Teams =
            [
                .. engine.Organisation.Teams
                    .OrderBy(t => t.Team.Name, StringComparer.Ordinal)
                    .Select(t => new TeamRow(
                        t.Team.Name,
                        t.Region?.Name ?? t.Team.Region,
                        $"{t.Calendar.Definition.Name}: {t.Calendar.Describe()}",
                        t.Manager.Name ?? "—",
                        t.Members.Count,
                        string.Join(", ", t.BackupPool.Reps.Select(r => r.Rep.Name)))),
            ],
            Reps =
            [
                .. organisation.Reps.Select(rep =>
                {
                    var status = statuses.GetValueOrDefault(rep.Id) ?? RepStatus.Default;
                    var (text, color) = Availability(rep, status, now);
                    return new RepRow(
                        rep.Name,
                        rep.Id.Value,
                        TeamName(rep.Team),
                        RepLevels.Describe(rep.Level),
                        rep.Weight,
                        status.OpenLeads,
                        rep.Capacity,
                        text,
                        color,
                        rep.Backup is { } backup ? RepName(backup) : "—",
                        rep.Industries.Count == 0 ? "—" : string.Join(", ", rep.Industries));
                }),
            ],
            Accounts =
            [
                .. rules.Accounts.Accounts.Select(a => new AccountRow(
                    a.Domain,
                    a.Name,
                    a.IsCustomer ? "Customer" : a.IsNamedAccount ? "Named account" : "Account",
                    a.OwnerId is { } owner ? RepName(owner) : "no owner")),
            ],
            Matrix =
            [
                .. policy.Matrix
                    .OrderByDescending(r => r.Intent)
                    .ThenByDescending(r => r.Fit)
                    .Select(r => new MatrixRowView(r.Intent.ToString(), r.Fit.ToString(), r.Action.ToString(), RoutingWords.MeaningOf(r.Action))),
            ],
            SlaPolicies =
            [
                .. policy.SlaPolicies.Select(p => new SlaRow(
                    p.Name,
                    string.Join(", ", p.Sources),
                    p.ResponseTarget.ToString(),
                    p.EscalationTrigger.ToString(),
                    p.Clock == Core.Sla.SlaClockMode.AroundTheClock ? "24/7" : "business hours")),
            ],
        };
    }

    /// <summary>"region DACH · ≥ 1000 employees", or "catch-all".</summary>
    public static string Criteria(Segment segment)
    {
        if (segment.IsCatchAll)
        {
            return "catch-all: every lead no other segment takes";
        }

        var parts = new List<string>();
        if (segment.Regions.Count > 0)
        {
            parts.Add($"region {string.Join(", ", segment.Regions)}");
        }

        if (segment.Countries.Count > 0)
        {
            parts.Add($"country {string.Join(", ", segment.Countries)}");
        }

        switch (segment.MinEmployees, segment.MaxEmployees)
        {
            case ({ } min, { } max):
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{min}–{max} employees"));
                break;
            case ({ } min, null):
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"≥ {min} employees"));
                break;
            case (null, { } max):
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"≤ {max} employees"));
                break;
        }

        if (segment.Industries.Count > 0)
        {
            parts.Add($"industry {string.Join(", ", segment.Industries)}");
        }

        if (segment.Sources.Count > 0)
        {
            parts.Add($"source {string.Join(", ", segment.Sources)}");
        }

        return string.Join(" · ", parts);
    }

    private static (string Text, Color Color) Availability(Rep rep, RepStatus status, DateTimeOffset now)
    {
        if (!rep.Active)
        {
            return ("Inactive", Color.Default);
        }

        return status.Availability switch
        {
            Core.Routing.Availability.OutOfOffice when status.OutOfOfficeUntil is { } until && until > now =>
                ($"Out of office until {until.ToString("d MMM", CultureInfo.InvariantCulture)}", Color.Error),
            Core.Routing.Availability.OutOfOffice when status.OutOfOfficeUntil is null => ("Out of office", Color.Error),
            Core.Routing.Availability.Away => ("Away", Color.Warning),
            _ when status.OpenLeads >= rep.Capacity => ("At capacity", Color.Warning),
            _ => ("Available", Color.Success),
        };
    }
}

public sealed record SegmentRow(int Priority, string Name, string Criteria, string Team);

public sealed record TeamRow(string Name, string Region, string Calendar, string Manager, int Members, string BackupPool);

public sealed record RepRow(
    string Name,
    string Id,
    string Team,
    string Level,
    int Weight,
    int OpenLeads,
    int Capacity,
    string Availability,
    Color AvailabilityColor,
    string Backup,
    string Industries);

public sealed record AccountRow(string Domain, string Name, string Kind, string Owner);

public sealed record MatrixRowView(string Intent, string Fit, string Action, string Meaning);

public sealed record SlaRow(string Name, string Sources, string ResponseTarget, string EscalationTrigger, string Clock);
