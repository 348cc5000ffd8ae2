"""read notes → `Note` records → facts per note → vault-level links (aliases, kept promises).

The order of the extraction stages is written down as data (like markdown-it's rule chain):
adding an extractor means one function and one line in `EXTRACTORS`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import cached_property, lru_cache
from sys import intern
from dataclasses import dataclass, field, replace
from typing import Callable

from .collector import collector_paused
from .config import Config, user_cache_dir
from .extract.commitments import extract_commitments, impossible_dates
from .extract.customers import (ENGLISH_FORMS, LATIN_NAME_WORD, LATIN_WORD, CustomerFinder, Directory, find_mentions, is_full_name,
                               surname_of)
from .extract.people import Contribution, DirectoryMerger, contribution, merge
from .extract.deals import extract_deals
from .extract.mistakes import extract_mistakes
from .model import (BlockKind, Commitment, Mention, Note, NoteFacts, Problem,
                     Severity, Source)
from .text.glossary import sinicise
from .text.segmenter import Segmenter
from .text.workdays import WorkdayCalendar


@dataclass(frozen=True)
class Context:
    """What every extractor may read besides the note: the vault's directory and tools."""

    config: Config
    directory: Directory
    finder: CustomerFinder
    calendar: WorkdayCalendar

    @cached_property
    def staff(self) -> frozenset[str]:
        """The colleagues who may be a clause's subject: the config's, and those the notes named
        that are no dictionary word (a learned 申请 or 周三 was a misreading, no person)."""
        return frozenset(c for c in self.directory.colleagues
                         if c in self.config.colleagues or not self.finder.segmenter.is_word(c))

    @cached_property
    def extra_words(self) -> tuple[str, ...]:
        """Names and car models count as keywords when they occur (sorted once per context, not
        once per note: a team's vault names 10,000 customers)."""
        return tuple(sorted(self.directory.customers | self.directory.models))


@dataclass
class Draft:
    """Facts of one note while the extractors fill them in."""

    mentions: list[Mention]
    deals: list = None
    commitments: list = None
    completions: list = None
    steps: list = None
    mistakes: list = None
    terms: list = None


def _deals(note: Note, ctx: Context, draft: Draft, problems: list[Problem]) -> None:
    deals, found = extract_deals(note, ctx.config.stage_names, ctx.directory.aliases)
    draft.deals = deals
    problems.extend(found)


def _commitments(note: Note, ctx: Context, draft: Draft, problems: list[Problem]) -> None:
    draft.commitments, draft.completions, draft.steps = extract_commitments(
        note, draft.mentions, ctx.calendar, ctx.staff)
    problems.extend(impossible_dates(draft.commitments, note.date))


def _mistakes(note: Note, ctx: Context, draft: Draft, problems: list[Problem]) -> None:
    draft.mistakes = extract_mistakes(note, draft.mentions, ctx.staff)


def _terms(note: Note, ctx: Context, draft: Draft, problems: list[Problem]) -> None:
    from .text.keywords import note_terms

    text = "\n".join(line.text for line in note.lines if line.kind is not BlockKind.HEADING)
    counts = note_terms(text, ctx.finder.segmenter, ctx.extra_words)
    draft.terms = sorted(counts.items())


EXTRACTORS: tuple[tuple[str, Callable[[Note, Context, Draft, list[Problem]], None]], ...] = (
    ("deals", _deals),
    ("commitments", _commitments),
    ("mistakes", _mistakes),
    ("terms", _terms),
)


def make_context(notes: list[Note], config: Config, segmenter: Segmenter | None = None,
                 contributions: list[Contribution] | None = None) -> Context:
    """The vault's directory of people (front matter, config, and what the notes themselves
    reveal), and the tools every extractor uses."""
    segmenter = segmenter or Segmenter(user_cache_dir())
    if contributions is None:
        contributions = [contribution(note, segmenter) for note in notes]
    return context_for(merge(contributions, config), config, segmenter)


def context_for(directory: Directory, config: Config, segmenter: Segmenter) -> Context:
    finder = CustomerFinder(directory, segmenter, tag_unknown=False)
    return Context(config, directory, finder, WorkdayCalendar())


def extract_note(note: Note, ctx: Context) -> tuple[NoteFacts, dict[str, str], list[Problem]]:
    """All facts of one note, the aliases it teaches (王总（王建国）), and its problems."""
    problems: list[Problem] = []
    mentions, taught = find_mentions(note, ctx.finder)
    draft = Draft(mentions=mentions)
    ctx.calendar.fallback_years.clear()
    for name, stage in EXTRACTORS:
        try:
            stage(note, ctx, draft, problems)
        except Exception as exc:  # an extractor bug must not stop the other notes
            problems.append(Problem(note.path, 1, f"{name} extractor failed: {exc!r}", "internal"))
    for year in sorted(ctx.calendar.fallback_years):
        # chinese-calendar knows holidays only for published years: say so, do not guess
        line = next((c.source.line for c in draft.commitments or () if c.due and c.due.year == year), 1)
        problems.append(Problem(note.path, line, f"working days in {year} counted Monday–Friday: "
                                "the holiday calendar for that year is not published yet "
                                "(upgrade chinesecalendar when it is)", "workdays", Severity.WARNING))
    if note.written:
        draft, taught = _as_written(note, draft, taught)
    return facts_from(note, draft), taught, problems


def _as_written(note: Note, draft: Draft, taught: dict[str, str]) -> tuple[Draft, dict[str, str]]:
    """Facts found in the reading of a note in traditional characters or Cantonese, with its
    names and quoted words as the note wrote them."""
    from .text.script import Written

    differ = {number for number, _, _ in note.written}
    written = Written(note.written, note.traditional,
                      "\n".join(line.text for line in note.lines if line.line not in differ))
    name, text = written.name, written.text

    def texts(items, *fields: str) -> list:
        return [replace(item, **{f: (name if f == "customer" else text)(getattr(item, f), item.source.line)
                                 for f in fields}) for item in items or ()]

    draft.mentions = [replace(m, name=name(m.name, m.source.line), surface=name(m.surface, m.source.line),
                              context=text(m.context, m.source.line)) for m in draft.mentions]
    draft.deals = [replace(d, customer=name(d.customer, d.source.line),
                           **{f: text(getattr(d, f), d.source.line) for f in _DEAL_TEXTS if getattr(d, f)})
                   for d in draft.deals or ()]
    draft.commitments = texts(draft.commitments, "text", "customer")
    draft.completions = texts(draft.completions, "text", "customer")
    draft.steps = texts(draft.steps, "text", "customer")
    draft.mistakes = texts(draft.mistakes, "text")
    return draft, {name(alias): name(full) for alias, full in taught.items()}


_DEAL_TEXTS = ("model", "lead_source", "purchase_time", "decision_maker", "next_step")


