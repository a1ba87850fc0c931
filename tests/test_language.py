"""The English test that spares most texts a language guess, and the guess behind it."""
from kg.language import function_word_share, is_plainly_english, language_identifier

ENGLISH = ("The minister said on Tuesday that the government would review the agreement with its "
           "neighbours after a series of border incidents, and that it was ready to talk to them.")
FOREIGN = {
    "es": ("El presidente de Rusia dijo el martes que su país no tiene intención de atacar a ningún "
           "miembro de la OTAN, pero advirtió que responderá a cualquier amenaza contra su territorio."),
    "fr": ("Le président russe a déclaré mardi que son pays n'avait pas l'intention d'attaquer un membre "
           "de l'OTAN, mais il a averti qu'il répondrait à toute menace contre son territoire."),
    "de": ("Der russische Präsident sagte am Dienstag, sein Land habe nicht die Absicht, ein Mitglied der "
           "NATO anzugreifen, warnte aber, dass es auf jede Bedrohung seines Territoriums reagieren werde."),
    "nl": ("De Russische president zei dinsdag dat zijn land niet van plan is een lid van de NAVO aan te "
           "vallen, maar hij waarschuwde dat het zal reageren op elke bedreiging van zijn grondgebied."),
}


def test_english_prose_is_plainly_english():
    assert is_plainly_english(ENGLISH)
    assert function_word_share("the minister said that it was".split()) > 0.5


def test_other_languages_are_left_to_the_guess():
    for lang, text in FOREIGN.items():
        assert not is_plainly_english(text), lang
        assert language_identifier().classify(text)[0] == lang


def test_a_few_words_are_not_enough_to_tell():
    assert not is_plainly_english("It was the one that did it.")
    assert function_word_share([]) == 0.0


def _classify_in_child(queue):
    queue.put(language_identifier().classify(FOREIGN["de"])[0])


def test_a_fork_during_the_preload_gets_a_working_model():
    import multiprocessing

    import kg.language

    kg.language._identifier = None  # force a fresh load, then fork while it may be under way
    kg.language.preload_language_identifier()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_classify_in_child, args=(queue,))
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 0, "the child hung or failed on the language model"
    assert queue.get(timeout=5) == "de"
    assert language_identifier() is kg.language._identifier is not None


def test_the_model_loads_as_py3langid_loads_it():
    # kg.tuning decompresses py3langid's model file itself, in larger steps
    import numpy
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from kg.tuning import _language_identifier_in_steps

    ours, theirs = _language_identifier_in_steps(), LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for name in ("nb_ptc", "nb_pc", "nb_classes", "tk_nextmove", "tk_row", "tk_output"):
        assert numpy.array_equal(numpy.asarray(getattr(ours, name)), numpy.asarray(getattr(theirs, name))), name
        assert type(getattr(ours, name)) is type(getattr(theirs, name)), name
    for text in [ENGLISH, *FOREIGN.values(), "Ok", ""]:
        assert ours.classify(text) == theirs.classify(text)
