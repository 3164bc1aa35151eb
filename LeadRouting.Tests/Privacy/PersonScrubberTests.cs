using LeadRouting.Web.Privacy;

namespace LeadRouting.Tests.Privacy;

/// <summary>The person's words out of stored text: whole words, any case, inside JSON values only, escapes included.</summary>
public sealed class PersonScrubberTests
{
    private readonly PersonScrubber _jana = new(["jana.richter@brightlabs.de", "Jana", "Müller-Richter", "Jana Müller-Richter", null, " ", "J"]);

    [Fact]
    public void Text_replaces_whole_words_in_any_case_and_leaves_longer_words_alone()
    {
        Assert.Equal("Call [erased] ([erased]) about Janaina's deal; [erased] again",
            _jana.Text("Call jana müller-richter (JANA.RICHTER@brightlabs.de) about Janaina's deal; Jana again"));
        Assert.Null(_jana.Text(null));
    }

    [Fact]
    public void Json_scrubs_string_values_written_with_escapes_and_keeps_property_names_and_numbers()
    {
        // As System.Text.Json writes it by default: "ü" as \u00FC.
        const string stored = """{"contact":"Jana M\u00FCller-Richter","Jana":1,"fit":87.50,"steps":[{"note":"jana.richter@brightlabs.de asked"}, 3]}""";

        var scrubbed = _jana.Json(stored);

        Assert.Equal("""{"contact":"[erased]","Jana":1,"fit":87.50,"steps":[{"note":"[erased] asked"},3]}""", scrubbed);
    }

    [Fact]
    public void Json_that_names_nobody_comes_back_unchanged_and_text_that_is_not_JSON_is_scrubbed_as_text()
    {
        const string stored = """{ "contact": "Someone Else" }""";
        Assert.Same(stored, _jana.Json(stored));
        Assert.Equal("not json: [erased]", _jana.Json("not json: Jana"));
    }

    [Fact]
    public void A_person_without_words_changes_nothing()
    {
        var nobody = new PersonScrubber([null, "", "x"]);
        Assert.Equal(0, nobody.Words);
        Assert.Equal("Jana", nobody.Text("Jana"));
    }
}
