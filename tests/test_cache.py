"""The facts cache: an unchanged vault is rebuilt without reading a note, a changed note is
re-read alone, and a damaged or foreign cache is never trusted."""

from __future__ import annotations


import pytest

from conftest import copy_sample
from notes2insight.cache import Cache
from notes2insight.config import load_config
from notes2insight.export import records
from notes2insight.pipeline import Refresher, run


@pytest.fixture
def vault_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    notes = tmp_path / "sample_notes"
    copy_sample(notes)
    config, _ = load_config(notes)
    return config


def refresher(config, segmenter) -> Refresher:
    cache = Cache(config.cache_path, config.fingerprint())
    cache.load()
    return Refresher(config, cache, segmenter)


def test_cached_facts_equal_a_fresh_extraction(vault_config, segmenter):
    first = refresher(vault_config, segmenter)
    cold = first.refresh_all()
    assert first.stats["extracted"] == 31
    second = refresher(vault_config, segmenter)
    warm = second.refresh_all()
    assert second.stats == {"read": 0, "extracted": 0, "reused": 31}  # no note text read
    plain = run(vault_config, use_cache=False, segmenter=segmenter)
    assert records(cold) == records(warm) == records(plain)
    assert cold.problems == warm.problems == plain.problems


def test_a_changed_note_is_the_only_one_read(vault_config, segmenter):
    refresher(vault_config, segmenter).refresh_all()
    note = vault_config.notes_dir / "2026" / "11" / "2026-11-24.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n- [ ] 明天给王总打电话\n", encoding="utf-8")
    again = refresher(vault_config, segmenter)
    facts = again.refresh_all()
    assert again.stats["read"] == 1 and again.stats["extracted"] == 1
    assert records(facts) == records(run(vault_config, use_cache=False, segmenter=segmenter))


def test_a_new_customer_name_re_extracts_the_notes_that_mention_it(vault_config, segmenter):
    refresher(vault_config, segmenter).refresh_all()
    (vault_config.notes_dir / "2026" / "11" / "2026-11-25.md").write_text(
        "---\ncustomers: [吴昊]\naliases: {小吴: 吴昊}\n---\n小吴来了。\n", encoding="utf-8")
    again = refresher(vault_config, segmenter)
    facts = again.refresh_all()
    assert records(facts) == records(run(vault_config, use_cache=False, segmenter=segmenter))
    assert again.stats["extracted"] < 31  # only the notes that mention a changed name


def test_touch_without_change_reads_but_does_not_extract(vault_config, segmenter):
    import os

    refresher(vault_config, segmenter).refresh_all()
    note = vault_config.notes_dir / "2026" / "10" / "2026-10-19.md"
    os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 10**9))
    again = refresher(vault_config, segmenter)
    again.refresh_all()
    assert again.stats["read"] == 1 and again.stats["extracted"] == 0


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x00" * 64])
def test_a_damaged_cache_is_rebuilt_with_a_warning(vault_config, segmenter, damage):
    refresher(vault_config, segmenter).refresh_all()
    path = vault_config.cache_path / "facts.pickle"
    path.write_bytes(damage + path.read_bytes()[len(damage):] if damage else b"")
    again = refresher(vault_config, segmenter)
    facts = again.refresh_all()
    assert again.stats["extracted"] == 31
    if damage:
        assert any(p.code == "cache" for p in facts.problems)


def test_a_cache_signed_with_another_key_is_not_trusted(vault_config, segmenter, tmp_path, monkeypatch):
    refresher(vault_config, segmenter).refresh_all()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    again = refresher(vault_config, segmenter)
    facts = again.refresh_all()
    assert again.stats["extracted"] == 31
    assert any("signature" in p.message for p in facts.problems)


def _append(config, rel: str, text: str) -> str:
    note = config.notes_dir / rel
    with open(note, "a", encoding="utf-8") as f:
        f.write(text)
    return rel


def _watch_one_edit(config, segmenter) -> tuple[Refresher, str]:
    """A watcher's refresher (journal allowed) that saw one note change, then saved."""
    watching = refresher(config, segmenter)
    watching.autosave, watching.cache.journal_ok = False, True
    watching.refresh_all()
    rel = _append(config, "2026/11/2026-11-24.md", "\n- [ ] 明天给王总打电话\n")
    watching.refresh_paths({rel})
    watching.cache.save()
    return watching, rel


def test_a_watcher_saves_only_the_changed_notes_in_a_journal(vault_config, segmenter):
    first = refresher(vault_config, segmenter)
    first.refresh_all()  # autosave: the whole cache
    whole = first.cache.path.stat().st_mtime_ns
    watching, rel = _watch_one_edit(vault_config, segmenter)
    assert watching.cache.journal_path.exists() and watching.cache.path.stat().st_mtime_ns == whole
    again = refresher(vault_config, segmenter)
    facts = again.refresh_all()
    assert again.stats["read"] == 0  # the journal holds the changed note's facts
    assert records(facts) == records(run(vault_config, use_cache=False, segmenter=segmenter))
    _append(vault_config, rel, "\n今天忘了给李女士回电话。\n")
    again.refresh_paths({rel})  # a build (autosave) writes the whole cache, journal gone
    assert not again.cache.journal_path.exists() and again.cache.path.stat().st_mtime_ns != whole


