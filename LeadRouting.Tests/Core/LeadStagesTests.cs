using LeadRouting.Core.Leads;

namespace LeadRouting.Tests.Core;

public sealed class LeadStagesTests
{
    [Fact]
    public void Converted_and_disqualified_are_the_closed_stages_and_every_other_stage_is_open()
    {
        Assert.Equal([LeadStage.Converted, LeadStage.Disqualified], LeadStages.Closed);
        Assert.All(Enum.GetValues<LeadStage>(), s => Assert.NotEqual(s.IsClosed(), s.IsOpen()));
    }

    [Fact]
    public void The_stages_a_rep_works_are_open_and_owned()
    {
        Assert.All(LeadStages.Worked, s => Assert.True(s.IsOpen()));
        Assert.DoesNotContain(LeadStage.Nurture, LeadStages.Worked);
        Assert.DoesNotContain(LeadStage.Unassigned, LeadStages.Worked);
        Assert.DoesNotContain(LeadStage.ManualReview, LeadStages.Worked);
    }
}
