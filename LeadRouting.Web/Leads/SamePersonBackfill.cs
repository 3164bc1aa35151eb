using LeadRouting.Core.Routing.Matching;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Upgrade step for issue 19's "same person under another address": leads stored before the release have no
/// <c>AccountDomain</c> and <c>PersonKey</c>, so a new lead of the same person at the same account would not find them.
/// At start, every open lead received within the dedup window that gives both names and has no account on record is
/// matched with the published policy's account matching, as routing matches a new lead today; where a match counts, its
/// account's domain and the person's key are stored. Leads whose match does not count stay as they are (and are looked at
/// again at the next start, when an account added since may match). The accounts are read afresh (not the routing
/// index, which may be older), and only when there is a lead to look at. Runs in batches by id; each row is updated only
/// while it still has no account, so a lead written meanwhile is never overwritten.
/// </summary>
public sealed class SamePersonBackfill(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    ConfigurationStore configurations,
    AccountMatcherIndex accounts,
    TimeProvider time,
    ILogger<SamePersonBackfill> logger)
{
    public const int BatchSize = 500;

    /// <summary>Fills the keys; answers how many leads got them.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var published = await configurations.CurrentAsync(cancellationToken);
        var policy = published.Engine.Configuration.Policy;
        var since = time.GetUtcNow().AddDays(-policy.Dedup.SameEmailWindowDays);
        AccountMatcher? matcher = null;
        var filled = 0;
        var after = "";
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var batch = await db.Leads.AsNoTracking()
                .Where(l => l.AccountDomain == null && l.FirstName != null && l.LastName != null && l.ReceivedAt >= since
                    && !LeadStages.Closed.Contains(l.Stage) && string.Compare(l.Id, after) > 0)
                .OrderBy(l => l.Id)
                .Select(l => new { l.Id, l.FirstName, l.LastName, l.Company, l.CompanyDomain, l.Country, l.Employees })
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            after = batch[^1].Id;
            matcher ??= accounts.Build();
            foreach (var lead in batch)
            {
                if (PersonNames.Key(lead.FirstName, lead.LastName) is not { } person
                    || matcher.Match(new AccountQuery(lead.CompanyDomain, lead.Company, lead.Country, lead.Employees), policy.AccountMatching) is not { } match
                    || policy.AccountMatching.Judge(match.Confidence) != AccountMatchStrength.Counts)
                {
                    continue;
                }

                filled += await db.Leads.Where(l => l.Id == lead.Id && l.AccountDomain == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.AccountDomain, match.Account.Domain).SetProperty(l => l.PersonKey, person), cancellationToken);
            }
        }

        if (filled > 0)
        {
            logger.LogInformation("Same-person check: {Count} open lead(s) stored before it existed got their account and person key.", filled);
        }

        return filled;
    }
}