def facts_from(note: Note, draft: Draft) -> NoteFacts:
    customers: list[str] = []
    for m in sorted(draft.mentions, key=lambda m: m.source.line):
        if m.name not in customers:
            customers.append(m.name)
    tags = note.meta.get("tags", note.meta.get("标签"))
    tags = tuple(str(t) for t in tags) if isinstance(tags, list) else (str(tags),) if tags else ()
    body, digests, facts_at = _substance(note, draft)
    terms = draft.terms or ()
    # Names and terms recur in thousands of notes: one string object each (also in the cache,
    # which pickles a shared object once), not one per note. Likewise one Source per line and
    # one context per line within a note: a ten-year vault holds over a million of them.
    sources: dict[int, Source] = {}
    contexts: dict[str, str] = {}

    def shared(items) -> tuple:
        out = []
        for item in items or ():
            source = sources.setdefault(item.source.line, item.source)
            out.append(item if source is item.source else replace(item, source=source))
        return tuple(out)

    mentions = tuple(replace(m, name=intern(m.name), surface=intern(m.surface),
                             source=sources.setdefault(m.source.line, m.source),
                             context=contexts.setdefault(m.context, m.context))
                     for m in draft.mentions)
    return NoteFacts(
        path=note.path, date=note.date, author=note.author,
        customers=tuple(intern(name) for name in customers), mentions=mentions,
        deals=shared(draft.deals), commitments=shared(draft.commitments),
        completions=shared(draft.completions), customer_steps=shared(draft.steps),
        mistakes=shared(draft.mistakes), tags=tags,
        body_lines=body, line_digests=digests, fact_lines=facts_at,
        terms=tuple(intern(term) for term, _ in terms), term_counts=tuple(count for _, count in terms))


_NOT_TEXT = re.compile(r"[\s\W_]+")


def _substance(note: Note, draft: Draft) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """The body lines, a digest of each (so text copied from earlier notes can be
    recognised), and which of them carry a fact (a customer, an amount, a promise, a mistake…)."""
    import hashlib

    from .text.amounts import find_amounts

    facts_at = {m.source.line for m in draft.mentions}
    for group in (draft.commitments, draft.completions, draft.steps, draft.mistakes):
        facts_at.update(item.source.line for item in group or ())
    body: list[int] = []
    digests: list[int] = []
    for line in note.lines:
        if line.kind is BlockKind.HEADING:
            continue
        core = _NOT_TEXT.sub("", line.text)
        if not core:
            continue
        body.append(line.line)
        digests.append(int.from_bytes(hashlib.sha1(core.encode("utf-8")).digest()[:6], "big"))
        if line.line not in facts_at and find_amounts(line.text):
            facts_at.add(line.line)
    return tuple(body), tuple(digests), tuple(sorted(facts_at.intersection(body)))


# --------------------------------------------------------------------------------------------
# Vault-level steps: pure functions over every note's facts
# --------------------------------------------------------------------------------------------


