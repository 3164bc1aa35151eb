using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Live;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadRouting.Tests.ScaleOut;

/// <summary>
/// What the Redis relay relies on without Redis itself: events from other instances reach the views but not the hub
/// feed (the backplane already carries those), and outage warnings come out once per interval, not once per event.
/// </summary>
public sealed class RedisRelayContractTests
{
    [Fact]
    public async Task An_event_from_another_instance_reaches_views_but_not_subscribers_of_this_instance_s_events_only()
    {
        var notifier = new LeadEventNotifier(NullLogger<LeadEventNotifier>.Instance);
        var view = new List<string>();
        var hubFeed = new List<string>();
        var viewSawLocal = new TaskCompletionSource();
        var hubFeedSawLocal = new TaskCompletionSource();
        using var viewSubscription = notifier.Subscribe(e =>
        {
            view.Add(e.LeadId);
            if (e.LeadId == "ld_local")
            {
                viewSawLocal.SetResult();
            }

            return Task.CompletedTask;
        });
        using var hubFeedSubscription = notifier.Subscribe(e =>
        {
            hubFeed.Add(e.LeadId);
            if (e.LeadId == "ld_local")
            {
                hubFeedSawLocal.SetResult();
            }

            return Task.CompletedTask;
        }, includeOtherInstances: false);

        // The relayed event goes first: each queue is in order, so once the local one is through, the relayed one would be too.
        notifier.PublishFromOtherInstance(NotificationTestKit.Routed("ld_relayed"));
        notifier.Publish(NotificationTestKit.Routed("ld_local"));
        await Task.WhenAll(viewSawLocal.Task, hubFeedSawLocal.Task).WaitAsync(NotificationTestKit.NetworkWait);

        Assert.Equal(["ld_relayed", "ld_local"], view);
        Assert.Equal(["ld_local"], hubFeed);
    }

    [Fact]
    public void A_repeated_warning_is_let_through_once_per_interval_with_the_count_held_back()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var throttle = new WarningThrottle(time, TimeSpan.FromMinutes(1));

        Assert.True(throttle.ShouldLog(out var first));
        var letThrough = Enumerable.Range(0, 99).Count(attempt => throttle.ShouldLog(out _));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(throttle.ShouldLog(out var heldBack));

        Assert.Equal((0L, 0, 99L), (first, letThrough, heldBack));
    }
}
