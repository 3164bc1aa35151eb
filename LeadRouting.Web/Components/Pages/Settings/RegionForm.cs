using Microsoft.Extensions.Localization;
using System.Text.RegularExpressions;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>One region as the form edits it; <see cref="Validate"/> names every bad field, <see cref="ApplyTo"/> writes it back.</summary>
public sealed partial class RegionForm : ISettingsForm
{
    public const int MaxCodeLength = 16;

    public bool IsNew { get; private init; }

    public string Summary(IStringLocalizer<FormText> text) => IsNew ? text["region {0} added", Code ?? ""] : text["region {0} changed", Code ?? ""];

    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Countries { get; set; }
    public string? ManagerName { get; set; }
    public string? ManagerEmail { get; set; }

    public static RegionForm New() => new() { IsNew = true };

    public static RegionForm From(Region region) => new()
    {
        Code = region.Code,
        Name = region.Name,
        Countries = SettingsFields.JoinList(region.Countries),
        ManagerName = region.ManagerName,
        ManagerEmail = region.ManagerEmail,
    };

    public FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text)
    {
        var errors = new FieldErrors();
        if (IsNew)
        {
            if (string.IsNullOrWhiteSpace(Code))
            {
                errors.Add("code", text["Give it a code (it cannot change later)."]);
            }
            else if (Code.Length > MaxCodeLength || !CodePattern().IsMatch(Code))
            {
                errors.Add("code", text["Use capital letters, digits and dashes, at most {0} characters (e.g. DACH).", MaxCodeLength]);
            }
            else if (config.Organisation.Regions.Any(r => string.Equals(r.Code, Code, StringComparison.Ordinal)))
            {
                errors.Add("code", text["'{0}' is already used.", Code]);
            }
        }

        SettingsFields.Name(text, errors, "name", Name);
        SettingsFields.List(text, errors, "countries", Countries);
        SettingsFields.Countries(text, errors, "countries", Countries);
        if (ManagerName is { Length: > SettingsFields.MaxNameLength })
        {
            errors.Add("managerName", text["At most {0} characters.", SettingsFields.MaxNameLength]);
        }

        SettingsFields.Email(text, errors, "managerEmail", ManagerEmail);
        return errors;
    }

    /// <summary>The configuration with this region added (new) or replaced (existing), in place in the list.</summary>
    public RoutingConfiguration ApplyTo(RoutingConfiguration config)
    {
        var region = new Region
        {
            Code = Code!,
            Name = Name!.Trim(),
            Countries = [.. SettingsFields.SplitList(Countries).Select(c => c.ToUpperInvariant())],
            ManagerName = string.IsNullOrWhiteSpace(ManagerName) ? null : ManagerName.Trim(),
            ManagerEmail = string.IsNullOrWhiteSpace(ManagerEmail) ? null : ManagerEmail.Trim(),
        };
        return config with { Organisation = config.Organisation with { Regions = ItemList.WithSaved(config.Organisation.Regions, region, IsNew, r => r.Code == region.Code) } };
    }

    public static string Deleted(IStringLocalizer<FormText> text, string code) => text["region {0} deleted", code];

    /// <summary>The document without the region, or why it must stay: the teams and segments still naming it.</summary>
    public static ItemDeletion Delete(RoutingConfiguration config, string code, IStringLocalizer<FormText> text) =>
        ItemDeletion.Unless(
            UsageText.Blocker(text, text["Region {0}", code], text["Move them to another region first."],
                (UsageText.Teams, config.Organisation.Teams.Where(t => t.Region == code).Select(t => t.Name)),
                (UsageText.Segments, config.Organisation.Segments.Where(s => s.Regions.Contains(code, StringComparer.Ordinal)).Select(s => s.Name))),
            () => config with { Organisation = config.Organisation with { Regions = [.. config.Organisation.Regions.Where(r => r.Code != code)] } });

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