@pytest.mark.parametrize("damage", ["garbage", "other-base"])
def test_a_damaged_or_foreign_journal_only_costs_a_re_read(vault_config, segmenter, damage):
    refresher(vault_config, segmenter).refresh_all()
    watching, _ = _watch_one_edit(vault_config, segmenter)
    journal = watching.cache.journal_path
    if damage == "garbage":
        journal.write_bytes(b"\x00" * 40 + journal.read_bytes()[40:])
    else:  # a journal written against another whole-cache file (signed, but not ours)
        identity, _, changes, directory = watching.cache._read(journal)
        Cache._write(journal, (identity, "another-base", changes, directory))
    again = refresher(vault_config, segmenter)
    facts = again.refresh_all()
    assert again.stats["read"] == 1  # the note the journal covered, read again
    assert records(facts) == records(run(vault_config, use_cache=False, segmenter=segmenter))
    if damage == "garbage":
        assert again.cache.warning and "journal" in again.cache.warning


def _fresh_kept(config, segmenter) -> dict:
    return run(config, use_cache=False, segmenter=segmenter).kept


def test_a_new_process_resumes_promise_keeping_at_the_first_changed_note(vault_config, segmenter):
    """The cache carries the promise linker: the next process goes through the notes only from
    the month of the earliest changed one, and keeps exactly the promises a fresh run keeps."""
    first = refresher(vault_config, segmenter)
    first.refresh_all()
    assert first.memory.linker.scanned == 31
    _append(vault_config, "2026/10/2026-10-30.md", "\n- [ ] 下周给何姐发保养套餐的报价\n")
    second = refresher(vault_config, segmenter)
    facts = second.refresh_all()
    assert second.memory.linker.scanned == 31  # an October note: from the first checkpoint
    assert facts.kept == _fresh_kept(vault_config, segmenter)
    _append(vault_config, "2026/11/2026-11-20.md", "\n- [x] 何姐的保养套餐报价发过去了\n")
    third = refresher(vault_config, segmenter)
    facts = third.refresh_all()
    assert third.memory.linker.scanned == 20  # November's notes only
    assert facts.kept == _fresh_kept(vault_config, segmenter)
    made = next(c.source for f in facts.notes if f.path == "2026/10/2026-10-30.md"
                for c in f.commitments if "保养套餐" in c.text)
    assert facts.kept[made].path == "2026/11/2026-11-20.md"  # kept across the month boundary
    unchanged = refresher(vault_config, segmenter)
    assert unchanged.refresh_all().kept == facts.kept
    assert unchanged.memory.linker.scanned == 1  # nothing changed: the last day again, at most
    _append(vault_config, "2026/11/2026-11-24.md", "\n- [x] 高总的汉兰达置换方案出好了\n")
    today = refresher(vault_config, segmenter)
    facts = today.refresh_all()
    assert today.memory.linker.scanned == 1  # the last day's checkpoint kept the scan's state
    assert facts.kept == _fresh_kept(vault_config, segmenter)


@pytest.mark.parametrize("change", ["delete the keeping note", "move a note to October",
                                    "held front matter", "new alias", "journal only",
                                    "journal of an October change"])
