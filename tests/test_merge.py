"""Cross-article event merging (kg.merge)."""
from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from kg.merge import load_synonyms, merge_events, merge_key, normalize_label, object_key, singularize

FIXTURE = Path(__file__).parent / "fixtures" / "facts_sample.jsonl"
A, B = "000_8549324ab8f36054", "003_90cdecf6087a198e"


def fixture_records() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def event(article: str, published: str | None, subject: str = "Russia", predicate: str = "attack",
          obj: str | None = "drone attack", target: str | None = "Kyiv", **extra) -> dict:
    record = {"kind": "event", "id": f"ev:{article}-{subject}-{predicate}-{obj}-{target}", "article": article,
              "sentence": "s", "start": 0, "end": 1, "subject": {"label": subject, "id": f"actor:{subject.lower()}"},
              "predicate": predicate, "verb": predicate}
    if obj:
        record["object"] = {"label": obj, "type": "Thing"}
    if target:
        record["target"] = {"label": target, "id": f"actor:{target.lower()}"}
    if published:
        record["published"] = published
    record.update(extra)
    return record


@pytest.mark.parametrize("label, key", [
    ("direct talks", "talks"), ("direct peace talks", "talks"), ("the negotiations", "talks"),
    ("dialogue", "talks"), ("drone attack", "attack"), ("overnight Russian drone strikes", "attack"),
    ("an unconditional 30-day cease-fire", "ceasefire"), ("a truce", "ceasefire"),
    ("an immediate 30-day halt to hostilities", "ceasefire"),
    ("short-range ballistic missile launchers", "launcher"), ("Fath-360 missiles", "missile"),
    ("news", "news"), ("the crisis", "crisis"), ("", ""),
])
def test_object_key_is_the_head_noun_through_synonym_sets(label, key):
    assert object_key(label) == key


def test_singularize_and_normalize_label():
    assert [singularize(w) for w in ("strikes", "talks", "countries", "crisis", "bus", "arms")] == \
        ["strike", "talk", "country", "crisis", "bus", "arm"]
    assert normalize_label("The  new   statement") == "new statement"
    assert normalize_label("Russia's weapons") == "weapons"


def test_synonym_file_is_data(tmp_path):
    path = tmp_path / "syn.tsv"
    path.write_text("# comment\nvessel|ship|boat\n", encoding="utf-8")
    table = load_synonyms(path)
    assert object_key("two cargo ships", table) == "vessel"
    assert object_key("talks", table) == "talk"  # not in this table: the singular head
    bad = tmp_path / "bad.tsv"
    bad.write_text("vessel|ship\n | \n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:2"):
        load_synonyms(bad)


def test_seed_reports_of_one_event_merge():
    merged = merge_events(fixture_records())
    events = {r["id"]: r for r in merged if r["kind"] == "event"}
    by_object = {(r["predicate"], r.get("object", {}).get("label")): r for r in events.values()}
    talks_a, talks_b = by_object[("propose", "direct talks")], by_object[("propose", "direct peace talks")]
    attack_a, attack_b = by_object[("attack", "drone attack")], by_object[("attack", "drone strikes")]
    assert talks_a["article"] != talks_b["article"]
    assert talks_a["event_key"] == talks_b["event_key"]
    assert talks_a["sources"] == talks_b["sources"] == sorted([A, B])
    assert attack_a["event_key"] == attack_b["event_key"] != talks_a["event_key"]
    assert attack_a["sources"] == sorted([A, B])
    # different things stay apart: launchers and missiles, Macron's and the leaders' demands
    launchers, missiles = by_object[("supply", "short-range ballistic missile launchers")], by_object[("supply", "Fath-360 missiles")]
    assert launchers["event_key"] != missiles["event_key"]
    assert launchers["sources"] == [A]
    assert len({r["event_key"] for r in events.values()}) == len(events) - 2
    assert all(r["event_key"].startswith("evt:") for r in events.values())


def test_merge_keeps_every_record_and_does_not_mutate_input():
    records = fixture_records()
    before = copy.deepcopy(records)
    merged = merge_events(records)
    assert records == before
    assert len(merged) == len(records)
    for old, new in zip(records, merged):
        assert {k: v for k, v in new.items() if k not in ("event_key", "sources")} == old
        if old["kind"] != "event":
            assert new == old


def test_window_days():
    records = [event("a1", "2025-05-01"), event("a2", "2025-05-03"), event("a3", "2025-05-04"),
               event("a4", "2025-05-05"), event("a5", "2025-05-20"), event("a6", None), event("a7", None)]
    merged = merge_events(records, window_days=3)
    keys = [r["event_key"] for r in merged]
    # windows start at each cluster's first report: 1-4 May, then 5 May, then 20 May; undated together
    assert keys[0] == keys[1] == keys[2]
    assert len({keys[0], keys[3], keys[4], keys[5]}) == 4
    assert keys[5] == keys[6]
    assert merged[0]["sources"] == ["a1", "a2", "a3"]
    assert merge_events(records, window_days=0)[0]["sources"] == ["a1"]
    assert len({r["event_key"] for r in merge_events(records, window_days=30)[:5]}) == 1


def test_key_parts_must_all_agree():
    base = event("a1", "2025-05-01")
    others = [event("a2", "2025-05-01", subject="Ukraine"), event("a3", "2025-05-01", predicate="occupy"),
              event("a4", "2025-05-01", obj="Fath-360 missiles"), event("a5", "2025-05-01", target="Odesa")]
    keys = [r["event_key"] for r in merge_events([base, *others])]
    assert len(set(keys)) == 5
    assert merge_key(base) == ("actor:russia", "attack", "attack", "actor:kyiv")


def test_report_without_target_joins_the_only_target():
    with_target = event("a1", "2025-05-01")
    without = event("a2", "2025-05-01", target=None)
    merged = merge_events([with_target, without])
    assert merged[0]["event_key"] == merged[1]["event_key"]
    # two different targets on record: the untargeted report is ambiguous and stays apart
    merged = merge_events([with_target, event("a3", "2025-05-01", target="Odesa"), without])
    assert len({r["event_key"] for r in merged}) == 3


def test_event_keys_are_stable_and_order_independent():
    records = fixture_records()
    first = {r["id"]: (r.get("event_key"), tuple(r.get("sources", ()))) for r in merge_events(records)}
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    second = {r["id"]: (r.get("event_key"), tuple(r.get("sources", ()))) for r in merge_events(shuffled)}
    assert first == second


def test_merging_is_indexed_not_pairwise(monkeypatch):
    # 60k events over 3k keys and 60 days: each record is keyed once and clustered once, never compared pairwise
    import kg.merge

    records = [event(f"a{i}", f"2025-{1 + (i % 60) // 30:02d}-{1 + i % 30:02d}", subject=f"S{i % 3000}")
               for i in range(60_000)]
    visits = {"keyed": 0, "clustered": 0}
    merge_key_of, clusters_of = kg.merge.merge_key, kg.merge._clusters

    def counted_key(record, synonyms=None):
        visits["keyed"] += 1
        return merge_key_of(record, synonyms)

    def counted_clusters(group, window_days):
        visits["clustered"] += len(group)
        return clusters_of(group, window_days)

    monkeypatch.setattr(kg.merge, "merge_key", counted_key)
    monkeypatch.setattr(kg.merge, "_clusters", counted_clusters)
    merged = merge_events(records)
    assert visits == {"keyed": 60_000, "clustered": 60_000}
    assert len({r["event_key"] for r in merged}) < len(records)
