using System.Text;

namespace LeadRouting.Web.Components.Shared;

/// <summary>
/// The words pages use for the routing's names (stages, treatments, tiers, sources): one place, so every page says
/// the same thing and the translation (issue 17) has one place to go.
/// </summary>
public static class RoutingWords
{
    /// <summary>"ManualReview" → "Manual review".</summary>
    public static string Of(string pascalCase)
    {
        var text = new StringBuilder(pascalCase.Length + 4);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(pascalCase[i - 1]) || (i + 1 < pascalCase.Length && char.IsLower(pascalCase[i + 1])));
            if (startsWord)
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>What the treatment means, in the words of DESIGN.md §5.</summary>
    public static string MeaningOf(TreatmentAction action) => action switch
    {
        TreatmentAction.AeImmediate => "straight to an AE, immediate response",
        TreatmentAction.SdrQualify => "an SDR qualifies first",
        TreatmentAction.SdrFastTrack => "SDR, accelerated: top of the queue, capped SLA",
        TreatmentAction.Nurture => "marketing nurture, no rep",
        TreatmentAction.NurtureMonitored => "nurture; re-routed when a new signal lifts intent",
        TreatmentAction.NurtureOrDisqualify => "nurture, or disqualified on a very weak fit",
        _ => action.ToString(),
    };
}
