namespace LeadRouting.Web.Routing;

/// <summary>
/// The outcome of a preview: the routed lead and its decision; or the stored lead a post would answer instead (its
/// <c>externalId</c> was seen before); or the field errors that stopped it.
/// </summary>
public sealed record PreviewResult
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>().AsReadOnly();

    /// <summary>The instant the lead was (or would have been) routed at: now, or the "as of" instant asked for.</summary>
    public required DateTimeOffset RoutedAt { get; init; }

    public Lead? Lead { get; init; }

    public RoutingDecision? Decision { get; init; }

    /// <summary>The stored lead that already holds this <c>externalId</c>: a post would answer it and route nothing.</summary>
    public string? ExistingLeadId { get; init; }

    /// <summary>The published version the preview routed with; null when the input was invalid.</summary>
    public ConfigurationStamp? Configuration { get; init; }

    /// <summary>Messages per field, keyed by camelCase JSON path (<c>email</c>, <c>signals[0].at</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = NoErrors;

    public bool IsValid => Decision is not null;

    public static PreviewResult Invalid(DateTimeOffset routedAt, FieldErrors errors) =>
        new() { RoutedAt = routedAt, Errors = errors.ToDictionary().AsReadOnly() };
}

/// <summary>Which published version answered: its number, who published it and when.</summary>
public sealed record ConfigurationStamp(int Version, string Author, DateTimeOffset PublishedAt)
{
    /// <summary>The organisation's currency in this version: the deal size's unit.</summary>
    public string Currency { get; init; } = CurrencyCodes.Default;

    public static ConfigurationStamp Of(PublishedConfiguration published) =>
        new(published.Version, published.Author, published.PublishedAt) { Currency = published.Engine.Configuration.Policy.Currency };
}