class AliasEvidence:
    """The mentions the learned aliases are weighed from, counted note by note, so that a
    watcher's change adjusts counts instead of re-reading every mention in the vault."""

    def __init__(self, all_facts: list[NoteFacts] = ()) -> None:
        # (writer, form as written) -> the names it was folded to
        self.folded: dict[tuple[str, str], dict[str, int]] = {}
        self.full_names: dict[str, int] = {}  # full names mentioned
        self.bare: dict[str, int] = {}  # short forms left as written (何姐)
        self.english_full: dict[tuple[str, str], int] = {}  # (writer, "Chan Kok Wai") mentioned
        self.english_chosen: dict[tuple[str, str], int] = {}  # …of those, listed in a front matter
        self._notes: dict[str, NoteFacts] = {}
        # `aliases` reads which forms and names are counted, not how often: a count that
        # comes or goes bumps the shape, and the last answer holds while the shape does
        self._shape = 0
        self._answer: tuple | None = None  # (shape, taught, directory, learned)
        self.update(all_facts)

    def update(self, all_facts: list[NoteFacts]) -> None:
        """Count exactly the mentions of `all_facts` (unchanged notes: the same objects)."""
        current = {f.path: f for f in all_facts}
        changes: dict[str, NoteFacts | None] = dict.fromkeys(self._notes.keys() - current.keys())
        changes.update((path, f) for path, f in current.items() if self._notes.get(path) is not f)
        self.apply(changes)

    def apply(self, changes: dict[str, NoteFacts | None]) -> None:
        """Count these notes' new mentions (None: the note is gone); the others stay."""
        for path, facts in changes.items():
            old = self._notes.get(path)
            if old is facts:
                continue
            if old is not None:
                self._count(old, -1)
            if facts is None:
                del self._notes[path]
            else:
                self._count(facts, 1)
                self._notes[path] = facts

    def notes(self) -> list[NoteFacts]:
        """The facts counted, in path order."""
        return [self._notes[path] for path in sorted(self._notes)]

    def _count(self, facts: NoteFacts, step: int) -> None:
        def bump(counts: dict, key: str) -> None:
            left = counts.get(key, 0) + step
            if left == step:
                self._shape += 1
            if left:
                counts[key] = left
            else:
                del counts[key]
                self._shape += 1

        scope = _writer_scope(facts.path)
        for m in facts.mentions:
            if is_full_name(m.name):
                bump(self.full_names, (scope, m.name))
            elif _ENGLISH_FULL_NAME.fullmatch(m.name):
                bump(self.english_full, (scope, m.name))
                if m.rule in ("front-matter", "deal"):
                    bump(self.english_chosen, (scope, m.name))
            if m.name != m.surface and not is_full_name(m.surface):
                names = self.folded.setdefault((scope, m.surface), {})
                bump(names, m.name)
                if not names:
                    del self.folded[(scope, m.surface)]
            elif m.name == m.surface and not is_full_name(m.surface):
                bump(self.bare, (scope, m.surface))

    def aliases(self, taught: dict[tuple[str, str], str], directory: Directory) -> dict[str, str]:
        """Honorific forms the vault resolves to exactly one full name (王总 → 王建国).

        Evidence: a note folded the form (it named one customer with that surname), a note
        wrote `王总（王建国）` (`taught`: (writer, form) -> name), or the vault's known customers
        hold exactly one full name with the surname *and* the form was folded somewhere. Forms
        that fold to two people stay as written — unless each writer of a team's vault means
        one of them: then the form folds within each writer's notes (`scoped_alias` keys).
        """
        answer = self._answer
        if answer is not None and answer[0] == self._shape and answer[2] is directory and answer[1] == taught:
            return answer[3]  # a save that only said the same names again (most of them)
        learned = self._learn(taught, directory)
        self._answer = (self._shape, dict(taught), directory, learned)
        return learned

    def _learn(self, taught: dict[tuple[str, str], str], directory: Directory) -> dict[str, str]:
        targets: dict[str, set[str]] = {}
        scoped: dict[tuple[str, str], set[str]] = {}
        for (scope, form), names in self.folded.items():
            targets.setdefault(form, set()).update(names)
            scoped.setdefault((scope, form), set()).update(names)
        for (scope, alias), name in taught.items():
            targets.setdefault(alias, set()).add(name)
            scoped.setdefault((scope, alias), set()).add(name)
        # a form one writer resolved, that another writer also writes with no evidence of their
        # own, may be someone else there (two salespeople's 陈先生): it folds for the first only
        evidenced: dict[str, set[str]] = {}
        for scope, form in (*self.folded, *taught):
            evidenced.setdefault(form, set()).add(scope)
        elsewhere: dict[str, set[str]] = {}
        for scope, form in self.bare:
            elsewhere.setdefault(form, set()).add(scope)
        learned = {alias: next(iter(names)) for alias, names in targets.items()
                   if len(names) == 1 and alias not in directory.aliases
                   and not (elsewhere.get(alias, set()) - evidenced.get(alias, set()) - {""})}
        for (scope, form), names in scoped.items():
            if scope and len(names) == 1 and form not in learned and form not in directory.aliases:
                learned[scoped_alias(scope, form)] = next(iter(names))
        # Last resort: the writer's notes know exactly one customer with that surname (何姐 →
        # 何丽); in a team's vault, in every writer's folder where the form is written.
        by_surname: dict[tuple[str, str], set[str]] = {}
        for scope, name in self.full_names:
            if name not in directory.relatives:  # 陆师傅 is not his cousin 陆海军
                by_surname.setdefault((scope, surname_of(name) or ""), set()).add(name)
        scopes: dict[str, set[str]] = {}
        for scope, surface in self.bare:
            scopes.setdefault(surface, set()).add(scope)
        # Mr. Chan → Chan Kok Wai, Ms. Lin → Lin Jing: the one English full name of the writer's
        # customers that has the word, surname first or last
        english: dict[tuple[str, str], set[str]] = {}
        for scope, name in self.english_full:
            if name in directory.relatives:
                continue  # Mr. Song is not his daughter Song Xiaoyu
            words = name.split()
            for word in {words[0], words[-1]}:
                english.setdefault((scope, word), set()).add(name)
        for surface, where in scopes.items():
            if surface in learned or surface in directory.aliases:
                continue
            titled = _TITLED_ENGLISH.fullmatch(surface)
            lookups = [(by_surname, surname_of(surface) or "")]  # Mr. Wang → 王建国 too
            if titled:
                lookups.append((english, titled.group(1)))
            for index, key in lookups:
                candidates = [index.get((scope, key), set()) for scope in sorted(where)]
                if all(len(c) == 1 for c in candidates) and len(set().union(*candidates)) == 1:
                    learned[surface] = next(iter(candidates[0]))
                    break
                if any(len(c) == 1 for c in candidates):  # two writers, two people: each their own
                    for scope, found in zip(sorted(where), candidates):
                        if scope and len(found) == 1 and scoped_alias(scope, surface) not in learned:
                            learned[scoped_alias(scope, surface)] = next(iter(found))
                    break
        self._pinyin_pairs(learned, directory, taught)
        # 王姐 … 定金收据上写的王丽萍: what the writer says a form of address is beats the guess of
        # a note that names one other customer with that surname (王姐 → 王俊)
        for (scope, form), name in taught.items():
            if not is_full_name(form) and form not in directory.aliases:
                learned[TAUGHT_FORM + (scoped_alias(scope, form) if scope else form)] = name
        return learned

    def _pinyin_pairs(self, learned: dict[str, str], directory: Directory,
                      taught: dict[tuple[str, str], str]) -> None:
        """Zhao Yating and 赵雅婷 are one customer: a writer's Latin full name that spells in
        pinyin exactly one of the Chinese full names in their notes folds to it — unless their
        front matter lists the Latin one (`customers: [Chen Jing]`): then that spelling is the
        writer's own, and the characters fold to it. Lisa Wu is 吴佳琪 when the notes say Lisa
        is (`Her driving licence says 吴佳琪`) and Wu spells 吴."""
        if not self.english_full:
            return
        from .text.romanise import spells, spells_surname

        for scope, latin in sorted(self.english_full):
            words = latin.split()
            given = taught.get((scope, words[0])) or directory.aliases.get(words[0]) if len(words) == 2 else None
            key = scoped_alias(scope, latin) if scope else latin
            if given and is_full_name(given) and not given.isascii() and spells_surname(words[1], given) \
                    and latin not in directory.aliases and latin not in learned and key not in learned:
                learned[key] = given

        chinese: dict[str, list[str]] = {}
        latin_scopes = {scope for scope, _ in self.english_full}
        for scope, name in self.full_names:
            if scope in latin_scopes:
                chinese.setdefault(scope, []).append(name)
        for scope, latin in sorted(self.english_full):
            found = [name for name in chinese.get(scope, ()) if spells(latin, name)]
            if len(found) != 1:
                continue
            alias, name = ((found[0], latin) if (scope, latin) in self.english_chosen else (latin, found[0]))
            if alias in directory.aliases or alias in learned:
                continue
            learned[scoped_alias(scope, alias) if scope else alias] = name


# the key of a form of address as the writer named it: it folds by the form written, whatever
# name a note guessed for it
TAUGHT_FORM = "\x1e"


def scoped_alias(scope: str, form: str) -> str:
    """The key of an alias that holds in one writer's notes only."""
    return f"{scope}\x1f{form}"


_ENGLISH_FULL_NAME = re.compile(r"(?!(?:" + "|".join(ENGLISH_FORMS) + r"|Sir|Boss|Ah)\b)"
                                rf"{LATIN_WORD}+(?: {LATIN_NAME_WORD}){{1,3}}")
_TITLED_ENGLISH = re.compile(rf"(?:Mr|Mrs|Ms|Miss|Dr|Sr|Sra|Srta)\.? ({LATIN_WORD}+)")


# folders that hold a vault's notes whoever wrote them: not a writer's name
_NOTES_FOLDERS = frozenset({"notes", "note", "daily", "dailies", "journal", "journals", "diary",
                            "log", "logs", "日记", "日志", "笔记", "日报", "工作日志", "销售日志"})


@lru_cache(maxsize=None)
def _writer_scope(path: str) -> str:
    """The writer a note belongs to in a team's vault: its first folder that is neither a date
    (2026/11/…) nor a folder for everyone's notes (notes/, Daily/, 日志/), so 王芳/2026-11-02.md
    and notes/王芳/2026/… are both 王芳's; "" when there is none (one writer's vault)."""
    for folder in path.split("/")[:-1]:
        if not folder[:1].isdigit() and folder.casefold() not in _NOTES_FOLDERS:
            return folder
    return ""


