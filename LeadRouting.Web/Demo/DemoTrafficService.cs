using Microsoft.Extensions.Options;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;

namespace LeadRouting.Web.Demo;

public enum DemoTrafficOutcome
{
    Done,

    /// <summary>Only Ops start or stop demo traffic.</summary>
    Forbidden,

    /// <summary>Demo data is off (<c>Demo:Enabled</c>): there is no demo organisation to send leads to.</summary>
    Unavailable,

    Invalid,
}

/// <summary>
/// The live demo traffic generator: while switched on, it posts one invented lead (<see cref="DemoLeadFaker"/>) every
/// <c>60 / rate</c> seconds through <see cref="LeadIngestionService"/>, exactly as the API would, so the inbox, the
/// board and the toasts keep moving. Off by default; the switch lives in this singleton (it survives page reloads, not
/// restarts). Only Ops may switch it, checked here whoever calls, and only when demo data is on. Waits on the app's
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed class DemoTrafficService(LeadIngestionService ingestion, TimeProvider time, IOptions<DemoOptions> options, ILogger<DemoTrafficService> logger)
    : BackgroundService
{
    public const int MinLeadsPerMinute = 1;
    public const int MaxLeadsPerMinute = 60;
    public const string Actor = "demo traffic";

    private readonly object _gate = new();
    private readonly DemoLeadFaker _faker = new(Environment.TickCount);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool DemoEnabled => options.Value.Enabled;

    public bool IsRunning { get; private set; }

    public int LeadsPerMinute { get; private set; } = 6;

    /// <summary>Leads posted since the app started.</summary>
    public int Sent { get; private set; }

    public string? LastLeadId { get; private set; }

    public string? StartedBy { get; private set; }

    /// <summary>Raised after every change of state and every lead sent (from the background loop).</summary>
    public event Action? Changed;

    public DemoTrafficOutcome Start(SignedInUser? user, int leadsPerMinute)
    {
        if (Refused(user) is { } refused)
        {
            return refused;
        }

        if (leadsPerMinute is < MinLeadsPerMinute or > MaxLeadsPerMinute)
        {
            return DemoTrafficOutcome.Invalid;
        }

        lock (_gate)
        {
            IsRunning = true;
            LeadsPerMinute = leadsPerMinute;
            StartedBy = user!.DisplayName;
            Wake();
        }

        logger.LogInformation("Demo traffic started by {User}: {Rate} leads/min.", user.DisplayName, leadsPerMinute);
        Changed?.Invoke();
        return DemoTrafficOutcome.Done;
    }

    public DemoTrafficOutcome Stop(SignedInUser? user)
    {
        if (Refused(user) is { } refused)
        {
            return refused;
        }

        lock (_gate)
        {
            IsRunning = false;
            Wake();
        }

        logger.LogInformation("Demo traffic stopped by {User}.", user!.DisplayName);
        Changed?.Invoke();
        return DemoTrafficOutcome.Done;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Task changed;
            bool running;
            int rate;
            lock (_gate)
            {
                changed = _changed.Task;
                running = IsRunning;
                rate = LeadsPerMinute;
            }

            if (!running)
            {
                await changed.WaitAsync(stoppingToken);
                continue;
            }

            // A new rate or a stop takes effect at once, not after the current wait.
            var tick = Task.Delay(TimeSpan.FromSeconds(60.0 / rate), time, stoppingToken);
            if (await Task.WhenAny(tick, changed.WaitAsync(stoppingToken)) != tick)
            {
                continue;
            }

            await tick;
            if (IsRunning)
            {
                try
                {
                    await SendOneAsync(stoppingToken);
                }
                catch (Data.StorageUnavailableException unavailable)
                {
                    // A full disk must not end the app: this demo lead is dropped, the next tick tries again.
                    logger.LogWarning("A demo lead was not stored: {Reason}.", unavailable.Reason);
                }
            }
        }
    }

    private async Task SendOneAsync(CancellationToken cancellationToken)
    {
        LeadRouting.Core.Leads.LeadSubmission submission;
        lock (_faker)
        {
            var now = time.GetUtcNow();
            submission = _faker.Submission(_faker.NextPerson(freeMail: _faker.Random.Double() < 0.03), receivedAt: null, signalsAt: now, externalId: null);
        }

        var result = await ingestion.IngestAsync(submission, Actor, cancellationToken);
        if (result.LeadId is null)
        {
            logger.LogWarning("A demo lead was not stored: {Outcome}.", result.Outcome);
            return;
        }

        Sent++;
        LastLeadId = result.LeadId;
        Changed?.Invoke();
    }

    private DemoTrafficOutcome? Refused(SignedInUser? user) =>
        user is null || !user.Roles.Contains(LeadRoutingRoles.Ops) ? DemoTrafficOutcome.Forbidden
        : !DemoEnabled ? DemoTrafficOutcome.Unavailable
        : null;

    private void Wake()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
