using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Rules;

/// <summary>
/// The published routing configuration as read-only tables ("Routing rules are readable by everyone"), with the live
/// state of every rep (open leads against capacity, availability) and the accounts routing honours.
/// </summary>
public sealed class RoutingRulesView
{
    /// <summary>"Version 3, published by nora@example.com on 30 Nov 2026 at 16:00" (in the reader's zone and language).</summary>
    public required string Version { get; init; }

    /// <summary>When the live state was read, on the reader's clock: "16:00".</summary>
    public required string ReadAt { get; init; }

    /// <summary>How many accounts there are; <see cref="Accounts"/> lists the first of them.</summary>
    public required int AccountsTotal { get; init; }

    public required IReadOnlyList<SegmentRow> Segments { get; init; }
    public required IReadOnlyList<TeamRow> Teams { get; init; }
    public required IReadOnlyList<RepRow> Reps { get; init; }
    public required IReadOnlyList<AccountRow> Accounts { get; init; }
    public required IReadOnlyList<MatrixRowView> Matrix { get; init; }
    public required IReadOnlyList<SlaRow> SlaPolicies { get; init; }

    public static RoutingRulesView From(LiveRules rules, IStringLocalizer<RoutingRulesView> text, IStringLocalizer<OpsWords> words, PersonFormat format)
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
            Version = text["Version {0}, published by {1} on {2} at {3}", rules.Configuration.Version, rules.Configuration.Author,
                format.Date(rules.Configuration.PublishedAt), format.Time(rules.Configuration.PublishedAt)],
            ReadAt = format.Time(now),
            AccountsTotal = rules.Accounts.Total,
            Segments = [.. engine.Segments.Ordered.Select(s => new SegmentRow(s.Priority, s.Name, Criteria(s, text, words, format), TeamName(s.Team)))],
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
                    var (availability, color) = Availability(rep, status, now, text, words, format);
                    return new RepRow(
                        rep.Name,
                        rep.Id.Value,
                        TeamName(rep.Team),
                        RepLevels.Describe(rep.Level),
                        rep.Weight,
                        status.OpenLeads,
                        rep.Capacity,
                        availability,
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
                    a.IsCustomer ? text["Customer"] : a.IsNamedAccount ? text["Named account"] : text["Account"],
                    a.OwnerId is { } owner ? RepName(owner) : text["no owner"])),
            ],
            Matrix =
            [
                .. policy.Matrix
                    .OrderByDescending(r => r.Intent)
                    .ThenByDescending(r => r.Fit)
                    .Select(r => new MatrixRowView(words.Of(r.Intent), words.Of(r.Fit), words.Of(r.Action), words.MeaningOf(r.Action))),
            ],
            SlaPolicies =
            [
                .. policy.SlaPolicies.Select(p => new SlaRow(
                    p.Name,
                    string.Join(", ", p.Sources.Select(words.Of)),
                    words.Of(p.ResponseTarget),
                    words.Of(p.EscalationTrigger),
                    words.Of(p.Clock))),
            ],
        };
    }

    /// <summary>"region DACH · ≥ 1,000 employees", or "catch-all" — in the reader's language and number format.</summary>
    public static string Criteria(Segment segment, IStringLocalizer<RoutingRulesView> text, IStringLocalizer<OpsWords> words, PersonFormat format)
    {
        if (segment.IsCatchAll)
        {
            return text["catch-all: every lead no other segment takes"];
        }

        var parts = new List<string>();
        if (segment.Regions.Count > 0)
        {
            parts.Add(text["region {0}", string.Join(", ", segment.Regions)]);
        }

        if (segment.Countries.Count > 0)
        {
            parts.Add(text["country {0}", string.Join(", ", segment.Countries)]);
        }

        switch (segment.MinEmployees, segment.MaxEmployees)
        {
            case ({ } min, { } max):
                parts.Add(text["{0}–{1} employees", format.Number(min), format.Number(max)]);
                break;
            case ({ } min, null):
                parts.Add(text["≥ {0} employees", format.Number(min)]);
                break;
            case (null, { } max):
                parts.Add(text["≤ {0} employees", format.Number(max)]);
                break;
        }

        if (segment.Industries.Count > 0)
        {
            parts.Add(text["industry {0}", string.Join(", ", segment.Industries)]);
        }

        if (segment.Sources.Count > 0)
        {
            parts.Add(text["source {0}", string.Join(", ", segment.Sources.Select(words.Of))]);
        }

        return string.Join(" · ", parts);
    }

    private static (string Text, Color Color) Availability(
        Rep rep, RepStatus status, DateTimeOffset now, IStringLocalizer<RoutingRulesView> text, IStringLocalizer<OpsWords> words, PersonFormat format)
    {
        if (!rep.Active)
        {
            return (text["Inactive"], Color.Default);
        }

        return status.Availability switch
        {
            Core.Routing.Availability.OutOfOffice when status.OutOfOfficeUntil is { } until && until > now =>
                (text["Out of office until {0}", format.Day(until)], Color.Error),
            Core.Routing.Availability.OutOfOffice when status.OutOfOfficeUntil is null => (words.Of(Core.Routing.Availability.OutOfOffice), Color.Error),
            Core.Routing.Availability.Away => (words.Of(Core.Routing.Availability.Away), Color.Warning),
            _ when status.OpenLeads >= rep.Capacity => (text["At capacity"], Color.Warning),
            _ => (words.Of(Core.Routing.Availability.Available), Color.Success),
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