def fold_aliases(facts: NoteFacts, aliases: dict[str, str]) -> NoteFacts:
    if not aliases:
        return facts
    named = {m.name for m in facts.mentions}.union(
        facts.customers, (d.customer for d in facts.deals),
        (c.customer for c in facts.commitments), (c.customer for c in facts.completions),
        (s.customer for s in facts.customer_steps))
    scope = _writer_scope(facts.path)

    def taught(m: Mention) -> str | None:
        return aliases.get(TAUGHT_FORM + (scoped_alias(scope, m.surface) if scope else m.surface))

    retaught = [taught(m) for m in facts.mentions]
    if aliases.keys().isdisjoint(named) and (
            not scope or aliases.keys().isdisjoint(scoped_alias(scope, n) for n in named if n)) \
            and all(t is None or t == m.name for t, m in zip(retaught, facts.mentions)):
        return facts  # most notes: nothing to fold, keep the very same object

    def fold(name: str | None) -> str | None:
        if not name:
            return name
        return aliases.get(scoped_alias(scope, name), aliases.get(name, name)) if scope else aliases.get(name, name)

    mentions = tuple(replace(m, name=t or fold(m.name)) for t, m in zip(retaught, facts.mentions))
    customers: list[str] = []
    names = (fold(c) for c in facts.customers) if not any(retaught) else \
        (m.name for m in sorted(mentions, key=lambda m: m.source.line))
    for name in names:
        if name not in customers:
            customers.append(name)
    return replace(
        facts, mentions=mentions, customers=tuple(customers),
        deals=tuple(replace(d, customer=fold(d.customer)) for d in facts.deals),
        commitments=tuple(replace(c, customer=fold(c.customer)) for c in facts.commitments),
        completions=tuple(replace(c, customer=fold(c.customer)) for c in facts.completions),
        customer_steps=tuple(replace(s, customer=fold(s.customer)) for s in facts.customer_steps))


_TIME_WORDS = re.compile(
    r"今天|明天|后天|大后天|今晚|明早|明晚|上午|下午|晚上|早上|中午|[本这下上]?周[一二三四五六日天末]?[前内]?|"
    r"月底|月初|[0-9一二三四五六七八九十两]+(?:天|日|号|点|个工作日)[内前后]?|之前|以前|前|已经|已|了|"
    r"记得|答应|要|给|把|\[.\]")


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z]{3,}")
_STOP = frozenset({"the", "and", "for", "with", "to", "about", "before", "after", "his", "her",
                   "him", "them", "this", "that", "from", "will", "have", "has", "versions", "two"})


