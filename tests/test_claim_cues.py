"""Cues beyond "said", quotations announced by a colon, block quotations and documents that speak.

Every sentence here is written for the test; the pipeline is the real one (spaCy + kg components).
"""
from __future__ import annotations

from conftest import parse


def claims_of(nlp, text: str):
    doc = parse(nlp, text, published="2025-05-11", article_id="t")
    for claim in doc._.claims:  # offsets slice the text exactly
        assert text[claim.content_start:claim.content_end] == claim.content
        assert claim.cue_start is None or text[claim.cue_start:claim.cue_end].strip()
    return doc._.claims


def said(claims):
    return [(c.speaker.label, c.cue, c.content) for c in claims]


def test_statement_verbs_report_a_clause_or_else_their_object(nlp):
    claims = claims_of(nlp, "The rebel commander Ali Haidari claimed responsibility for the bombing in Kunduz.")
    assert [(c.cue, c.content) for c in claims] == [("claim", "responsibility for the bombing in Kunduz")]
    claims = claims_of(nlp, "Minister Elena Varga emphasized the importance of the new port agreement.")
    assert [(c.cue, c.content) for c in claims] == [("emphasize", "the importance of the new port agreement")]
    claims = claims_of(nlp, "Senator Hana Mori cited the rising cost of housing as the main reason.")
    assert [(c.cue, c.content) for c in claims] == [("cite", "the rising cost of housing as the main reason")]


def test_acts_are_not_speech(nlp):
    assert claims_of(nlp, "The council has repeatedly denied funding for the new stadium.") == []
    assert claims_of(nlp, "Governor Paul Brandt declared a state of emergency in three counties.") == []
    assert claims_of(nlp, "The floods claimed the lives of twelve villagers.") == []
    claim, = claims_of(nlp, "The council denied the reports of a secret deal.")
    assert (claim.stance, claim.content) == ("deny", "the reports of a secret deal")


def test_naming_verbs_with_the_predicate_wherever_the_parser_puts_it(nlp):
    claim, = claims_of(nlp, "Mayor Lena Ortiz characterized the audit as \"a waste of public money\".")
    assert (claim.speaker.label, claim.cue) == ("Lena Ortiz", "characterize")
    assert "a waste of public money" in claim.content
    claim, = claims_of(nlp, "Senator Tom Welsh attacked the new tax plan as \"reckless nonsense\".")
    assert (claim.cue, claim.speaker.label) == ("attack", "Tom Welsh") and "reckless nonsense" in claim.content
    assert claims_of(nlp, "Rebels attacked the convoy near the border on Sunday.") == []


def test_phrasal_and_more_clause_verbs(nlp):
    claim, = claims_of(nlp, "Economist Sara Lind pointed out that the loan would double the national debt.")
    assert (claim.cue, claim.content) == ("point out", "the loan would double the national debt")
    claim, = claims_of(nlp, "Judge Omar Farouk cautioned that the appeal could take several years.")
    assert (claim.cue, claim.content) == ("caution", "the appeal could take several years")


def test_a_clause_misread_as_the_objects_relative_clause_is_the_content(nlp):
    claim, = claims_of(nlp, "Marta Kos informed police she had no licence.")
    assert (claim.speaker.label, claim.cue, claim.content) == ("Marta Kos", "inform", "she had no licence")


def test_a_clause_ending_on_a_colon_announces_its_subjects_quotation(nlp):
    text = ("In a statement, the Ministry of Health defended the new rules: \"The measures protect the elderly. "
            "They will stay in place until spring.\"")
    claim, = claims_of(nlp, text)
    assert (claim.speaker.label, claim.cue, claim.quote) == ("Ministry of Health", "defend", True)
    assert claim.content.startswith("The measures protect the elderly.")
    # a headline is no statement
    assert [c for c in claims_of(nlp, "Ministry defends new rules: 'Measures protect the elderly'") if c.quote] == []


def test_sentence_quotation_right_after_its_cue_without_a_comma(nlp):
    text = "Lawyer Dan Pike told the court after the hearing \"My client has never met the accused.\""
    claim, = claims_of(nlp, text)
    assert (claim.cue, claim.content, claim.quote) == ("tell", "My client has never met the accused", True)
    assert claim.speaker.label.endswith("Dan Pike")


def test_block_quotation_belongs_to_its_byline(nlp):
    text = ("The court rejected the appeal:\n\n"
            " The claim that the mayor acted in good faith finds no support in the record.\n\n"
            "For these reasons the appeal is dismissed.\n\n"
            " – Judge Clara Nunez, \"Opinion of the Court\"\n\nThe mayor said he would appeal again.")
    claims = [c for c in claims_of(nlp, text) if c.quote]
    assert [(c.speaker.label, c.content) for c in claims] == [
        ("Clara Nunez", "The claim that the mayor acted in good faith finds no support in the record"),
        ("Clara Nunez", "For these reasons the appeal is dismissed")]


def test_a_document_speaks_for_who_issued_it(nlp):
    claim, = claims_of(nlp, "A report from the Finnish government said four hikers were missing.")
    assert "Finland" in claim.speaker.label and claim.content == "four hikers were missing"
    claim, = claims_of(nlp, "The tunnel will open in May, according to a statement by the mayor, Ines Duarte.")
    assert claim.speaker.label == "Ines Duarte" and claim.content == "The tunnel will open in May"
    claims = claims_of(nlp, "They released a statement which said, \"The museum will stay closed.\"")
    assert all(c.speaker.label != "statement" for c in claims)


