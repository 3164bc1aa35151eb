using LeadRouting.Web.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadRouting.Tests.Notifications;

public sealed class LeadEventNotifierTests
{
    [Fact]
    public async Task A_blocked_or_throwing_subscriber_holds_up_neither_the_publisher_nor_the_others()
    {
        var notifier = new LeadEventNotifier(NullLogger<LeadEventNotifier>.Instance);
        var release = new TaskCompletionSource();
        var received = new List<string>();
        var allThree = new TaskCompletionSource();
        using var blocked = notifier.Subscribe(_ => release.Task);
        using var throwing = notifier.Subscribe(_ => throw new InvalidOperationException("broken view"));
        using var healthy = notifier.Subscribe(e =>
        {
            received.Add(e.LeadId);
            if (received.Count == 3)
            {
                allThree.SetResult();
            }

            return Task.CompletedTask;
        });

        foreach (var id in new[] { "ld_1", "ld_2", "ld_3" })
        {
            notifier.Publish(NotificationTestKit.Routed(id));
        }

        await allThree.Task.WaitAsync(NotificationTestKit.NetworkWait);
        Assert.Equal(["ld_1", "ld_2", "ld_3"], received);
        release.SetResult();
    }

    [Fact]
    public async Task Disposing_a_subscription_stops_its_events()
    {
        var notifier = new LeadEventNotifier(NullLogger<LeadEventNotifier>.Instance);
        var first = new TaskCompletionSource<string>();
        var calls = 0;
        var subscription = notifier.Subscribe(e =>
        {
            Interlocked.Increment(ref calls);
            first.TrySetResult(e.LeadId);
            return Task.CompletedTask;
        });
        notifier.Publish(NotificationTestKit.Routed("ld_before"));
        Assert.Equal("ld_before", await first.Task.WaitAsync(NotificationTestKit.NetworkWait));

        subscription.Dispose();
        notifier.Publish(NotificationTestKit.Routed("ld_after"));

        Assert.Equal(0, notifier.SubscriberCount);
        Assert.Equal(1, Volatile.Read(ref calls));
    }
}