@lru_cache(maxsize=65536)
def _bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the Chinese, whole words of the English (translated where the
    glossary knows them), time words and filler removed. Cached: a watcher links the same
    promises after every save."""
    text = _TIME_WORDS.sub(" ", sinicise(text))
    grams: set[str] = set()
    for run in _CJK_RUN.findall(text):
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            grams.add(run)
    grams.update(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP)
    return frozenset(grams)


STATES_KEPT = 3  # checkpoints that keep the scan's state (see `_scan`)
COMMON_TERM = 64  # a term held by more open promises than this does not pick candidates
KEEP_WINDOW_DAYS = 120  # a report of work done keeps a promise made at most this long before


def link_completions(all_facts: list[NoteFacts]) -> dict[Source, Source]:
    """Commitment source → the later completion (or repeated-and-checked item) that kept it.

    A completion keeps the most similar open commitment made before it (within
    KEEP_WINDOW_DAYS), to the same customer when both name one. A to-do copied forward into
    later notes is the same promise: the completion keeps every open copy of it. Candidates
    come from an index of the terms they share, so a ten-year vault stays fast.
    """
    return PromiseLinker().link(all_facts)


def _link_key(facts: NoteFacts) -> tuple[dt.date, str]:
    return (facts.date or dt.date.min, facts.path)


class PromiseLinker:
    """`link_completions`, resumable. The scan goes through the notes in date order; at the
    first note of every month it remembers the promises still open. Only those (and the notes
    from there on) decide what happens next, so after a change the scan restarts at the month
    of the earliest changed note instead of at the beginning of the vault."""

    def __init__(self) -> None:
        self.kept: dict[Source, Source] = {}
        self._closed_at: dict[Source, tuple[dt.date, str]] = {}  # which note's turn closed it
        # (note key, open items, the scan's state there or None)
        self._checkpoints: list[tuple[tuple[dt.date, str], tuple, tuple | None]] = []
        self.scanned = 0  # how many notes the last link went through (resumed: fewer than all)
        self.changed: frozenset[Source] = frozenset()  # promises the last link kept otherwise

    def link(self, all_facts: list[NoteFacts], since: tuple[dt.date, str] | None = None,
             ordered: bool = False) -> dict[Source, Source]:
        """Link every note's completions; `since`: the earliest key (date, path) of a note
        that changed since the last call (None: scan everything). `ordered`: `all_facts` is
        already sorted by `_link_key`."""
        self.relink(all_facts if ordered else sorted(all_facts, key=_link_key), since)
        return dict(self.kept)

    def relink(self, ordered: list[NoteFacts], since: tuple[dt.date, str] | None) -> None:
        """`link` of notes already in `_link_key` order, leaving the result in `kept`."""
        resume = None
        if since is not None and self._checkpoints:
            at = bisect.bisect_right([k for k, *_ in self._checkpoints], since) - 1
            if at >= 0:
                resume = at
        dropped: dict[Source, Source] | None = None  # resumed: the links taken back to redo
        if resume is None:
            before = self.kept
            self.kept, self._closed_at, self._checkpoints = {}, {}, []
            start, open_now, state = 0, (), None
        else:
            key, open_now, state = self._checkpoints[resume]
            del self._checkpoints[resume:]
            dropped = {}
            for source in [s for s, k in self._closed_at.items() if k >= key]:
                del self._closed_at[source]
                dropped[source] = self.kept.pop(source)
            start = bisect.bisect_left(ordered, key, key=_link_key)
        # the day just changed is where the next change will most likely be (today's note)
        hot = since[0] if since is not None and dt.date.min < since[0] < dt.date.max else None
        closed: list[Source] = []
        self._scan(ordered, start, open_now, state, hot, closed)
        # which promises are kept otherwise than before this call
        if dropped is None:  # scanned from the start: compare it all
            self.changed = frozenset(source for source, _ in before.items() ^ self.kept.items())
        else:
            self.changed = frozenset(source for source in dropped.keys() | set(closed)
                                     if dropped.get(source) != self.kept.get(source))
        for index, (key, open_items, state) in enumerate(self._checkpoints[:-STATES_KEPT]):
            if state is not None and key[0] != hot:  # a watcher passes many days and months
                self._checkpoints[index] = (key, _made_and_promised(open_items), None)

    def _scan(self, ordered: list[NoteFacts], start: int, open_now: tuple, state: tuple | None,
              hot: dt.date | None = None, closed: list[Source] | None = None) -> None:
        """Scan from `ordered[start]` with the promises `open_now`, or with the scan's own
        `state` saved at that checkpoint (the latest checkpoints keep it: a watcher resumes
        there after almost every save, and rebuilding the term index of every open promise
        costs more than the few notes scanned after it)."""
        from collections import deque

        resumed_at = _link_key(ordered[start]) if start < len(ordered) else None
        self.scanned = len(ordered) - start
        # The indexes hold (path, line) pairs, not Sources: a tuple hashes and sorts in C, a
        # frozen dataclass in Python (two thirds of a ten-year vault's link went there).
        if state is not None:
            open_items, by_term, by_text, queue = _copy_scan_state(state)
        else:
            # (path, line) -> (day made, commitment, its terms, its copy key)
            open_items: dict[tuple[str, int], tuple[dt.date, Commitment, frozenset[str], str]] = {}
            by_term: dict[str, set[tuple[str, int]]] = {}
            by_text: dict[str, list[tuple[str, int]]] = {}
            queue: deque[tuple[dt.date, tuple[str, int]]] = deque()
        kept, closed_at = self.kept, self._closed_at
        last_day = ordered[-1].date if ordered else None
        # the latest checkpoints keep a state: a full scan's at the first notes of the last two
        # months (a vault holds plans written ahead, so today is often in the month before its
        # last note's) and of the last day; a watcher's at the day it changed (`hot`), where
        # the next save most likely falls (copying a state at each later checkpoint again
        # after every save cost more than the one resume it would save)
        keep_state_from = _month_before(last_day) if last_day is not None else dt.date.max

        def remember(day: dt.date, commitment: Commitment) -> None:
            terms = _bigrams(commitment.text)
            copy_key = _copy_key(commitment)
            at = (commitment.source.path, commitment.source.line)
            open_items[at] = (day, commitment, terms, copy_key)
            for term in terms:
                holders = by_term.get(term)
                if holders is None:
                    by_term[term] = {at}
                else:
                    holders.add(at)
            by_text.setdefault(copy_key, []).append(at)
            queue.append((day, at))

        def forget(at: tuple[str, int]) -> tuple | None:
            item = open_items.pop(at, None)
            if item is not None:  # the indexes hold open promises only (a checkpoint copies them)
                for term in item[2]:
                    holders = by_term.get(term)
                    if holders is not None:
                        holders.discard(at)
                        if not holders:
                            del by_term[term]
                copies = by_text.get(item[3])
                if copies is not None:
                    copies.remove(at)
                    if not copies:
                        del by_text[item[3]]
            return item

        if state is None:
            for day, commitment, *_ in open_now:  # the promises open at the checkpoint, in scan order
                remember(day, commitment)
        month = None
        previous_day = None
        for facts in ordered[start:]:
            day = facts.date or dt.date.min
            key = _link_key(facts)
            new_month = (day.year, day.month) != month
            new_day = previous_day != day
            if new_month or (new_day and day in (last_day, hot)):
                month = (day.year, day.month)
                saved = None
                if state is not None and key == resumed_at:
                    saved = state  # the checkpoint resumed from: its state is still the same
                elif facts.date is not None and (day == hot or hot is None and facts.date >= keep_state_from):
                    saved = _copy_scan_state((open_items, by_term, by_text, queue))
                # with a state, the open promises as the state holds them (no tuple built per
                # checkpoint: a watcher's link makes three); without one, what a resume needs
                held = tuple(open_items.values())
                self._checkpoints.append((key, held if saved is not None else _made_and_promised(held), saved))
            previous_day = day

            def close(at: tuple[str, int], by: Source) -> None:
                item = forget(at)
                if item is not None:
                    kept[item[1].source] = by
                    closed_at[item[1].source] = key
                    if closed is not None:
                        closed.append(item[1].source)

            for commitment in facts.commitments:  # this note's promises can be kept later in it
                remember(day, commitment)
            oldest = day - dt.timedelta(days=KEEP_WINDOW_DAYS) if day != dt.date.min else dt.date.min
            while queue and queue[0][0] < oldest:  # too old to be kept by a report any more
                forget(queue.popleft()[1])
            for completion in facts.completions:
                here = (completion.source.path, completion.source.line)
                same_line = open_items.get(here)
                if same_line is not None and completion.after_promise:
                    # 答应…今晚发给他。晚上已经发过去了: kept on the same line
                    for at in list(by_text.get(same_line[3], [here])):
                        close(at, completion.source)
                    close(here, completion.source)
                    continue
                done = _bigrams(completion.text)
                if not done:
                    continue
                candidates: set[tuple[str, int]] = set()
                for term in done:
                    holders = by_term.get(term)
                    if holders is not None and len(holders) <= COMMON_TERM:
                        candidates |= holders  # 王总, 客户: shared by everything, says nothing
                best: tuple[float, tuple[str, int]] | None = None
                customer, size, path = completion.customer, len(done), here[0]
                for at in candidates:  # the best score wins, ties to the latest (path, line)
                    made, commitment, promise, _ = open_items[at]
                    if made > day or (made == day and at[0] == path):
                        continue
                    same_customer = False
                    if customer and commitment.customer:
                        if customer != commitment.customer:
                            continue
                        same_customer = True
                    common = len(promise & done)
                    score = 2 * common / (len(promise) + size)
                    threshold = 0.34 if same_customer else 0.5
                    if score < threshold and same_customer and common >= 3 \
                            and common / min(len(promise), size) >= 0.4:
                        score = threshold  # a report in other words (or another language)
                    if score >= threshold and (best is None or (score, at) > best):
                        best = (score, at)
                if best is not None:
                    for at in list(by_text.get(open_items[best[1]][3], [best[1]])):
                        close(at, completion.source)
                    close(best[1], completion.source)


def _made_and_promised(open_items: tuple) -> tuple:
    """(day made, commitment) of each open promise: a checkpoint without a state keeps no
    terms (a ten-year vault's checkpoints would hold every promise's bigrams)."""
    return tuple((day, commitment) for day, commitment, *_ in open_items)


def _month_before(day: dt.date) -> dt.date:
    """The first day of the month before `day`'s."""
    first = day.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1) if first > dt.date.min else first


def _copy_scan_state(state: tuple) -> tuple:
    open_items, by_term, by_text, queue = state
    return (dict(open_items), {term: set(holders) for term, holders in by_term.items()},
            {text: list(sources) for text, sources in by_text.items()}, queue.copy())


def _copy_key(commitment: Commitment) -> str:
    return re.sub(r"[\s\W_]+", "", commitment.text) + "\x1f" + (commitment.customer or "")


class WritersLinker:
    """Promise keeping writer by writer (`_writer_scope`): in a team's vault one salesperson's
    report keeps only their own promises, and a save links again only its writer's notes
    (at 36,500 notes by ten writers, a tenth of the notes and of the open promises)."""

    def __init__(self) -> None:
        self.linkers: dict[str, PromiseLinker] = {}
        self.kept: dict[Source, Source] = {}
        self.changed: frozenset[Source] = frozenset()  # promises the last link kept otherwise
        self.scanned = 0  # notes the last link went through, all writers together

    def link(self, by_writer: dict[str, list[NoteFacts]], since: tuple[dt.date, str] | None,
             writers: set[str] | None = None) -> dict[Source, Source]:
        """`by_writer`: each writer's notes in date order (undated last). `since`: as for
        `PromiseLinker.link`; `writers`: the only writers with a changed note (None: any)."""
        changed: set[Source] = set()
        self.scanned = 0
        for writer in [w for w in self.linkers if w not in by_writer]:  # their last note went
            gone = self.linkers.pop(writer).kept
            changed.update(gone)
            for source in gone:
                del self.kept[source]
        for writer, notes in by_writer.items():
            linker = self.linkers.get(writer)
            if linker is None:
                linker = self.linkers[writer] = PromiseLinker()
            elif writers is not None and writer not in writers:
                continue
            linker.relink(_in_link_order(notes), since)
            self.scanned += linker.scanned
            changed.update(linker.changed)
            for source in linker.changed:
                by = linker.kept.get(source)
                if by is None:
                    self.kept.pop(source, None)
                else:
                    self.kept[source] = by
        self.changed = frozenset(changed)
        return dict(self.kept)


