using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Import;
using LeadRouting.Web.Leads;

namespace LeadRouting.Tests.Api;

/// <summary>
/// The members of <c>POST /api/leads/import</c>'s answer and of its dry run stand in one fixed order (DESIGN.md's
/// examples, CRM scripts that diff answers): the counts first, then the rows, the mapping, the owners. The two answers
/// share their counts through one base record; this holds the order that sharing must not move. Every optional member
/// is set, so each one's place is checked (an answer over HTTP leaves the absent ones out).
/// </summary>
public sealed class LeadImportAnswerOrderTests
{
    private static readonly ColumnMapping Mapping = ColumnMapping.Suggest(["Email", "Lead Source"]);

    private static IEnumerable<string> Keys(object answer) =>
        JsonNode.Parse(JsonSerializer.Serialize(answer, answer.GetType(), JsonSerializerOptions.Web))!.AsObject().Select(p => p.Key);

    [Fact]
    public void The_import_answer_lists_counts_then_rows_then_mapping_then_owners()
    {
        var summary = new LeadImportSummary
        {
            Mode = "history",
            Rows = 2,
            Created = 1,
            Merged = 0,
            Replayed = 0,
            Rejected = 1,
            Unchanged = true,
            Message = "m",
            Errors = [new LeadImportError(3, new Dictionary<string, string[]> { ["email"] = ["bad"] })],
            ErrorsTruncated = false,
            Leads = [new ImportedLead(2, "ld_1", IngestOutcome.Created)],
            LeadsTruncated = false,
            Mapping = Mapping,
            Ignored = [new IgnoredColumn("Shoe Size", "unknown")],
            UnknownOwners = [new UnknownOwner("Max", 1)],
            ValidOwners = [new ValidOwner("dach-mid-1", "Clara Fischer", null)],
        };

        Assert.Equal(
            ["mode", "rows", "created", "merged", "replayed", "rejected", "unchanged", "message", "errors", "errorsTruncated", "leads", "leadsTruncated", "mapping", "ignored", "unknownOwners", "validOwners"],
            Keys(summary));
    }

    [Fact]
    public void The_dry_run_answer_says_dry_run_first_then_counts_rows_outcomes_mapping_and_owners()
    {
        var dryRun = new LeadImportDryRun
        {
            Mode = "history",
            Rows = 2,
            Created = 1,
            Merged = 0,
            Replayed = 0,
            Rejected = 1,
            Unchanged = true,
            Message = "m",
            Errors = [new LeadImportDryRunError(3, "email", "bad")],
            ErrorsTruncated = false,
            Outcomes = new Dictionary<string, int> { ["Assigned"] = 1 },
            Mapping = new Dictionary<string, string?> { ["Email"] = "email" },
            Ignored = [new IgnoredColumn("Shoe Size", "unknown")],
            UnknownOwners = [new UnknownOwner("Max", 1)],
            ValidOwners = [new ValidOwner("dach-mid-1", "Clara Fischer", null)],
        };

        Assert.Equal(
            ["dryRun", "mode", "rows", "created", "merged", "replayed", "rejected", "unchanged", "message", "errors", "errorsTruncated", "outcomes", "mapping", "ignored", "unknownOwners", "validOwners"],
            Keys(dryRun));
    }
}
