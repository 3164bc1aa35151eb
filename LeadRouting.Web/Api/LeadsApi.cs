using LeadRouting.Web.Booking;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LeadRouting.Web.Api;

/// <summary><c>/api/leads</c>: ingest leads and read them back with their decision and history.</summary>
public static class LeadsApi
{
    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/leads").WithTags("Leads");

        group.MapPost("/", IngestAsync)
            .WithName("IngestLead")
            .WithSummary("Ingest one lead: stored, deduplicated and routed in one transaction")
            .AcceptsLeadJson()
            .RequireAuthorization(ApiScopes.Ingest)
            .RequireIngestRateLimit();

        group.MapPost("/{id}/signals", AddSignalsAsync)
            .WithName("AddLeadSignals")
            .WithSummary("Add activity signals; re-evaluates intent and routes a monitored lead whose intent rose")
            .WithMetadata(LeadRequestReader.SizeLimit)
            .RequireAuthorization(ApiScopes.Ingest)
            .RequireIngestRateLimit();

        group.MapGet("/{id}", GetAsync)
            .WithName("GetLead")
            .WithSummary("A lead with owner, stage, clocks, decision trace and event history")
            .RequireAuthorization(ApiScopes.Read);

        return endpoints;
    }

    internal static async Task<Results<Created<LeadResponse>, Ok<LeadResponse>, Ok<LeadReceipt>, ValidationProblem, ProblemHttpResult>> IngestAsync(
        HttpRequest request,
        LeadIngestionService ingestion,
        IDbContextFactory<LeadRoutingDbContext> dbFactory,
        TimeProvider time,
        BookingOffers offers,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var read = await LeadRequestReader.ReadAsync(request, errors, cancellationToken);
        if (read.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }

        if (read.Invalid is { } invalid)
        {
            return invalid;
        }

        if (!errors.IsEmpty)
        {
            // Validate the rest too, so one response names every bad field; nothing is stored.
            LeadValidator.ValidateAfterReading(read.Submission!, time.GetUtcNow(), errors);
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await ingestion.IngestAsync(read.Submission!, request.HttpContext.User.Identity?.Name ?? "api", cancellationToken);
        switch (result.Outcome)
        {
            case IngestOutcome.Invalid:
                return TypedResults.ValidationProblem(result.Errors!);
            case IngestOutcome.Replayed:
                // The stored lead may have come from another system, so only a key that may read leads sees it.
                return MayReadLeads(request)
                    ? TypedResults.Ok(LeadResponse.From(result.Stored!))
                    : TypedResults.Ok(LeadReceipt.From(result.Stored!));
            case IngestOutcome.Created:
                return TypedResults.Created($"/api/leads/{result.LeadId}", LeadResponse.From(result.Stored!) with { Booking = await offers.ForAsync(result.Stored!.Lead, cancellationToken) });
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await LeadQueries.FindAsync(db, result.LeadId!, cancellationToken)
            ?? throw new InvalidOperationException($"Lead {result.LeadId} was committed but cannot be read.");
        return MayReadLeads(request)
            ? TypedResults.Ok(LeadResponse.From(stored) with { DuplicateOf = result.LeadId })
            : TypedResults.Ok(LeadReceipt.From(stored) with { DuplicateOf = result.LeadId });
    }

    internal static async Task<Results<Ok<LeadResponse>, Ok<LeadReceipt>, NotFound<ProblemDetails>, ValidationProblem, ProblemHttpResult>> AddSignalsAsync(
        string id,
        HttpRequest request,
        LeadIngestionService ingestion,
        IDbContextFactory<LeadRoutingDbContext> dbFactory,
        CancellationToken cancellationToken)
    {
        var body = await LeadRequestReader.ReadDocumentAsync(request, rootName: "signals", cancellationToken);
        if (body.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }

        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        IReadOnlyList<Signal> signals;
        var errors = new FieldErrors();
        using (var document = body.Document!)
        {
            signals = LeadJsonReader.ReadSignalsBody(document.RootElement, errors);
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await ingestion.AddSignalsAsync(id, signals, request.HttpContext.User.Identity?.Name ?? "api", cancellationToken);
        if (result.Outcome == SignalsOutcome.Invalid)
        {
            return TypedResults.ValidationProblem(result.Errors!);
        }

        if (result.Outcome == SignalsOutcome.NotFound)
        {
            return NoSuchLead(id);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = (await LeadQueries.FindAsync(db, id, cancellationToken))!;
        return MayReadLeads(request) ? TypedResults.Ok(LeadResponse.From(stored)) : TypedResults.Ok(LeadReceipt.From(stored));
    }

    /// <summary>
    /// Whether the caller's key has the <c>read</c> scope. An ingest-only key learns of a lead it did not just create
    /// (a replayed <c>externalId</c>, a merge into the open lead of the same email, signals added by id) only its id and
    /// status: otherwise posting someone's email would read back their lead's names, owner, trace and history.
    /// </summary>
    private static bool MayReadLeads(HttpRequest request) =>
        request.HttpContext.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.Read);

    private static NotFound<ProblemDetails> NoSuchLead(string id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "No such lead.", Detail = $"There is no lead '{id}'.", Status = StatusCodes.Status404NotFound });

    internal static async Task<Results<Ok<LeadResponse>, NotFound<ProblemDetails>>> GetAsync(
        string id,
        IDbContextFactory<LeadRoutingDbContext> dbFactory,
        BookingOffers offers,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await LeadQueries.FindAsync(db, id, cancellationToken) is { } stored
            ? TypedResults.Ok(LeadResponse.From(stored) with { Booking = await offers.ForAsync(stored.Lead, cancellationToken) })
            : NoSuchLead(id);
    }
}

/// <summary>A stored lead as the API returns it: the lead, its latest routing decision with the trace, and its history.</summary>
public sealed record LeadResponse
{
    public required LeadDto Lead { get; init; }
    public required RoutingDecisionDto? Decision { get; init; }
    public required IReadOnlyList<LeadEventDto> Events { get; init; }

    /// <summary>Set when this submission was merged into an existing open lead of the same person (its id).</summary>
    public string? DuplicateOf { get; init; }

    /// <summary>
    /// The open lead of the same person under another address (same name at the same matched account, issue 19) this
    /// lead was routed after, to its owner; null otherwise. The lead is a lead of its own, not merged.
    /// </summary>
    public string? PossibleDuplicateOf { get; init; }

    /// <summary>
    /// Issue 20: where the buyer books a meeting with the owner at once, and until when — present when the lead's treatment
    /// is bookable and it has an owner (<see cref="BookingOffers"/>), absent otherwise. Answered on <c>201</c> and by
    /// <c>GET /api/leads/{id}</c> (the same expiry: it counts from when the lead was stored).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public BookingOffer? Booking { get; init; }

    public static LeadResponse From(StoredLead stored) => new()
    {
        Lead = LeadDto.From(stored.Lead, stored.NextStep),
        Decision = stored.Decision is { } decision
            ? LeadMapper.ToDto(decision, stored.Trace) with { PossibleDuplicateOf = stored.Lead.PossibleDuplicateOf }
            : null,
        PossibleDuplicateOf = stored.Lead.PossibleDuplicateOf,
        Events = [.. stored.Events.Select(e => new LeadEventDto(e.At, e.Actor, e.Type, e.Detail))],
    };
}

/// <summary>
/// A lead as a key without the <c>read</c> scope sees it when its submission met an existing lead: the id, to refer to
/// it, and its current stage as <c>status</c>; <c>duplicateOf</c> (the same id) when the submission was merged into it.
/// </summary>
public sealed record LeadReceipt
{
    public required string Id { get; init; }
    public required LeadStage Status { get; init; }
    public string? DuplicateOf { get; init; }

    public static LeadReceipt From(StoredLead stored) => new() { Id = stored.Lead.Id, Status = stored.Lead.Stage };
}

public sealed record LeadEventDto(DateTimeOffset At, string Actor, string Type, string Detail);

public sealed record LeadDto
{
    public required string Id { get; init; }
    public string? ExternalId { get; init; }
    public required string Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Title { get; init; }
    public string? Company { get; init; }
    public string? CompanyDomain { get; init; }
    public int? Employees { get; init; }
    public string? Industry { get; init; }
    public string? Country { get; init; }
    public required IReadOnlyList<string> TechStack { get; init; }
    public required SignalType Source { get; init; }
    public required IReadOnlyList<Signal> Signals { get; init; }
    public decimal? EstimatedDealSize { get; init; }
    public required Referral Referral { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required LeadStage Stage { get; init; }
    public string? OwnerId { get; init; }
    public string? TeamId { get; init; }
    public string? SegmentId { get; init; }
    public required Intent Intent { get; init; }
    public required Fit Fit { get; init; }
    public required int FitScore { get; init; }
    public required TreatmentAction Action { get; init; }
    public required DealTier Tier { get; init; }
    public string? SlaPolicy { get; init; }
    public DateTimeOffset? RespondBy { get; init; }
    public DateTimeOffset? EscalateAt { get; init; }

    /// <summary>When the current owner got the lead: the start of the acceptance window.</summary>
    public DateTimeOffset? AssignedAt { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>The first logged touch, which stopped the response clock.</summary>
    public DateTimeOffset? FirstTouchAt { get; init; }

    /// <summary><c>Pending</c>, <c>Met</c> (first touch by <see cref="RespondBy"/>) or <c>Missed</c>.</summary>
    public required ResponseStatus ResponseStatus { get; init; }

    /// <summary>When the escalation fired (accepted, not touched by the trigger): the recorded breach.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>How often the lead moved on after an acceptance window lapsed.</summary>
    public required int Reassignments { get; init; }

    /// <summary>When a manager's assignment restarted the response clock (<see cref="RespondBy"/> counts from here); null: from receipt.</summary>
    public DateTimeOffset? ResponseClockFrom { get; init; }

    /// <summary>The manager who gave the lead to its current owner by hand, and why; null when routing assigned it.</summary>
    public string? AssignedBy { get; init; }

    public string? AssignmentReason { get; init; }

    /// <summary>The response target that passed unanswered before a manager handed the lead on (the prospect's missed first response).</summary>
    public DateTimeOffset? LapsedAt { get; init; }

    /// <summary>Where it waited then: <c>Unassigned</c> or <c>ManualReview</c>, or with <see cref="LapsedOwnerId"/>.</summary>
    public LeadStage? LapsedStage { get; init; }

    public string? LapsedOwnerId { get; init; }

    /// <summary>The open lead of the same person under another address this lead was routed after (issue 19); null if none.</summary>
    public string? PossibleDuplicateOf { get; init; }

    /// <summary>The owner's open next step and its due date (the response target), if any.</summary>
    public NextStepDto? NextStep { get; init; }

    public static LeadDto From(Data.Entities.LeadEntity l, Data.Entities.LeadTaskEntity? nextStep = null) =>
        LeadMapper.ToDto(l) with { NextStep = nextStep is null ? null : new NextStepDto(nextStep.Title, nextStep.RepId, nextStep.DueAt) };
}

/// <summary>A rep's next step on a lead: what to do, who does it, by when.</summary>
public sealed record NextStepDto(string Title, string RepId, DateTimeOffset? DueAt);