@dataclass(frozen=True)
class VaultFacts:
    """Every note's facts, aliases folded, with which commitments were kept and where."""

    notes: tuple[NoteFacts, ...]
    kept: dict[Source, Source]
    problems: tuple[Problem, ...]
    directory: Directory
    # what changed since the facts of the generation before (a watcher's previous update);
    # None: not known, compare all
    generation: int = 0
    changes: VaultChanges | None = None

    def changes_since(self, before: VaultFacts | None) -> VaultChanges | None:
        """What changed since `before`, when these facts say so (None: compare all)."""
        if before is None or self.generation != before.generation + 1:
            return None
        return self.changes


@dataclass(frozen=True)
class VaultChanges:
    """One step of a watcher's facts: the notes whose folded facts changed (path -> (old, new);
    None: not there) and the promises kept otherwise than before."""

    notes: dict[str, tuple[NoteFacts | None, NoteFacts | None]]
    kept: frozenset[Source]


@dataclass
class LinkSnapshot:
    """The promise linker as the last `finish` left it and the cache entries it linked, saved
    with the cache: a new process (`build`, a watcher starting) resumes promise keeping at the
    earliest note changed since, instead of scanning a ten-year vault again. `entries` is the
    very dict of that link (a refresh makes a new one; `Cache.load` applies a journal to a
    copy), so keeping it costs nothing per save and nothing extra in the pickle."""

    aliases: dict[str, str] | None
    entries: dict
    linker: WritersLinker
    # the alias evidence counted over those entries' facts (the same objects in the pickle, so a
    # new process recounts only the notes changed since: counting them all took a second)
    evidence: AliasEvidence | None = None

    def first_change(self, entries: dict) -> tuple[dt.date, str] | None:
        """The earliest link key of a note added, removed or changed since (None: none was).
        A note held at its last good facts has no digest: always counted as changed."""
        then, now = _linked_notes(self.entries), _linked_notes(entries)
        keys = [key for rel, (digest, directory, key) in now.items()
                if not digest or then.get(rel) != (digest, directory, key)]
        keys += [key for rel, (digest, _, key) in then.items() if not digest or now.get(rel) != then[rel]]
        return min(keys) if keys else None


def _linked_notes(entries: dict) -> dict[str, tuple[str, str, tuple[dt.date, str]]]:
    """What decides a note's part in promise keeping: its content, the directory it was read
    with, and its place in date order."""
    return {rel: (entry.digest, entry.directory, _entry_key(rel, entry))
            for rel, entry in entries.items() if entry.facts is not None}


@dataclass
class VaultMemory:
    """What the vault-level steps keep between two calls of `finish` (a watcher's updates):
    the folding they used, each note's folded facts (the very same object while neither the
    note nor the folding changed, so later steps can tell changed notes by identity), and
    the resumable promise linker."""

    aliases: dict[str, str] | None = None
    folded: dict[str, tuple[NoteFacts, NoteFacts]] = field(default_factory=dict)  # path -> (raw, folded)
    linker: WritersLinker = field(default_factory=lambda: WritersLinker())
    evidence: AliasEvidence = field(default_factory=lambda: AliasEvidence())
    # the folded facts in date order (undated last), all and writer by writer: kept sorted
    # as notes change, so a save does not sort ten thousand notes again
    by_date: list[NoteFacts] | None = None
    by_writer: dict[str, list[NoteFacts]] = field(default_factory=dict)
    generation: int = 0  # how many times `finish` ran with this memory


def date_key(facts: NoteFacts) -> tuple[dt.date, str]:
    return (facts.date or dt.date.max, facts.path)


def finish(all_facts: list[NoteFacts], taught: dict[tuple[str, str], str], directory: Directory,
           problems: list[Problem], memory: VaultMemory | None = None,
           since: tuple[dt.date, str] | None = None,
           changed: dict[str, NoteFacts | None] | None = None) -> VaultFacts:
    """The vault-level steps. With the `memory` of the previous call and the earliest changed
    note (`since`), unchanged notes keep their folded facts and promise keeping resumes where
    the change falls instead of starting over. `changed` (path -> raw facts, None: gone):
    only these notes changed since that call, and `all_facts` is not read."""
    memory = memory or VaultMemory()
    if changed is None or memory.by_date is None:
        if changed is not None:
            raise ValueError("finish: `changed` needs the memory of a call with every note")
        memory.evidence.update(all_facts)
    else:
        memory.evidence.apply(changed)
    aliases = memory.evidence.aliases(taught, directory)
    if memory.aliases != aliases:
        memory.folded = {}
        since = None  # a name folds differently now: promises may match other customers
        if changed is not None:
            all_facts = memory.evidence.notes()
            changed = None
    refolded: dict[str, tuple[NoteFacts | None, NoteFacts | None]] | None = None if changed is None else {}
    if changed is None:
        folded = []
        remembered = memory.folded
        memory.folded = {}
        for raw in all_facts:
            before = remembered.get(raw.path)
            done = before[1] if before is not None and before[0] is raw else fold_aliases(raw, aliases)
            memory.folded[raw.path] = (raw, done)
            folded.append(done)
        memory.by_date = sorted(folded, key=date_key)
        memory.by_writer = {}
        for facts in memory.by_date:
            memory.by_writer.setdefault(_writer_scope(facts.path), []).append(facts)
        writers = None
    else:
        writers = {_writer_scope(path) for path in changed}
        for path, raw in sorted(changed.items()):
            before = memory.folded.get(path)
            if before is not None and before[0] is raw:
                continue
            done = None
            writer = _writer_scope(path)
            if before is not None:
                _remove_sorted(memory.by_date, before[1], date_key)
                _remove_sorted(memory.by_writer[writer], before[1], date_key)
                if not memory.by_writer[writer]:
                    del memory.by_writer[writer]
                del memory.folded[path]
            if raw is not None:
                done = fold_aliases(raw, aliases)
                memory.folded[path] = (raw, done)
                bisect.insort(memory.by_date, done, key=date_key)
                bisect.insort(memory.by_writer.setdefault(writer, []), done, key=date_key)
            refolded[path] = (before[1] if before is not None else None, done)
    memory.aliases = aliases
    memory.generation += 1
    kept = memory.linker.link(memory.by_writer, since, writers)
    changes = None if refolded is None else VaultChanges(refolded, memory.linker.changed)
    return VaultFacts(tuple(memory.by_date), kept, tuple(sorted(set(problems), key=Problem.sort_key)),
                      directory, memory.generation, changes)


