namespace LeadRouting.Web.Notifications;

/// <summary>
/// Wakes the outbox dispatcher at once. Whoever commits outbox rows calls <see cref="Notify"/> after the commit;
/// the dispatcher also polls, so a missed call (or a row written by another instance) only waits for the next poll.
/// </summary>
public sealed class OutboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cheap and never blocks; safe to call from any thread, as often as rows are committed.</summary>
    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next <see cref="Notify"/>. Take it <em>before</em> looking for work, so a notify during the work is not lost.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Waits for <paramref name="next"/> or <paramref name="poll"/> (on <paramref name="time"/>), whichever comes first.</summary>
    public static async Task WaitAsync(Task next, TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(next, Task.Delay(poll, time, stop.Token));
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
