namespace LeadRouting.Web.Notifications;

/// <summary>The <c>Notifications</c> settings.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Where people open the app; links in emails and webhooks point to <c>{BaseUrl}/leads/{id}</c>.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// Where email goes when no SMTP host is set, in Development: one <c>.eml</c> file per message. Defaults to
    /// <c>mail/</c> in the data folder (<c>Storage:DataDirectory</c>, else <c>App_Data</c>).
    /// </summary>
    public string? PickupDirectory { get; set; }

    /// <summary>Attempts per email or webhook delivery before it is recorded as failed (and audited).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait after the first failed attempt; doubled after each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one attempt (SMTP conversation, webhook call) may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an instance holds a delivery it is attempting; a crashed instance's claim runs out after this.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The fallback when nobody signals new outbox rows, and the pace at which due retries are picked up.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries attempted at once per instance, over all endpoints.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>
    /// Deliveries attempted at once per endpoint (a webhook subscription, the SMTP server): a hanging endpoint holds at
    /// most this many of <see cref="MaxConcurrentDeliveries"/>, and its other due deliveries wait unclaimed.
    /// </summary>
    public int MaxConcurrentPerEndpoint { get; set; } = 4;

    /// <summary>
    /// How long an endpoint whose attempts keep failing is left alone (its circuit open) before one attempt probes it.
    /// </summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Off: this instance leaves the outbox to others (or to nobody).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>The delay before the attempt after <paramref name="attemptsMade"/> failed ones: 30 s, 1 min, 2 min, … capped.</summary>
    public TimeSpan RetryDelay(int attemptsMade)
    {
        var doublings = Math.Clamp(attemptsMade - 1, 0, 30);
        var delay = RetryBaseDelay * Math.Pow(2, doublings);
        return delay < RetryMaxDelay ? delay : RetryMaxDelay;
    }
}

public sealed class SmtpOptions
{
    /// <summary>Empty: no SMTP server (Development writes <c>.eml</c> files instead; elsewhere email is off).</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string From { get; set; } = "LeadRouting <leadrouting@localhost>";

    /// <summary>TLS required: implicit TLS on port 465, STARTTLS on any other port. Off only for a local relay.</summary>
    public bool UseTls { get; set; } = true;

    public string? UserName { get; set; }
    public string? Password { get; set; }
}