def _in_link_order(by_date: list[NoteFacts]) -> list[NoteFacts]:
    """Notes in date order (undated last) → promise-keeping order (undated first, by path)."""
    undated = bisect.bisect_left(by_date, (dt.date.max, ""), key=date_key)
    return by_date if undated == len(by_date) else by_date[undated:] + by_date[:undated]


def _remove_sorted(items: list[NoteFacts], facts: NoteFacts, key: Callable) -> None:
    at = bisect.bisect_left(items, key(facts), key=key)
    if at >= len(items) or items[at] is not facts:
        raise LookupError(f"{facts.path}: not where its date puts it")
    del items[at]


WARM_UP_PATH = "warm-up.md"  # the made-up note's name: it is never read from the vault
_WARM_UP_NOTE = ("---\ncustomers: [王建国]\nstage: 试驾\namount: 25万\n---\n"
                 "- [ ] 明天下午给王总发报价单\n"
                 "今天张建华到店看车，试驾了汉兰达，忘了给他倒水。\n这台车落地二十五万八。\n").encode()


def warm_up(config: Config, segmenter: Segmenter, directory: Directory | None = None) -> None:
    """Read a made-up note through every step, facts thrown away: the extraction code, jieba's
    dictionary and its tagger, and the pattern of the vault's known names are loaded before
    the first real note needs them (a watcher's first save after a warm start waited for
    them, 1–4 s)."""
    try:
        note, _ = _parse(WARM_UP_PATH, _WARM_UP_NOTE, config)
        if note is not None:
            contribution(note, segmenter)
            extract_note(note, context_for(directory or Directory(), config, segmenter))
    except Exception:  # noqa: BLE001 - only a head start: the first real note reports any fault
        pass


def extract_notes(notes: list[Note], config: Config, problems: list[Problem],
                  segmenter: Segmenter | None = None) -> VaultFacts:
    """Pure part of the pipeline: parsed notes → vault facts."""
    ctx = make_context(notes, config, segmenter)
    all_facts: list[NoteFacts] = []
    taught: dict[tuple[str, str], str] = {}
    problems = list(problems)
    for note in notes:
        facts, teaches, found = extract_note(note, ctx)
        all_facts.append(facts)
        taught.update(((_writer_scope(note.path), alias), name) for alias, name in teaches.items())
        problems.extend(found)
    return finish(all_facts, taught, ctx.directory, problems)


def _parse(rel: str, data: bytes, config: Config) -> tuple[Note | None, list[Problem]]:
    from .parse.note import parse_note

    try:
        return parse_note(rel, data, config.author)
    except Exception as exc:  # never let one note stop the rest
        return None, [Problem(rel, 1, f"cannot read note: {exc!r}", "internal")]


def run(config: Config, *, use_cache: bool = True, segmenter: Segmenter | None = None) -> VaultFacts:
    """Edge: the whole pipeline over the notes folder, reusing cached facts where the notes
    did not change (`use_cache=False`: read everything, write no cache)."""
    from .cache import Cache

    cache = Cache(config.cache_path, config.fingerprint())
    refresher = Refresher(config, cache, segmenter)
    if use_cache:
        cache.load()
    else:
        refresher.autosave = False
    return refresher.refresh_all()


