using System.Diagnostics;

namespace LeadRouting.Tests;

/// <summary>
/// The one way a test waits for something another thread, process or server does: poll a condition until it holds,
/// or fail after a generous timeout with a message naming what was awaited. The timeout is a bound against hanging
/// on a loaded machine, never a measurement (benchmarks measure time, tests don't); a fixed sleep is never a wait.
/// </summary>
public static class Eventually
{
    /// <summary>Long enough for a loaded CI machine with several test hosts; a test that passes waits far less.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits until <paramref name="condition"/> holds. An exception from the condition fails the wait at once.</summary>
    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout);

    /// <inheritdoc cref="HoldsAsync(Func{bool}, string, TimeSpan?)"/>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        await FindAsync(async () => await condition() ? Found.Value : null, what, timeout);

    /// <summary>
    /// Waits until <paramref name="probe"/> finds something (answers non-null) and answers it. An exception from the
    /// probe fails the wait at once.
    /// </summary>
    public static async Task<T> FindAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Gave up after {limit.TotalSeconds:0} s waiting for {what}.");
            }

            // Short pauses first (most waits end within milliseconds), then no busier than four polls a second.
            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    private sealed class Found
    {
        public static readonly Found Value = new();
    }
}
