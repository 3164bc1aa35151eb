namespace LeadRouting.Web.Routing;

/// <summary>
/// Routes a lead without storing it, exactly as <c>POST /api/leads</c> would route it at that moment: the same engine
/// of the published version, over the live state (<see cref="LiveRoutingState"/>: loads, availability, accounts, open
/// leads, round-robin positions — read, never moved). The playground, <c>/rules</c> and
/// <c>POST /api/routing/preview</c> all go through here.
/// </summary>
/// <remarks>
/// A preview may route "as of" another instant: business hours, calendars, out-of-office dates, the intent window and
/// the dedup window are evaluated at that instant, and the lead is received then unless it says otherwise; the state
/// itself (loads, availability, accounts, open leads, round-robin positions) is today's, since there is no other.
/// </remarks>
public sealed class PreviewService(ConfigurationStore configurations, LiveRoutingState live, TimeProvider time)
{
    /// <summary>How far from now an "as of" instant may lie, either way: a year covers any what-if on calendars and holidays.</summary>
    public static readonly TimeSpan AsOfRange = TimeSpan.FromDays(366);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The version a preview started now routes with.</summary>
    /// <exception cref="NoPublishedConfigurationException">No version has been published.</exception>
    public Task<PublishedConfiguration> PublishedAsync(CancellationToken cancellationToken) => configurations.CurrentAsync(cancellationToken);

    /// <summary>Adds an error on <paramref name="field"/> when <paramref name="at"/> lies more than <see cref="AsOfRange"/> from now.</summary>
    public bool CheckAsOf(DateTimeOffset at, string field, FieldErrors errors)
    {
        var now = Now;
        if (at >= now - AsOfRange && at <= now + AsOfRange)
        {
            return true;
        }

        errors.Add(field, string.Create(CultureInfo.InvariantCulture,
            $"Must lie within {AsOfRange.Days} days of now ({(now - AsOfRange).UtcDateTime:yyyy-MM-dd} to {(now + AsOfRange).UtcDateTime:yyyy-MM-dd})."));
        return false;
    }

    /// <summary>
    /// Validates and routes a submission at <paramref name="at"/> (default: now; callers check it with
    /// <see cref="CheckAsOf"/>). <paramref name="errors"/> may already hold what reading the submission found (bad JSON
    /// types, unknown enum values); validation adds every other problem, so one response names all of them.
    /// </summary>
    /// <exception cref="NoPublishedConfigurationException">No version has been published: nothing routes.</exception>
    public async Task<PreviewResult> PreviewAsync(LeadSubmission submission, FieldErrors errors, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var now = at ?? time.GetUtcNow();
        LeadValidator.ValidateAfterReading(submission, now, errors);
        if (!errors.IsEmpty)
        {
            return PreviewResult.Invalid(now, errors);
        }

        var published = await configurations.CurrentAsync(cancellationToken);
        // As ingestion does: a known externalId answers the stored lead, so nothing is routed.
        var externalId = submission.ExternalId is { Length: > 0 } given ? given.Trim() : null;
        var (existing, lead, decision) = live.Read<(string? Existing, Lead Lead, RoutingDecision? Decision)>(published, snapshot =>
        {
            if (externalId is not null && snapshot.LeadWithExternalId(externalId) is { } stored)
            {
                return (stored, published.Engine.Normalizer.Normalize(submission, now), null);
            }

            var (routed, decided) = snapshot.Route(published.Engine, submission, now);
            return (null, routed, decided);
        });

        return new PreviewResult
        {
            RoutedAt = now,
            Lead = lead,
            Decision = decision,
            ExistingLeadId = existing,
            Configuration = ConfigurationStamp.Of(published),
        };
    }

    /// <summary>The published rules with the live state of every rep and the first accounts (<c>/rules</c>).</summary>
    /// <exception cref="NoPublishedConfigurationException">No version has been published.</exception>
    public async Task<LiveRules> RulesAsync(int maxAccounts, CancellationToken cancellationToken)
    {
        var published = await configurations.CurrentAsync(cancellationToken);
        return new LiveRules(
            published.Engine,
            ConfigurationStamp.Of(published),
            await live.RepStatusesAsync(cancellationToken),
            await live.AccountsAsync(maxAccounts, cancellationToken),
            Now);
    }
}

/// <summary>What <c>/rules</c> shows: the published version's engine, and the live rep states and accounts read at <see cref="ReadAt"/>.</summary>
public sealed record LiveRules(
    RoutingEngine Engine,
    ConfigurationStamp Configuration,
    IReadOnlyDictionary<Core.RepId, RepStatus> RepStatuses,
    AccountsPage Accounts,
    DateTimeOffset ReadAt);