def test_relative_speaker_and_appositive_names(nlp):
    claims = claims_of(nlp, "The fire started at noon, according to rescuers, who said two homes burned down.")
    assert ("rescuers", "say", "two homes burned down") in [(c.speaker.label.lower(), c.cue, c.content)
                                                               for c in claims]
    claim, = claims_of(nlp, "The ministry's spokesperson, Lara Fink, said the talks would resume.")
    assert claim.speaker.label == "Lara Fink"
    claim, = claims_of(nlp, "The next day, news agency Reuters revealed that the deal had collapsed.")
    assert claim.speaker.label == "Reuters"


def test_paragraph_opening_quotation_takes_the_speaker_named_next_or_before(nlp):
    text = "“The port will reopen next week.” Harbour master Ines Lutz said the repairs were almost done."
    assert said(claims_of(nlp, text)) == [("Ines Lutz", "say", "The port will reopen next week"),
                                          ("Ines Lutz", "say", "the repairs were almost done")]
    text = "Mayor Paul Kern said the budget was balanced.\n\n“We have cut no services.”"
    assert said(claims_of(nlp, text))[1] == ("Paul Kern", "say", "We have cut no services")
    text = "Mayor Paul Kern said the budget was balanced. The city hall was then closed.\n\n“We have cut no services.”"
    assert [c.content for c in claims_of(nlp, text)] == ["the budget was balanced"]  # the paragraph went on


def test_quotation_interrupted_by_its_cue_goes_on_with_the_speaker(nlp):
    text = "“We are ready,” the opposition leader Vera Holm said, “and our proposal stands.”"
    assert [(c.speaker.label, c.content) for c in claims_of(nlp, text)] == [
        ("Vera Holm", "We are ready"), ("Vera Holm", "and our proposal stands")]


def test_nominal_cues_and_statements_issued(nlp):
    text = "Senator Ann Ruiz spoke first. The opposition rejected her claim that the election had been fair."
    claim, = claims_of(nlp, text)
    assert (claim.speaker.label, claim.cue, claim.content) == ("Ann Ruiz", "claim", "the election had been fair")
    assert text[claim.cue_start:claim.cue_end] == "claim"
    assert claims_of(nlp, "The claim that the vote was rigged spread online.") == []  # nobody's claim
    claim, = claims_of(nlp, "The ministry issued a statement saying the border would stay closed.")
    assert (claim.speaker.label.lower(), claim.content) == ("ministry", "the border would stay closed")


def test_a_cue_the_parser_hung_on_a_noun_is_the_main_verb(nlp):
    text = "The port's harbour master, Ines Lutz, announced on Twitter on Monday there were no injuries."
    for text in (text, text.replace("port's harbour master", "city's fire chief")):
        claim, = claims_of(nlp, text)  # a clause read as an adverbial one; a cue read as the chief's modifier
        assert (claim.speaker.label, claim.cue) == ("Ines Lutz", "announce")
        assert claim.content.endswith("there were no injuries") and "Twitter" not in claim.content
    assert claims_of(nlp, "The council spent an estimated 5% of its budget on roads.") == []


def test_a_pronoun_cue_inside_an_announced_quotation_is_the_announcer(nlp):
    text = ("The minister Rosa Diaz then spoke: \"While we wait for the results,\" she said, "
            "\"we ask everyone to stay calm.\"")
    assert {c.speaker.label for c in claims_of(nlp, text) if c.quote} == {"Rosa Diaz"}


def test_a_pronoun_speaker_after_a_named_one_in_the_sentence(nlp):
    text = ("\"We will rebuild the bridge,\" said Marco Bellini, the transport minister; he described the "
            "collapse as \"a national tragedy\".")
    claims = claims_of(nlp, text)
    described = [c for c in claims if c.cue == "describe"]
    assert [c.speaker.label for c in described] == ["Marco Bellini"] and "a national tragedy" in described[0].content
    assert text[described[0].speaker.start:described[0].speaker.end] == "he"


def test_citing_a_source_is_no_content_and_participles_that_say_what(nlp):
    claims = claims_of(nlp, "The newspaper Der Kurier, citing local officials, reported that the dam had burst.")
    assert [c.cue for c in claims] == ["report"]
    claims = claims_of(nlp, "President Ana Silva called for talks, claiming a right to a share of the gas.")
    assert ("claim", "a right to a share of the gas") in [(c.cue, c.content) for c in claims]


def test_promises_relatives_and_passives_with_as(nlp):
    claim, = claims_of(nlp, "Opposition leader Mira Kask promised to hold new elections within a year.")
    assert (claim.cue, claim.content) == ("promise", "to hold new elections within a year")
    text = "The law created a new court, which the rights group Amnesty International describes as \"a tool of fear\"."
    claim, = [c for c in claims_of(nlp, text) if c.cue == "describe"]
    assert claim.speaker.label == "Amnesty International" and "a tool of fear" in claim.content
    text = "A fishing boat, reported by local media as belonging to a smuggling ring, sank off the coast."
    claim, = claims_of(nlp, text)
    assert (claim.cue, claim.content) == ("report", "belonging to a smuggling ring")
    assert claims_of(nlp, "The museum, described in the guide as small, opened in May.") == []  # no speaker
