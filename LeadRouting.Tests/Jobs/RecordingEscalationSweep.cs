using LeadRouting.Web.Jobs;

namespace LeadRouting.Tests.Jobs;

/// <summary>
/// A stand-in for the real sweep that records every call: the instant it was handed, whether it overlapped another
/// call, and answers from a script (default: nothing due). <see cref="HoldNextCall"/> keeps a call running until the
/// test releases it, to make a slow sweep without sleeping.
/// </summary>
public sealed class RecordingEscalationSweep : IEscalationSweep
{
    private readonly Lock _lock = new();
    private readonly List<DateTimeOffset> _calls = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private readonly Queue<EscalationSweepResult> _script = new();
    private TaskCompletionSource? _hold;
    private int _running;

    public int MaxConcurrentCalls { get; private set; }

    public IReadOnlyList<DateTimeOffset> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The next calls answer these results in order; after them, nothing due.</summary>
    public void AnswerNext(params EscalationSweepResult[] results)
    {
        lock (_lock)
        {
            foreach (var result in results)
            {
                _script.Enqueue(result);
            }
        }
    }

    /// <summary>The next call does not return until the returned source is completed.</summary>
    public TaskCompletionSource HoldNextCall()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _hold = hold;
        }

        return hold;
    }

    /// <summary>Completes once at least <paramref name="count"/> calls have started; fails after <paramref name="timeout"/>.</summary>
    public Task WaitForCallsAsync(int count, TimeSpan timeout) => CallsReached(count).WaitAsync(timeout);

    /// <summary>Completes once at least <paramref name="count"/> calls have started.</summary>
    public Task CallsReached(int count)
    {
        lock (_lock)
        {
            if (_calls.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public async Task<EscalationSweepResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        TaskCompletionSource? hold;
        EscalationSweepResult result;
        lock (_lock)
        {
            _running++;
            MaxConcurrentCalls = Math.Max(MaxConcurrentCalls, _running);
            _calls.Add(now);
            hold = _hold;
            _hold = null;
            result = _script.TryDequeue(out var scripted) ? scripted : EscalationSweepResult.Nothing;
            foreach (var waiter in _waiters.Where(w => _calls.Count >= w.Count).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        try
        {
            if (hold is not null)
            {
                await hold.Task.WaitAsync(ct);
            }

            return result;
        }
        finally
        {
            lock (_lock)
            {
                _running--;
            }
        }
    }
}