class Refresher:
    """Brings the cached facts up to date with the notes folder: a full scan, or only the
    paths a watcher reports."""

    def __init__(self, config: Config, cache, segmenter: Segmenter | None = None) -> None:
        self.config = config
        self.cache = cache
        self.segmenter = segmenter or Segmenter(user_cache_dir())
        self.scan_problems: list[Problem] = []
        self.stats = {"read": 0, "extracted": 0, "reused": 0}
        self.autosave = True  # a watcher saves when idle instead of after every change
        # a watcher keeps a note's last good facts while its front matter does not parse
        # (RELIABILITY d.6); a build reports the note as it is
        self.keep_last_good = False
        self.memory = VaultMemory()
        self.merger = DirectoryMerger()  # the vault's directory, merged note by note
        self._changed_since: tuple[dt.date, str] | None = (dt.date.min, "")  # first run: all
        self._directory_fp = ""  # the directory every note's facts were read with, but:
        self._lagging: set[str] = set()  # notes held at facts read with an older one
        self._taught_rels: set[str] = set()  # notes that teach an alias (王总（王建国）)
        self._taught: dict[tuple[str, str], str] | None = None  # what they teach
        self._problem_rels: set[str] = set()  # notes with a problem
        self._linked = False  # has this process linked promises yet (or only the saved linker)?

    def discover(self) -> tuple[list, list[Problem]]:
        from .vault import discover

        return discover(self.config.notes_dir, (self.config.output_dir, self.config.cache_path))

    def refresh_all(self) -> VaultFacts:
        return self.refresh_files(*self.discover())

    def refresh_files(self, files: list, scan_problems: list[Problem]) -> VaultFacts:
        """Bring the facts up to date with the notes a walk found (`discover`)."""
        self.scan_problems = scan_problems
        return self._refresh({f.rel: f for f in files})

    def refresh_paths(self, rels: set[str]) -> VaultFacts:
        """Re-check only `rels` (created, changed or deleted notes)."""
        from .vault import note_file

        files = {rel: note_file(self.config.notes_dir, rel) for rel in rels}  # None: gone
        return self._refresh(files, complete=False)

    def _refresh(self, files: dict, complete: bool = True) -> VaultFacts:
        """`files`: rel -> what a walk found. `complete`: they are every note of the vault
        (a note not listed is gone); else only the notes a watcher reported (None: deleted),
        and the work is in proportion to them, not to the vault."""
        import hashlib
        from dataclasses import replace as copy

        from .cache import Entry
        from .extract.people import changed_names
        from .vault import read_bytes
        from .workers import Shards, worker_count

        state = self.cache.state
        old_entries = state.entries
        entries: dict = {} if complete else dict(old_entries)
        new: dict[str, tuple] = {}  # rel -> (digest, file, data): notes to parse and extract
        fresh: dict[str, tuple] = {}  # rel -> (note, problems, digest): re-extracted for names
        for rel in sorted(files):
            file = files[rel]
            entry = old_entries.get(rel)
            if file is None:  # deleted (reported by a watcher)
                entries.pop(rel, None)
                continue
            if entry is not None and (entry.size, entry.mtime_ns, entry.inode) == (
                    file.size, file.mtime_ns, file.inode):
                entries[rel] = entry
                continue
            data, found = read_bytes(file, self.config.max_note_bytes)
            self.stats["read"] += 1
            if data is None:
                entries[rel] = Entry(file.size, file.mtime_ns, file.inode, "", None, (),
                                     _EMPTY_CONTRIBUTION, tuple(found), "")
                continue
            digest = hashlib.sha1(data).hexdigest()
            if entry is not None and entry.digest == digest:
                entries[rel] = copy(entry, size=file.size, mtime_ns=file.mtime_ns, inode=file.inode)
                continue
            new[rel] = (digest, file, data)
        with Shards(self.config, self.segmenter, worker_count(len(new))) as shards:
            parsed = {rel: (ok, problems, contrib) for rel, ok, problems, contrib
                      in shards.parse((rel, item[2]) for rel, item in new.items())}
            held = {rel for rel, (_, problems, _) in parsed.items()
                    if self.keep_last_good and _front_matter_broken(problems)
                    and old_entries.get(rel) is not None and old_entries[rel].facts is not None}
            def given(rel: str) -> Contribution | None:
                if rel in held:
                    return old_entries[rel].contribution
                if rel in parsed:
                    return parsed[rel][2]
                return entries[rel].contribution if rel in entries else None

            if complete:
                self.merger.update({rel: given(rel) for rel in entries.keys() | new.keys()})
            else:
                self.merger.apply({rel: given(rel) for rel in files})
            directory = self.merger.directory(self.config)
            directory_fp = self.merger.fingerprint(self.config)
            ctx = context_for(directory, self.config, self.segmenter)
            extracted = {rel: rest for rel, *rest in shards.extract(directory)}
        for rel, (digest, file, _) in new.items():
            ok, problems, contrib = parsed[rel]
            if rel in held:
                # a save caught mid-typing (`customers: [Acme`): the summaries keep what the
                # note said last; size -1 makes the next look read it again
                old = old_entries[rel]
                entries[rel] = Entry(-1, file.mtime_ns, file.inode, "", old.facts, old.taught,
                                     old.contribution, problems, old.directory)
                continue
            if not ok:
                entries[rel] = Entry(file.size, file.mtime_ns, file.inode, digest, None, (),
                                     _EMPTY_CONTRIBUTION, problems, directory_fp)
                continue
            facts, taught, found = extracted[rel]
            entries[rel] = Entry(file.size, file.mtime_ns, file.inode, digest, facts, taught,
                                 contrib, problems + found, directory_fp)
        # notes read before whose names may now mean someone else (a new customer 王建国
        # makes 王总 his): extracted again, here
        names = changed_names(state.directory, directory) if state.directory is not None else None
        # after a refresh every note's facts were read with its directory, but for those held
        # at their last good facts: while the directory stays, only those can lag behind it
        every_note = complete or directory_fp != self._directory_fp
        for rel in sorted(entries.keys() if every_note else self._lagging & entries.keys()):
            entry = entries[rel]
            if rel in new or entry.facts is None or entry.directory == directory_fp:
                continue
            path = self.config.notes_dir / rel
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            if names is None or any(name.encode("utf-8") in data for name in names):
                note, problems = _parse(rel, data, self.config)
                fresh[rel] = (note, problems, entry.digest)
            else:
                entries[rel] = copy(entry, directory=directory_fp)
        for rel, (note, problems, digest) in sorted(fresh.items()):
            old = entries[rel]
            if note is None:
                entries[rel] = Entry(old.size, old.mtime_ns, old.inode, digest, None, (),
                                     _EMPTY_CONTRIBUTION, tuple(problems), directory_fp)
                continue
            facts, taught, found = extract_note(note, ctx)
            entries[rel] = Entry(old.size, old.mtime_ns, old.inode, digest, facts,
                                 tuple(sorted(taught.items())), old.contribution,
                                 tuple(problems) + tuple(found), directory_fp)
        self.stats["extracted"] += len(new) + len(fresh)
        self.stats["reused"] = len(entries) - len(new) - len(fresh)
        self._directory_fp = directory_fp
        self._lagging = {rel for rel in held if entries[rel].directory != directory_fp}
        touched = entries.keys() | old_entries.keys() if every_note else files.keys() | fresh.keys()
        changed = [rel for rel in touched if entries.get(rel) is not old_entries.get(rel)]
        if changed:
            state.dirty = True
            first = min(min(_entry_key(rel, old_entries.get(rel)), _entry_key(rel, entries.get(rel)))
                        for rel in changed)
            self._changed_since = first if self._changed_since is None else min(first, self._changed_since)
        state.entries = entries
        state.directory = directory
        facts = self.vault_facts(None if every_note else changed)
        if self.autosave:  # after linking: the cache carries the linker's new state
            self.cache.save()
        return facts

    def vault_facts(self, changed: list[str] | None = None) -> VaultFacts:
        """The vault's facts from the cache entries. `changed`: the only notes whose entries
        changed since the last call (None: look at every entry)."""
        state = self.cache.state
        entries = state.entries
        first_link = not self._linked and state.links is not None
        if changed is None or first_link or self.memory.by_date is None:
            changed = None
            self._taught_rels = {rel for rel, entry in entries.items() if entry.taught}
            self._problem_rels = {rel for rel, entry in entries.items() if entry.problems}
        else:
            for rel in changed:
                entry = entries.get(rel)
                if entry is not None and entry.taught:
                    self._taught_rels.add(rel)
                elif rel in self._taught_rels:
                    self._taught_rels.discard(rel)
                else:
                    continue
                self._taught = None  # what the vault teaches changed with this note
            self._problem_rels = {rel for rel in self._problem_rels if rel in entries and entries[rel].problems}
            self._problem_rels.update(rel for rel in changed if rel in entries and entries[rel].problems)
        if changed is None or self._taught is None:
            self._taught = {}
            for rel in sorted(self._taught_rels):  # a later note's teaching wins
                scope = _writer_scope(rel)
                self._taught.update(((scope, alias), name) for alias, name in entries[rel].taught)
        problems = list(self.scan_problems)
        for rel in sorted(self._problem_rels):
            problems.extend(entries[rel].problems)
        if self.cache.warning:
            problems.append(Problem(self.cache.path.name, 1, self.cache.warning, "cache", Severity.WARNING))
        since, self._changed_since = self._changed_since, None
        if first_link:
            # the first link of this process: resume from the saved linker where it still holds
            self.memory.linker, self.memory.aliases = state.links.linker, state.links.aliases
            if state.links.evidence is not None:
                self.memory.evidence = state.links.evidence
            since = state.links.first_change(entries)
        self._linked = True
        if since is None:  # nothing changed: same facts, same links
            since = (dt.date.max, "")
        if changed is None:
            all_facts = [entries[rel].facts for rel in sorted(entries) if entries[rel].facts is not None]
            by_path = None
        else:
            all_facts = []
            by_path = {rel: entries[rel].facts if rel in entries else None for rel in changed}
        with collector_paused(len(entries)):  # folded facts, the linker's state: long-lived
            facts = finish(all_facts, self._taught, state.directory or Directory(), problems,
                           self.memory, since, changed=by_path)
        state.links = LinkSnapshot(self.memory.aliases, entries, self.memory.linker, self.memory.evidence)
        return facts


def _front_matter_broken(problems) -> bool:
    return any(p.code == "yaml" and p.severity is Severity.ERROR for p in problems)


def _entry_key(rel: str, entry) -> tuple[dt.date, str]:
    """Where a note sits in promise-keeping order (unknown date: before everything)."""
    if entry is None or entry.facts is None or entry.facts.date is None:
        return (dt.date.min, rel)
    return (entry.facts.date, rel)


_EMPTY_CONTRIBUTION = Contribution()


