using LeadRouting.Core.Configuration;
using LeadRouting.Web.Components.Pages.Settings;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadRouting.Tests.Responding;

/// <summary>A rep's Slack member ID (issue 19): validated in the configuration and the reps form, and kept when the form saves the rep.</summary>
public sealed class RepSlackUserTests
{
    private static readonly IStringLocalizer<FormText> Text = new StringLocalizer<FormText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    private static RoutingConfiguration WithSlackUser(RoutingConfiguration config, string repId, string? slackUser) =>
        config with { Organisation = config.Organisation with { Reps = [.. config.Organisation.Reps.Select(r => r.Id.Value == repId ? r with { SlackUserId = slackUser } : r)] } };

    [Fact]
    public void Saving_a_rep_in_the_form_keeps_its_Slack_member_ID()
    {
        var config = WithSlackUser(ConfigurationLoader.LoadDemo(), "dach-mid-1", "U0MID0001");
        var form = RepForm.From(config.Organisation.Reps.Single(r => r.Id.Value == "dach-mid-1"));
        form.Capacity = 30;

        Assert.True(form.Validate(config, Text).IsEmpty);
        var saved = form.ApplyTo(config).Organisation.Reps.Single(r => r.Id.Value == "dach-mid-1");
        Assert.Equal(("U0MID0001", 30), (saved.SlackUserId, saved.Capacity));
    }

    [Theory]
    [InlineData("clara")]
    [InlineData("u0mid0001")]
    [InlineData("U0MID0002")]
    public void A_Slack_member_ID_that_is_not_one_or_is_another_reps_is_refused(string slackUser)
    {
        var config = WithSlackUser(ConfigurationLoader.LoadDemo(), "dach-mid-2", "U0MID0002");
        var form = RepForm.From(config.Organisation.Reps.Single(r => r.Id.Value == "dach-mid-1"));
        form.SlackUserId = slackUser;

        Assert.True(form.Validate(config, Text).Contains("slackUserId"));
        Assert.NotEmpty(ConfigurationValidator.Validate(WithSlackUser(config, "dach-mid-1", slackUser)));
    }
}
