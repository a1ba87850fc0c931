"""Claims and attribution: quotations, reported speech, sources, denials, speakers, offsets and links.

Every text here is written for the test; the pipeline is the real one (spaCy + kg components).
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conftest import parse
from kg.extract.claim_quotes import INTRO_BEFORE, introduces
from kg.extract.speech import claim_key, find_quotations, normalize_content, trim


def run(nlp, text: str):
    return parse(nlp, text, published="2025-05-11", article_id="t")


def claims_of(nlp, text: str):
    doc = run(nlp, text)
    for claim in doc._.claims:  # every claim's offsets slice the article exactly
        assert text[claim.content_start:claim.content_end] == claim.content
        if claim.speaker.start is not None:
            assert text[claim.speaker.start:claim.speaker.end] == claim.speaker.text
        assert claim.cue_start is not None and claim.cue_end is not None
    return doc._.claims


def one(claims, **where):
    found = [c for c in claims if all(getattr(c, k) == v for k, v in where.items())]
    assert len(found) == 1, (where, [(c.speaker.label, c.cue, c.content) for c in claims])
    return found[0]


# -- quotation marks ------------------------------------------------------------------------
def test_quotation_scanner_reads_curly_straight_and_single_marks():
    text = "“Curly one,” he said. \"Straight one,\" she said. 'Single one,' they said. Kyiv’s mayor’s office."
    bodies = [text[q.start:q.end] for q in find_quotations(text)]
    assert bodies == ["Curly one,", "Straight one,", "Single one,"]


def test_quotation_scanner_survives_unbalanced_marks():
    text = "A stray ” closer. He said “this is open\nNext paragraph “closed here” and \"odd"
    quotes = find_quotations(text)
    bodies = [text[q.start:q.end] for q in quotes]
    assert bodies == ["this is open", "closed here", "odd"]
    assert [q.closed for q in quotes] == [False, True, False]


def test_trim_keeps_balanced_marks_and_abbreviations():
    text = "the reports, calling them “completely absurd.”"
    assert text[slice(*trim(text, 0, len(text)))] == text
    text = "aid came from the U.S."
    assert text[slice(*trim(text, 0, len(text)))] == text
    text = "the vote will take place on Sunday."
    assert text[slice(*trim(text, 0, len(text)))] == "the vote will take place on Sunday"


# -- direct quotations ----------------------------------------------------------------------
def test_quote_with_cue_after(nlp):
    text = "“We will rebuild the bridge by winter,” Mayor Anna Kovacs said on Monday."
    claim = one(claims_of(nlp, text), quote=True)
    assert claim.speaker.label == "Anna Kovacs" and claim.cue == "say" and claim.stance == "assert"
    assert claim.content == "We will rebuild the bridge by winter"
    assert text[claim.cue_start:claim.cue_end] == "said"
    assert text[claim.speaker.start:claim.speaker.end] == "Anna Kovacs"
    assert claim.claim_key.startswith("ck:")


def test_quote_with_cue_before_and_straight_marks(nlp):
    text = 'Prime Minister John Carter wrote: "The agreement protects our farmers."'
    claim = one(claims_of(nlp, text), quote=True)
    assert (claim.speaker.label, claim.cue, claim.content) == ("John Carter", "write",
                                                               "The agreement protects our farmers")


def test_single_marks_and_inverted_cue(nlp):
    text = "'The border stays open,' said Foreign Minister Maria Lopez."
    claim = one(claims_of(nlp, text), quote=True)
    assert (claim.speaker.label, claim.content) == ("Maria Lopez", "The border stays open")


def test_cue_inside_two_quotations(nlp):
    text = '"The talks were useful," Maria Lopez said, adding: "We expect a second round in March."'
    claims = claims_of(nlp, text)
    assert [(c.speaker.label, c.cue, c.content, c.quote) for c in claims] == [
        ("Maria Lopez", "say", "The talks were useful", True),
        ("Maria Lopez", "add", "We expect a second round in March", True)]


def test_quotation_over_several_sentences(nlp):
    text = "Mayor Anna Kovacs visited the site. “The plant is safe. Nobody was hurt,” Kovacs said."
    claim = one(claims_of(nlp, text), quote=True)
    assert claim.content == "The plant is safe. Nobody was hurt" and claim.speaker.label == "Anna Kovacs"


def test_quotation_continues_in_next_paragraph_without_cue(nlp):
    text = "“We are ready to talk,” Maria Lopez said.\n“The next step is up to them.”"
    claims = claims_of(nlp, text)
    assert [(c.speaker.label, c.content) for c in claims] == [
        ("Maria Lopez", "We are ready to talk"), ("Maria Lopez", "The next step is up to them")]
    assert all(c.quote for c in claims)


def test_partial_quotation_is_part_of_reported_speech(nlp):
    text = "Maria Lopez said the offer was a “serious mistake” by the government."
    claim = one(claims_of(nlp, text))
    assert claim.quote is False and claim.cue == "say"
    assert claim.content == "the offer was a “serious mistake” by the government"


def test_naming_verb_with_partial_quotation(nlp):
    text = "John Carter called the plan a “dead end” for the region."
    claim = one(claims_of(nlp, text))
    assert (claim.cue, claim.quote, claim.content) == ("call", False, "the plan a “dead end” for the region")


def test_scare_quotes_make_no_claim(nlp):
    assert claims_of(nlp, "The ministry dismissed the protests as “provocations” and closed the square.") == []


def test_unbalanced_mark_does_not_stop_the_article(nlp):
    text = "He said “this is not over.\nJohn Carter said the vote will take place on Sunday."
    claims = claims_of(nlp, text)
    assert [(c.speaker.label, c.content) for c in claims] == [("John Carter", "the vote will take place on Sunday")]


def test_headline_quotation_without_cue_is_no_claim(nlp):
    assert claims_of(nlp, "Carter: 'We will not resign'\nThe minister spoke on Monday.") == []


# -- reported speech ------------------------------------------------------------------------
def test_that_clause(nlp):
    claim = one(claims_of(nlp, "Maria Lopez claimed that the army had withdrawn from the town."))
    assert (claim.cue, claim.content, claim.quote) == ("claim", "the army had withdrawn from the town", False)


def test_inverted_cue_with_pronoun_speaker(nlp):
    text = "Prime Minister John Carter met the farmers. Prices will fall next year, he said."
    claim = one(claims_of(nlp, text))
    assert claim.speaker.label == "John Carter" and claim.speaker.text == "he"
    assert claim.content == "Prices will fall next year"
    assert text[claim.speaker.start:claim.speaker.end] == "he"


def test_cleft_with_dashes_keeps_the_whole_clause(nlp):
    claim = one(claims_of(nlp, "Maria Lopez insisted it was the rebels—not the army—that shelled the market."))
    assert claim.content == "it was the rebels—not the army—that shelled the market"


def test_told_and_accused(nlp):
    claim = one(claims_of(nlp, "John Carter told reporters that the bridge would reopen."))
    assert (claim.cue, claim.content) == ("tell", "the bridge would reopen")
    claim = one(claims_of(nlp, "Maria Lopez accused the opposition of spreading rumours."))
    assert (claim.cue, claim.content) == ("accuse", "the opposition of spreading rumours")


def test_participle_cue_takes_the_speaker_of_its_clause(nlp):
    claim = one(claims_of(nlp, "John Carter rejected the proposal, claiming the budget was already exhausted."))
    assert (claim.speaker.label, claim.cue, claim.content) == ("John Carter", "claim",
                                                               "the budget was already exhausted")


def test_coordinated_reporting_verb_is_the_speakers_next_act(nlp):
    text = "John Carter said Maria Lopez would chair the talks and accused the rebels of delaying them."
    claims = claims_of(nlp, text)
    said = one(claims, cue="say")
    assert said.content == "Maria Lopez would chair the talks"
    accused = one(claims, cue="accuse")
    assert accused.speaker.label == "John Carter"


def test_object_of_announce_is_no_claim(nlp):
    assert claims_of(nlp, "John Carter announced a new budget plan.") == []


def test_nested_reporting_is_one_claim(nlp):
    text = "Spokesman Ivan Petrov said the president “has always said he wants peace.”"
    claim = one(claims_of(nlp, text))
    assert claim.speaker.label == "Ivan Petrov" and claim.content.startswith("the president “has always said")


# -- sources --------------------------------------------------------------------------------
def test_according_to_a_group(nlp):
    claim = one(claims_of(nlp, "The factory will close in May, according to two senior company officials."))
    assert (claim.cue, claim.speaker.label, claim.speaker.type) == ("according_to", "senior company officials",
                                                                    "Group")
    assert claim.content == "The factory will close in May"


def test_according_to_a_document_around_reported_speech(nlp):
    text = "According to the statement, the ministers stressed that the deal must be ratified."
    claim = one(claims_of(nlp, text))
    assert (claim.cue, claim.speaker.text, claim.content) == ("stress", "the ministers", "the deal must be ratified")


def test_agency_reported(nlp):
    claim = one(claims_of(nlp, "Chinese troops crossed the border overnight, Reuters reported."))
    assert (claim.speaker.label, claim.speaker.type, claim.content) == (
        "Reuters", "Organization", "Chinese troops crossed the border overnight")


# -- denials and links ----------------------------------------------------------------------
def test_denial_disputes_the_reported_event(nlp):
    doc = run(nlp, "Police reportedly arrested 40 protesters in the capital. The government has denied the reports.")
    claim = one(doc._.claims)
    assert (claim.stance, claim.content) == ("deny", "the reports")
    disputed = [e for e in doc._.events if e.id in claim.about]
    assert disputed and all(e.modality == "reported" and claim.id in e.disputed_by for e in disputed)


def test_claimed_events_carry_the_speaker(nlp):
    doc = run(nlp, "Maria Lopez said the army attacked the village.")
    claim = one(doc._.claims)
    events = [e for e in doc._.events if e.id in claim.about]
    assert events and all(e.modality == "claimed" and e.attributed_to.label == "Maria Lopez" for e in events)
    assert all(claim.content_start <= e.verb_start < claim.content_end for e in events)


def test_we_in_a_quotation_is_the_speaker(nlp):
    doc = run(nlp, "“We will rebuild the bridge by winter,” Mayor Anna Kovacs said on Monday.")
    claim = one(doc._.claims)
    event = next(e for e in doc._.events if e.id in claim.about)
    assert event.subject.label == "Anna Kovacs" and event.subject.text == "We"


def test_same_quote_in_two_articles_shares_its_key(nlp):
    a = one(claims_of(nlp, "“The border stays open,” Maria Lopez said on Monday."))
    b = one(claims_of(nlp, "Talks went on. \"The border stays open\", Foreign Minister Maria Lopez said."))
    assert a.claim_key == b.claim_key and a.id != b.id
    c = one(claims_of(nlp, "“The border stays closed,” Maria Lopez said on Monday."))
    assert c.claim_key != a.claim_key
    assert normalize_content("The border — stays open,") == "the border stays open"
    assert claim_key(None, "Maria Lopez", "x") == claim_key(None, "maria lopez", "X.")


def test_record_carries_claim_key_and_offsets(nlp):
    doc = run(nlp, "“We will rebuild the bridge by winter,” Mayor Anna Kovacs said on Monday.")
    record = doc._.claims[0].to_dict()
    assert record["claim_key"] == doc._.claims[0].claim_key
    for key in ("cue_start", "cue_end", "content_start", "content_end"):
        assert isinstance(record[key], int)
    assert record["speaker"]["start"] == doc.text.index("Anna Kovacs")


def test_document_speaks_for_its_author(nlp):
    claim = one(claims_of(nlp, "According to PG&E's schedule, half a million customers could lose power."))
    assert (claim.cue, claim.speaker.label) == ("according_to", "PG&E")
    assert claims_of(nlp, "More than 1000 people died, according to reports.") == []
    assert claims_of(nlp, "The utility confirmed it.") == []  # a pronoun says nothing by itself


def test_speaker_after_the_verb_and_in_apposition(nlp):
    text = '"They are using different tricks," said a protester using the pseudonym Katya.'
    claim = one(claims_of(nlp, text))
    assert (claim.speaker.label, claim.speaker.type, claim.quote) == ("protester", "Person", True)
    text = "The mayor of Paris, Anne Hidalgo, wrote: “Paris is mourning its family.”"
    assert one(claims_of(nlp, text)).speaker.label == "Anne Hidalgo"


def test_participle_with_that_clause_is_its_own_claim(nlp):
    text = "A total of 39 are confirmed dead, officials told state media, adding that rescuers ended their work."
    claims = claims_of(nlp, text)
    assert [(c.cue, c.content) for c in claims] == [("tell", "A total of 39 are confirmed dead"),
                                                   ("add", "rescuers ended their work")]
    assert all(c.speaker.text == "officials" and c.speaker.type == "Group" for c in claims)


def test_clause_after_the_verb_wins_over_one_before(nlp):
    text = "Many of the guests were Indian; the embassy confirmed two pilgrims from Myanmar also died."
    claim = one(claims_of(nlp, text))
    assert claim.content == "two pilgrims from Myanmar also died"


def test_planned_refused_or_attributive_speech_is_no_claim(nlp):
    assert claims_of(nlp, "Putin plans to announce that the troops will leave.") == []
    assert claims_of(nlp, "The minister refused to say that the talks failed.") == []
    assert claims_of(nlp, "Antarctica became the last continent to report cases of the virus.") == []
    claim = one(claims_of(nlp, "Kelly Dittmar went on to add that parity needs Republican women."))
    assert (claim.cue, claim.content) == ("add", "parity needs Republican women")


@given(st.text(alphabet="ab that,:—–\n\t_é", max_size=16), st.integers(min_value=0, max_value=16))
def test_quotation_intro_reads_only_the_last_word_and_agrees_with_the_whole_text(text, end):
    end = min(end, len(text))
    assert introduces(text, end) == (INTRO_BEFORE.search(text[:end]) is not None)


def test_participle_on_a_state_in_a_reason_clause_is_said_by_the_main_subject(nlp):
    # the parser hangs "noting" on "are low", inside the "as" clause; prices note nothing, the farmers do
    text = ("Local farmers called the plan risky to reporters, as the soil is dry and prices are low, "
            "while noting that the river water is needed by the towns.")
    claim = one(claims_of(nlp, text), cue="note")
    assert claim.speaker.text == "Local farmers"
    # an act in the reason clause keeps its participle: she refused and claimed
    text = "Maria Ortiz was fined because she did not pay the toll, while insisting that the gate was broken."
    claim = one(claims_of(nlp, text), cue="insist")
    assert (claim.speaker.text, claim.speaker.label) == ("she", "Maria Ortiz")


def test_they_speaks_as_the_salient_actor_coreference_names(nlp):
    # "they" after a sentence whose subject is a body or a group: that actor speaks
    text = "The ministers met in Oslo on Friday. They said the museum must be kept open."
    claim = one(claims_of(nlp, text), cue="say")
    assert (claim.speaker.text, claim.speaker.label) == ("They", "The ministers")
    text = "The Arab League met in Cairo on Monday. They concluded that the maritime deal was void."
    assert one(claims_of(nlp, text), cue="conclude").speaker.label == "Arab League"


def test_they_in_a_first_person_account_speaks_for_no_one_kg_can_name(nlp):
    text = "The ministers visited me in Oslo on Friday. They told me the museum must be kept open."
    assert [c for c in claims_of(nlp, text) if c.cue == "tell"] == []


def test_an_acronym_spelled_like_a_pronoun_speaks(nlp):
    # "who" names no one; "the WHO" is the World Health Organization
    claim = one(claims_of(nlp, "The WHO said the virus was spreading in Peru."), cue="say")
    assert claim.speaker.label == "World Health Organization"
    assert one(claims_of(nlp, "Officials, who said the virus was spreading, met in Lima."), cue="say").speaker.label == "Officials"


def test_a_reporting_aside_between_commas_reports_the_clause_after_it(nlp):
    text = "Maria Lopez spoke to the court for an hour. In between, she testified, she was beaten by the guards."
    claim = one(claims_of(nlp, text), cue="testify")
    assert (claim.speaker.label, claim.content) == ("Maria Lopez", "she was beaten by the guards")
    text = "Ivan Petrov visited the site on Monday. Later that night, he said, the troops left the city."
    assert one(claims_of(nlp, text), cue="say").content == "the troops left the city"


def test_a_with_absolute_reports_as_its_noun(nlp):
    # "…, with X reporting Y": X reports Y, whether the parser hangs the participle on X or X on it
    claim = one(claims_of(nlp, "The bridge collapsed on Monday, with local media reporting no one was on it."),
                cue="report")
    assert (claim.speaker.label, claim.content) == ("local media", "no one was on it")
    claim = one(claims_of(nlp, "Fighting continued in Ghazni, with officials reporting that 150 soldiers had died."),
                cue="report")
    assert (claim.speaker.label, claim.content) == ("officials", "150 soldiers had died")