def test_a_resumed_linker_keeps_what_a_fresh_run_keeps(vault_config, segmenter, change):
    refresher(vault_config, segmenter).refresh_all()
    notes = vault_config.notes_dir
    if change == "delete the keeping note":  # it kept 11月18日.md:5
        (notes / "2026/11/2026-11-19.md").unlink()
    elif change == "move a note to October":
        (notes / "2026/11/2026-11-24.md").rename(notes / "2026/10/2026-10-28.md")
    elif change == "held front matter":  # a watcher keeps the note's last good facts
        watching = refresher(vault_config, segmenter)
        watching.keep_last_good = True
        watching.refresh_all()
        note = notes / "2026/11/2026-11-20.md"
        note.write_text("---\ncustomers: [高总\n---\n" + note.read_text(encoding="utf-8"), encoding="utf-8")
        watching.refresh_paths({"2026/11/2026-11-20.md"})
        watching.cache.save()
        note.write_text(note.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    elif change == "new alias":  # 老高 now folds into 高总's customer: every link may move
        (notes / "2026/11/2026-11-25.md").write_text(
            "---\naliases: {老高: 高总}\n---\n- [x] 老高的置换方案发了\n", encoding="utf-8")
    elif change == "journal only":  # a watcher that saved only a journal, linked before it
        _watch_one_edit(vault_config, segmenter)
    else:  # the journal holds a note that kept promises, weeks before the last day
        watching = refresher(vault_config, segmenter)
        watching.autosave, watching.cache.journal_ok = False, True
        watching.refresh_all()
        (notes / "2026/10/2026-10-26.md").write_text("今天休息。\n", encoding="utf-8")
        watching.refresh_paths({"2026/10/2026-10-26.md"})
        watching.cache.save()
        assert watching.cache.journal_path.exists()
    again = refresher(vault_config, segmenter)
    assert again.refresh_all().kept == _fresh_kept(vault_config, segmenter)


def test_a_watcher_loads_the_extraction_while_no_note_has_changed(vault_config):
    """After a warm start nothing was extracted; the warm-up reads a made-up note through
    every step, so the first save finds jieba and its tagger loaded."""
    import datetime as dt

    from notes2insight.engine import Engine

    run(vault_config)  # warm the cache
    engine = Engine(vault_config, today=lambda: dt.date(2026, 11, 24))
    engine.start()
    assert engine.refresher.stats["extracted"] == 0
    engine.refresher.segmenter._posseg = None  # (another test of this process may have loaded it)
    engine.warm_up().join(timeout=60)
    assert engine.refresher.segmenter._posseg is not None
    assert not any(path.name.startswith("warm-up") for path in vault_config.output_dir.rglob("*"))


def test_a_failing_warm_up_is_silent(vault_config, monkeypatch, capsys):
    """The warm-up is only a head start: a fault in it (here jieba failing to load) prints no
    traceback from its thread; the first real note meets the fault and reports it."""
    import datetime as dt

    from notes2insight.engine import Engine
    from notes2insight.text.segmenter import Segmenter

    engine = Engine(vault_config, today=lambda: dt.date(2026, 11, 24))
    engine.start()

    def broken(self):
        raise OSError(5, "Input/output error")

    import threading

    escaped = []  # what the thread let out (the default hook prints it as a traceback)
    monkeypatch.setattr(threading, "excepthook", escaped.append)
    monkeypatch.setattr(Segmenter, "tagger", property(broken))
    monkeypatch.setattr(Segmenter, "tokenizer", property(broken))
    engine.warm_up().join(timeout=60)
    assert escaped == [] and "Traceback" not in capsys.readouterr().err


def test_a_large_cache_is_frozen_as_it_loads_and_a_small_one_is_not(vault_config, segmenter, monkeypatch):
    """The collector, enabled again with a large cache's objects in its youngest generation,
    would walk them all at the next allocation: a large one is frozen as it loads."""
    import gc

    import notes2insight.cache as cache_module

    refresher(vault_config, segmenter).refresh_all()
    gc.unfreeze()
    try:
        refresher(vault_config, segmenter)  # the sample's cache: small
        assert gc.get_freeze_count() == 0
        monkeypatch.setattr(cache_module, "_LARGE_PAYLOAD", 1)  # every cache counts as large
        loaded = refresher(vault_config, segmenter)
        assert len(loaded.cache.state.entries) == 31
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_new_process_counts_alias_evidence_only_for_the_notes_changed_since(vault_config, segmenter,
                                                                             monkeypatch):
    from notes2insight.pipeline import AliasEvidence

    refresher(vault_config, segmenter).refresh_all()
    _append(vault_config, "2026/11/2026-11-20.md", "\n何姐的保养套餐报价发过去了，何丽说下周来。\n")
    counted = []
    original = AliasEvidence._count
    monkeypatch.setattr(AliasEvidence, "_count",
                        lambda self, facts, step: counted.append(facts.path) or original(self, facts, step))
    resumed = refresher(vault_config, segmenter)
    facts = resumed.refresh_all()
    assert sorted(counted) == ["2026/11/2026-11-20.md"] * 2  # the old facts out, the new ones in
    fresh = AliasEvidence([entry.facts for entry in resumed.cache.state.entries.values() if entry.facts])
    evidence = resumed.memory.evidence
    assert (evidence.folded, evidence.full_names, evidence.bare, evidence.english_full) == (
        fresh.folded, fresh.full_names, fresh.bare, fresh.english_full)
    assert records(facts) == records(run(vault_config, use_cache=False, segmenter=segmenter))


def test_a_name_becoming_a_relative_re_reads_the_notes_that_name_it(vault_config, segmenter):
    """吴嘉诚 met with 吴阿姨 folds her into him, until a later note says he is her son."""
    _append(vault_config, "2026/11/2026-11-20.md", "\n吴阿姨带吴嘉诚来看车，试驾了汉兰达。\n")
    refresher(vault_config, segmenter).refresh_all()
    _append(vault_config, "2026/11/2026-11-24.md", "\n吴阿姨讲儿子吴嘉诚下周回来再看一次。\n")
    facts = refresher(vault_config, segmenter).refresh_all()
    assert records(facts) == records(run(vault_config, use_cache=False, segmenter=segmenter))
    met = next(f for f in facts.notes if f.path == "2026/11/2026-11-20.md")
    assert "吴嘉诚" in met.customers and not any(m.surface == "吴阿姨" and m.name == "吴嘉诚"
                                                for m in met.mentions)
