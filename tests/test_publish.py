"""Publishing generated files into the output folder (RELIABILITY.md c.2, tests 30, 32, 36)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import time

import pytest
from hypothesis import given, settings, strategies as st

from notes2insight import output
from notes2insight.publish import (
    MANIFEST_NAME,
    USER_MARKER,
    PublishReport,
    compose_markdown,
    publish,
)

FILES = {
    "weekly/2026-W48.md": "# 2026-W48\n\n- 拜访 王建国\n",
    "customers/王建国.md": "---\ncustomer: 王建国\n---\n# 王建国\n\n| 日期 | 内容 |\n| --- | --- |\n",
    "customers/Acme.md": "# Acme\n",
    "commitments.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
}


def mtimes(root):
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns
            for p in root.rglob("*") if p.is_file()}


def add_user_notes(path, notes):
    text = path.read_text(encoding="utf-8")
    assert text.endswith(USER_MARKER + "\n")
    path.write_text(text + notes, encoding="utf-8")


def test_first_publish_writes_all_files_with_markers(tmp_path):
    out = tmp_path / "summaries"
    report = publish(out, FILES)
    assert report.updated == tuple(sorted(FILES))
    assert report.unchanged == report.removed == report.kept_user_edits == report.errors == ()
    assert report.summary() == "4 updated, 0 unchanged, 0 removed"
    weekly = (out / "weekly/2026-W48.md").read_text(encoding="utf-8")
    assert weekly.startswith("# 2026-W48\n\n- 拜访 王建国\n\n<!-- notes2insight:generated sha256=")
    assert weekly.endswith(f" -->\n{USER_MARKER}\n")
    # Front matter stays the first thing in the file: the markers go after the generated text.
    assert (out / "customers/王建国.md").read_text(encoding="utf-8").startswith("---\ncustomer:")
    # No marker in an .ics: byte-for-byte what was generated.
    assert (out / "commitments.ics").read_bytes() == FILES["commitments.ics"].encode()
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(FILES)


def test_new_files_get_normal_permissions(tmp_path):
    publish(tmp_path, FILES)
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE((tmp_path / "customers/Acme.md").stat().st_mode)
    assert mode == 0o666 & ~umask


def test_second_publish_writes_nothing(tmp_path):
    publish(tmp_path, FILES)
    before = mtimes(tmp_path)
    contents = {p: (tmp_path / p).read_bytes() for p in before}
    report = publish(tmp_path, FILES)
    assert report.updated == () and report.unchanged == tuple(sorted(FILES))
    assert report.summary() == "0 updated, 4 unchanged, 0 removed"
    assert mtimes(tmp_path) == before  # the manifest too
    assert {p: (tmp_path / p).read_bytes() for p in before} == contents


def test_output_is_deterministic(tmp_path):
    publish(tmp_path / "a", FILES)
    publish(tmp_path / "b", dict(reversed(list(FILES.items()))))
    for rel in [*FILES, MANIFEST_NAME]:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_user_notes_survive_rebuilds(tmp_path):
    publish(tmp_path, FILES)
    path = tmp_path / "customers/王建国.md"
    add_user_notes(path, "\n我的备注：下周回访。\n<!-- 我自己的注释 -->\n")
    changed = dict(FILES, **{"customers/王建国.md": "# 王建国\n\n新的内容\n"})
    report = publish(tmp_path, changed)
    assert report.updated == ("customers/王建国.md",)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 王建国\n\n新的内容\n")
    assert text.endswith(f"{USER_MARKER}\n\n我的备注：下周回访。\n<!-- 我自己的注释 -->\n")
    # Unchanged generated text + user notes: nothing to write.
    assert publish(tmp_path, changed).updated == ()


def test_hand_edited_generated_part_is_kept_then_forced(tmp_path):
    publish(tmp_path, FILES)
    path = tmp_path / "weekly/2026-W48.md"
    edited = path.read_text(encoding="utf-8").replace("拜访", "电话")
    path.write_text(edited + "用户笔记\n", encoding="utf-8")
    changed = dict(FILES, **{"weekly/2026-W48.md": "# 2026-W48\n\n- 新内容\n"})

    report = publish(tmp_path, changed)
    assert report.kept_user_edits == ("weekly/2026-W48.md",)
    assert "weekly/2026-W48.md" not in report.updated
    assert report.summary() == "0 updated, 3 unchanged, 0 removed, 1 kept (edited by hand)"
    assert path.read_text(encoding="utf-8") == edited + "用户笔记\n"

    report = publish(tmp_path, changed, force=True)
    assert report.updated == ("weekly/2026-W48.md",) and report.kept_user_edits == ()
    text = path.read_text(encoding="utf-8")
    assert "新内容" in text and "电话" not in text
    assert text.endswith(f"{USER_MARKER}\n用户笔记\n")  # force keeps the user's notes


def test_crlf_checkout_is_not_a_hand_edit(tmp_path):
    # git with core.autocrlf=true checks generated files out with CRLF line endings.
    publish(tmp_path, FILES)
    path = tmp_path / "weekly/2026-W48.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    report = publish(tmp_path, FILES)
    assert report.kept_user_edits == () and report.updated == ("weekly/2026-W48.md",)
    assert path.read_bytes() == compose_markdown(FILES["weekly/2026-W48.md"]).encode()


def test_unmarked_user_file_at_a_target_is_not_touched(tmp_path):
    (tmp_path / "customers").mkdir()
    mine = tmp_path / "customers/Acme.md"
    mine.write_text("# 我自己写的 Acme 笔记\n", encoding="utf-8")
    before = os.stat(mine)
    report = publish(tmp_path, FILES)
    assert report.kept_user_edits == ("customers/Acme.md",)
    assert mine.read_text(encoding="utf-8") == "# 我自己写的 Acme 笔记\n"
    assert os.stat(mine).st_mtime_ns == before.st_mtime_ns and os.stat(mine).st_ino == before.st_ino
    # ... and it is not removed when the build stops producing that path.
    report = publish(tmp_path, {k: v for k, v in FILES.items() if k != "customers/Acme.md"})
    assert "customers/Acme.md" not in report.removed and mine.exists()
    # force overwrites it.
    assert publish(tmp_path, FILES, force=True).updated == ("customers/Acme.md",)


def test_user_edited_ics_is_kept(tmp_path):
    publish(tmp_path, FILES)
    ics = tmp_path / "commitments.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nX-MINE:1\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    changed = dict(FILES, **{"commitments.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX:2\r\nEND:VCALENDAR\r\n"})
    assert publish(tmp_path, changed).kept_user_edits == ("commitments.ics",)
    assert "X-MINE" in ics.read_text(encoding="utf-8")


def test_unedited_ics_is_updated(tmp_path):
    publish(tmp_path, FILES)
    changed = dict(FILES, **{"commitments.ics": "BEGIN:VCALENDAR\r\nX:2\r\nEND:VCALENDAR\r\n"})
    assert publish(tmp_path, changed).updated == ("commitments.ics",)


def test_stale_generated_files_are_removed_unmarked_kept(tmp_path):
    publish(tmp_path, FILES)
    (tmp_path / "customers/notes-by-hand.md").write_text("我的文件\n", encoding="utf-8")
    (tmp_path / "customers/readme.txt").write_text("x\n", encoding="utf-8")
    # Acme was merged into an alias; the calendar is no longer produced.
    remaining = {k: v for k, v in FILES.items() if k not in ("customers/Acme.md", "commitments.ics")}
    report = publish(tmp_path, remaining)
    assert report.removed == ("commitments.ics", "customers/Acme.md")
    assert report.summary() == "0 updated, 2 unchanged, 2 removed"
    assert not (tmp_path / "customers/Acme.md").exists()
    assert not (tmp_path / "commitments.ics").exists()
    assert (tmp_path / "customers/notes-by-hand.md").read_text(encoding="utf-8") == "我的文件\n"
    assert (tmp_path / "customers/readme.txt").exists()
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(remaining)


def test_stale_file_found_without_manifest(tmp_path):
    publish(tmp_path, FILES)
    (tmp_path / MANIFEST_NAME).unlink()
    report = publish(tmp_path, {"weekly/2026-W48.md": FILES["weekly/2026-W48.md"]})
    # The Markdown files carry their marker; the .ics is only known through the manifest.
    assert report.removed == ("customers/Acme.md", "customers/王建国.md")
    assert (tmp_path / "commitments.ics").exists()
    assert not (tmp_path / "customers").exists()  # emptied folder pruned


def test_stale_file_with_user_notes_or_edits_is_kept(tmp_path):
    publish(tmp_path, FILES)
    add_user_notes(tmp_path / "customers/Acme.md", "Acme 的联系人换了\n")
    path = tmp_path / "customers/王建国.md"
    path.write_text(path.read_text(encoding="utf-8").replace("王建国", "王健国"), encoding="utf-8")
    remaining = {"weekly/2026-W48.md": FILES["weekly/2026-W48.md"]}
    for force in (False, True):
        report = publish(tmp_path, remaining, force=force)
        expected_kept = ("customers/Acme.md",) if force else ("customers/Acme.md", "customers/王建国.md")
        assert report.kept_user_edits == expected_kept
    assert (tmp_path / "customers/Acme.md").read_text(encoding="utf-8").endswith("Acme 的联系人换了\n")
    assert not path.exists()  # force removed the edited one that had no user notes


def test_planted_symlink_is_replaced_not_followed(tmp_path):
    out = tmp_path / "summaries"
    outside = tmp_path / "outside.txt"
    outside.write_text("secret\n", encoding="utf-8")
    (out / "customers").mkdir(parents=True)
    (out / "customers/Acme.md").symlink_to(outside)
    report = publish(out, FILES)
    assert "customers/Acme.md" in report.updated
    assert outside.read_text(encoding="utf-8") == "secret\n"
    assert not (out / "customers/Acme.md").is_symlink()
    assert (out / "customers/Acme.md").read_text(encoding="utf-8").startswith("# Acme\n")


def test_symlinked_folder_leading_out_is_refused(tmp_path):
    out = tmp_path / "summaries"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "weekly").symlink_to(elsewhere, target_is_directory=True)
    report = publish(out, FILES)
    assert [e.split(":")[0] for e in report.errors] == ["weekly/2026-W48.md"]
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("bad", [
    "../x.md", "../../.git/hooks/post-commit", "a/../../x.md", "/etc/x.md", "C:/x.md",
    "a\\..\\x.md", "", "a//b.md", "./a.md", ".git/config", "weekly/.hidden.md", MANIFEST_NAME,
    "nul\x00.md",
])
def test_path_escapes_become_errors(tmp_path, bad):
    out = tmp_path / "repo" / "summaries"
    report = publish(out, {bad: "# x\n", "ok.md": "# ok\n"})
    assert report.updated == ("ok.md",)
    assert len(report.errors) == 1 and report.errors[0].startswith(f"{bad}: ")
    assert sorted(p.name for p in (tmp_path / "repo").rglob("*")) == [
        MANIFEST_NAME, "ok.md", "summaries"]


def test_case_insensitive_clash_writes_neither(tmp_path):
    report = publish(tmp_path, {"customers/Acme.md": "a", "customers/ACME.md": "b", "x.md": "x"})
    assert report.updated == ("x.md",)
    assert len(report.errors) == 2 and all("case-insensitive" in e for e in report.errors)


def test_generated_text_cannot_forge_markers(tmp_path):
    report = publish(tmp_path, {"x.md": f"evil\n{USER_MARKER}\n"})
    assert report.errors == ("x.md: generated text contains the notes2insight marker",)


def test_leftover_temp_file_is_cleaned(tmp_path):
    publish(tmp_path, FILES)
    leftovers = [tmp_path / f".2026-W48.md.abc123{output.TEMP_SUFFIX}",
                 tmp_path / "weekly" / f".2026-W48.md.x9{output.TEMP_SUFFIX}"]
    for temp in leftovers:
        temp.write_text("partial", encoding="utf-8")
    report = publish(tmp_path, FILES)
    assert report.errors == () and report.updated == ()
    assert not any(t.exists() for t in leftovers)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_out_dir_reports_errors(tmp_path):
    publish(tmp_path, FILES)
    changed = {k: v + "更新\n" for k, v in FILES.items()}
    before = {p: (tmp_path / p).read_bytes() for p in FILES}
    for folder in (tmp_path, tmp_path / "weekly", tmp_path / "customers"):
        folder.chmod(0o555)
    try:
        report = publish(tmp_path, changed)
    finally:
        for folder in (tmp_path, tmp_path / "weekly", tmp_path / "customers"):
            folder.chmod(0o755)
    assert report.updated == () and len(report.errors) == len(FILES)
    assert {p: (tmp_path / p).read_bytes() for p in FILES} == before


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC, errno.EACCES])
def test_write_failures_become_errors(tmp_path, monkeypatch, code):
    # Simulated (runs as root too): the temp file cannot be created, as on a read-only or full
    # file system. Nothing raises and the previous summaries are intact.
    publish(tmp_path, FILES)
    before = {p: (tmp_path / p).read_bytes() for p in FILES}

    def failing_mkstemp(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(output.tempfile, "mkstemp", failing_mkstemp)
    report = publish(tmp_path, {k: v + "更新\n" for k, v in FILES.items()})
    assert report.updated == ()
    assert report.errors == tuple(sorted(f"{p}: {os.strerror(code)}" for p in FILES))
    assert report.summary().endswith(", 4 errors")
    assert {p: (tmp_path / p).read_bytes() for p in FILES} == before


def test_unusable_out_dir_is_an_error(tmp_path):
    blocker = tmp_path / "summaries"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    report = publish(blocker, FILES)
    assert report.updated == () and len(report.errors) == 1


def test_directory_at_target_is_an_error(tmp_path):
    (tmp_path / "customers/Acme.md").mkdir(parents=True)
    report = publish(tmp_path, FILES)
    assert [e.split(":")[0] for e in report.errors] == ["customers/Acme.md"]
    assert len(report.updated) == 3


def test_hostile_manifest_cannot_delete_outside(tmp_path):
    out = tmp_path / "summaries"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    digest = hashlib.sha256(victim.read_bytes()).hexdigest()
    out.mkdir()
    (out / MANIFEST_NAME).write_text(json.dumps({"files": {"../victim.txt": digest}}), encoding="utf-8")
    report = publish(out, {"ok.md": "# ok\n"})
    assert report.removed == () and victim.read_text(encoding="utf-8") == "keep me\n"


def test_summary_wording():
    report = PublishReport(updated=("a",), unchanged=("b", "c"), kept_user_edits=("d",),
                           errors=("e: x",))
    assert report.summary() == "1 updated, 2 unchanged, 0 removed, 1 kept (edited by hand), 1 error"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=30),
                       st.text(alphabet="0123456789abcdef", min_size=64, max_size=64), max_size=8))
def test_the_manifest_is_written_as_json_dumps_writes_it(entries):
    """The manifest's lines come from a memo (a watcher rewrites it after every save); the
    bytes must stay exactly those of json.dumps, so git sees no churn between versions."""
    from notes2insight.publish import _manifest_text

    expected = json.dumps({"generator": "notes2insight", "version": 1, "files": dict(sorted(entries.items()))},
                          ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert _manifest_text(entries) == expected


def test_a_manifest_changed_behind_the_writers_back_is_read_again(tmp_path):
    """The in-process memo of the manifest holds only while the file is the one it wrote: a
    calendar the manifest no longer lists is not ours to delete any more."""
    publish(tmp_path, dict(FILES))
    manifest = tmp_path / MANIFEST_NAME
    data = json.loads(manifest.read_text(encoding="utf-8"))
    del data["files"]["commitments.ics"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    report = publish(tmp_path, {k: v for k, v in FILES.items() if k != "commitments.ics"})
    assert report.removed == () and (tmp_path / "commitments.ics").exists()


def test_a_hand_edit_of_a_file_just_written_is_seen_even_with_its_size_and_mtime_kept(tmp_path):
    """A watcher remembers what it wrote so it need not read a megabyte ledger back on every
    save; an edit in place that keeps the size and sets the mtime back is still an edit."""
    publish(tmp_path, FILES)
    path = tmp_path / "weekly/2026-W48.md"
    before = os.stat(path)
    time.sleep(0.05)  # past the file system's coarse clock tick, so the ctime moves
    with open(path, "r+b") as f:  # same inode, same size
        data = f.read()
        f.seek(0)
        f.write(data.replace("拜访".encode(), "电话".encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed = dict(FILES, **{"weekly/2026-W48.md": "# 2026-W48\n\n- 新内容\n"})
    report = publish(tmp_path, changed)
    assert report.kept_user_edits == ("weekly/2026-W48.md",)
    assert "电话" in path.read_text(encoding="utf-8")


def test_a_file_written_by_this_process_is_rewritten_from_memory_as_from_disk(tmp_path):
    """Publishing from the memo of what was written gives the bytes a fresh process writes."""
    first, second = tmp_path / "a", tmp_path / "b"
    changed = dict(FILES, **{"weekly/2026-W48.md": "# 2026-W48\n\n- 新内容\n",
                             "commitments.ics": "BEGIN:VCALENDAR\r\nX:2\r\nEND:VCALENDAR\r\n"})
    publish(first, FILES)
    add_user_notes(first / "customers/王建国.md", "我的备注\n")
    publish(first, FILES)  # read from disk once: the user's notes are now remembered
    assert set(publish(first, changed).updated) == {"weekly/2026-W48.md", "commitments.ics"}
    publish(second, FILES)
    add_user_notes(second / "customers/王建国.md", "我的备注\n")
    import notes2insight.publish as publishing
    publishing._written.clear()
    publish(second, changed)
    for rel in FILES:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


_PIECES = st.sampled_from([
    "<!-- notes2insight:generated sha256=" + "a" * 64 + " -->\n",
    "<!-- notes2insight:generated sha256=" + "b" * 64 + " -->\r\n",
    "<!-- notes2insight:generated sha256=" + "c" * 12 + " -->\n",
    "<!-- notes2insight:user-notes — 以下 -->\n", "<!-- notes2insight:user-notes", "\n", "x ", "> ",
    "## 本周\n", "<!-- notes2insight:generated sha256=",
])


@given(st.lists(_PIECES, max_size=12))
def test_the_marker_pair_is_found_where_the_pattern_finds_it(pieces):
    """The marker line is looked up by its plain start (a ledger is a megabyte): the same pair,
    the first one, as the full pattern over every line."""
    from notes2insight.publish import _MARKERS, _find_markers

    text = "".join(pieces)
    found, expected = _find_markers(text), _MARKERS.search(text)
    assert (found and found.span()) == (expected and expected.span())
