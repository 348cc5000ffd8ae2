"""Who is who across the vault, from what each note contributes.

Each note contributes the customer names, aliases and car models of its front matter, the
unknown full names met in its "meeting" sentences, and the people it names as colleagues. The
contributions are small and cached per note, so the vault's directory can be rebuilt without
reading any note again; it is merged in path order, so the result never depends on timing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from ..config import Config
from ..model import Note, pickled_by_constructor
from ..text.segmenter import Segmenter
from .customers import (DOTTED_NAME, _COLLEAGUE_NAME, _FORM_OF, _HANZI, _HONORIFIC, _PREFIXED, _YOUNGEST, COLLEAGUE_TITLES,
                        ENGLISH_FORMS, LATIN_WORD, PINYIN_SURNAMES, PREFIX_SURNAMES, CustomerFinder, Directory, bosses,
                        cyrillic_names, english_colleagues, english_family_named, english_kin_named, english_named_chinese, full_names_beside_titles,
                        heading_name, introduced_names, kin_named, lead_name, linked_latin_names, met_names,
                        meta_link_aliases, names_in_meta, nicknames_called, others_colleague, paren_aliases, pinyin_glosses, salespeople, section_customer,
                        staff_by_job, with_lines_above)


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Contribution:
    customers: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    models: tuple[str, ...] = ()
    tagged: tuple[str, ...] = ()  # full names found by the tagger
    colleagues: tuple[str, ...] = ()  # names seen right after 同事/专员/评估师…
    relatives: tuple[str, ...] = ()  # full names given as someone's relative (孙女叫于小雨)


def contribution(note: Note, segmenter: Segmenter) -> Contribution:
    meta = note.meta
    customers: list[str] = []
    models: list[str] = []
    for key in ("customers", "客户", "customer", "客户名"):
        customers.extend(n for n in names_in_meta(meta.get(key)) if n)
    for key in ("deals", "商机"):
        deals = meta.get(key)
        if isinstance(deals, dict):
            deals = [deals]
        if isinstance(deals, list):
            for deal in deals:
                if isinstance(deal, dict):
                    for k in ("customer", "客户"):
                        customers.extend(names_in_meta(deal.get(k)))
                    for k in ("model", "车型"):
                        if isinstance(deal.get(k), str):
                            models.extend(w for w in deal[k].split() if len(w) >= 2)
    aliases: list[tuple[str, str]] = []
    for key in ("customers", "客户", "customer", "客户名"):  # customers: ["[[王建军|王总]]"]
        aliases.extend(meta_link_aliases(meta.get(key)))
    raw = meta.get("aliases", meta.get("别名"))
    if isinstance(raw, dict):
        for alias, name in raw.items():
            if isinstance(name, str) and name.strip() and str(alias).strip():
                aliases.append((str(alias).strip(), name.strip()))
    finder = CustomerFinder(Directory(customers=frozenset(customers), models=frozenset(models)),
                            segmenter)
    tagged: list[str] = []
    colleagues: list[str] = []
    relatives: list[str] = []
    as_written = _written_names(note)
    known = frozenset(customers)
    for line, above in with_lines_above(note.lines):
        tagged.extend(surface for surface, _, _ in finder.tagged_names(line.text))
        named = paren_aliases(line.text, above)
        tagged.extend(named.values())  # 宋雨桐（就是宋女士）: a name to know
        tagged.extend(introduced_names(line.text))  # 新来了个客户叫胡建军
        kin = kin_named(line.text, segmenter, known)  # 她老公周建平想加装…, 孙女叫于小雨
        tagged.extend(kin)
        relatives.extend(kin)
        relatives.extend(english_kin_named(line.text))  # the mother of Kenneth Ho
        tagged.extend(english_family_named(line.text))  # Priya Nair … Her husband Arjun Nair
        if as_written and kin:  # 赖冠廷 as the traditional note wrote him (賴冠廷): facts quote him so
            relatives.extend(as_written(name, line.line) for name in kin)
        tagged.extend(filter(None, [lead_name(line.text)]))  # - **Luis Hernández**, drives Uber
        tagged.extend(full_names_beside_titles(line.text))  # Sr. Ramírez… Jorge Ramírez
        tagged.extend(met_names(line.text))  # Booked Chidi Okonkwo in for Thurs
        tagged.extend(cyrillic_names(line.text))  # **Иван Петров**（Ivan Petrov…）
        tagged.extend(linked_latin_names(line.text))  # [[Lisa Wong]]
        tagged.extend(full for _, full in english_named_chinese(line.text))  # Name on the contract: 王海涛
        for latin, hanzi, kin in pinyin_glosses(line.text):  # Lin Hui (林慧): both her names
            tagged.extend((latin, hanzi))
            if kin:  # his daughter, Song Xiaoyu (宋晓雨): not her father Mr. Song
                relatives.extend((latin, hanzi))
        full, form = section_customer(line)  # ## 蔡总 / :客户: 蔡文华
        if full:
            tagged.append(full)
            if form:
                aliases.append((form, full))
        # 采购部张经理（张振宇）: a client's manager, named as a customer is — not a colleague;
        # 艾力哥（艾力·买买提）: a form no rule finds alone, made of a dotted name's first part
        aliases.extend((form, full) for form, full in named.items()
                       if form.endswith(COLLEAGUE_TITLES) or DOTTED_NAME.fullmatch(full))
        # Cindy Wang (王欣), 小美…本名赵美琪: later notes call her Cindy / 小美, names no other
        # rule finds alone
        aliases.extend((form, full) for form, full in named.items()
                       if (_ONE_LATIN_WORD.fullmatch(form) and full != form and (not full.isascii() or " " in full))
                       or (len(form) == 2 and form[0] in "小阿" and form[1] not in PREFIX_SURNAMES))
        # 大家都喊他刀哥: a customer known by that name; with a full name on the line (店里都叫他伊万
        # after **Иван Петров**, 大名叫刘长海，以前光管他叫大刘哥), another name of theirs
        fulls = set(named.values()) | set(introduced_names(line.text)) | set(cyrillic_names(line.text)) \
            | set(filter(None, [lead_name(line.text)]))
        for nickname in nicknames_called(line.text):
            if len(fulls) == 1:
                aliases.append((nickname, next(iter(fulls))))
            elif not fulls and not (_HONORIFIC.fullmatch(nickname) or _PREFIXED.fullmatch(nickname)):
                tagged.append(nickname)  # (街坊都喊他李老板: a form found anyway, no new name)
        # 跟建宏來了…合約寫陳建宏: the given name he goes by
        by_given = [full for form, full in named.items() if len(full) == 3 and form == full[1:]]
        aliases.extend((full[1:], full) for full in by_given)
        # …and another of the line's people has his surname (陳阿伯): family, not that person
        family = [full for full in by_given if re.search(_FORM_OF.format(s=re.escape(full[0])), line.text)]
        relatives.extend(family)
        if as_written and family:
            relatives.extend(as_written(name, line.line) for name in family)
        # 幺妹大名叫罗佳怡: a nickname no form-of-address rule finds alone
        aliases.extend((form, full) for form, full in named.items() if re.fullmatch(_YOUNGEST, form))
        tagged.extend(filter(None, [heading_name(line, segmenter)]))  # ### 白宇航: a section per customer
        colleagues.extend(m.group(1) for m in _COLLEAGUE_NAME.finditer(line.text)
                          if not others_colleague(line.text, m.start()))
        colleagues.extend(english_colleagues(line.text))  # Mr. Lim (my SM)
        colleagues.extend(staff_by_job(line.text))  # 交付的阿芳
        colleagues.extend(salespeople(line.text))  # 小王的客户王先生
        colleagues.extend(bosses(line.text))  # 邢总说十月目标十台: the writer's boss
    return Contribution(tuple(dict.fromkeys(customers)), tuple(aliases), tuple(dict.fromkeys(models)),
                        tuple(dict.fromkeys(tagged)), tuple(dict.fromkeys(colleagues)),
                        tuple(dict.fromkeys(relatives)))


def _written_names(note: Note):
    """name, line -> the name as a note in traditional characters or Cantonese wrote it (None
    for a note read as written)."""
    if not note.written:
        return None
    from ..text.script import Written

    differ = {number for number, _, _ in note.written}
    return Written(note.written, note.traditional,
                   "\n".join(line.text for line in note.lines if line.line not in differ)).name


_ONE_LATIN_WORD = re.compile(f"{LATIN_WORD}+")  # Cindy, Ольга: a given name alone
_GIVEN_THEN_SURNAME = re.compile(r"([A-Z][a-z]{2,})\s+[A-Z][a-z]+")


def merge(contributions: list[Contribution], config: Config) -> Directory:
    """The directory of the whole vault (contributions in path order)."""
    customers: set[str] = set()
    aliases: dict[str, str] = {}
    models: set[str] = set()
    tagged: set[str] = set()
    colleagues: set[str] = set()
    relatives: set[str] = set()
    for c in contributions:
        customers.update(c.customers)
        for alias, name in c.aliases:
            aliases.setdefault(alias, name)
        models.update(c.models)
        tagged.update(c.tagged)
        colleagues.update(c.colleagues)
        relatives.update(c.relatives)
    return _directory(customers, aliases, models, tagged, colleagues, config, relatives)


@lru_cache(maxsize=8)
def _as_read(names: frozenset[str]) -> frozenset[str]:
    """The config's names and how a note in traditional characters reads them (阿凱 → 阿凯)."""
    if not any(_HANZI.search(name) for name in names):
        return names
    from ..text.script import _simplified

    return names | {_simplified(name) for name in names}


def _directory(customers: set[str], aliases: dict[str, str], models: set[str], tagged: set[str],
               colleagues: set[str], config: Config, relatives: set[str] = frozenset()) -> Directory:
    aliases.update(config.aliases)  # the config has the last word
    customers.update(aliases.values())
    staff = _as_read(frozenset(config.colleagues))
    customers -= staff
    customers = {c for c in customers if 1 < len(c) <= 40}
    # Kevin → Kevin Zhang: an English given name alone names the one customer who has it
    given: dict[str, set[str]] = {}
    for name in customers | {t for t in tagged if t.isascii()}:  # and names met in the text: Lisa → Lisa Wong
        m = _GIVEN_THEN_SURNAME.fullmatch(name)
        # not Uncle Lim, Auntie Mary: titles; not Song Xiaoyu, named as Mr. Song's daughter
        # (pinyin puts the surname first; Kenneth Ho, named as Mrs. Ho's son, is still Kenneth)
        if m and m.group(1) not in ENGLISH_FORMS and not (name in relatives and m.group(1).lower() in PINYIN_SURNAMES):
            given.setdefault(m.group(1), set()).add(name)
    taken = customers | set(aliases) | staff | colleagues
    for first, names in sorted(given.items()):
        if len(names) == 1 and first not in taken:
            aliases.setdefault(first, next(iter(names)))
    learned_colleagues = colleagues - customers
    tagged = {t for t in tagged if not any(t in m or m.startswith(t) for m in models)
              and t[:-1] not in customers}  # 林晓 known: 林晓发(报价) is her, not a new person
    # Pei Shan: → Wong Pei Shan: an English name that ends the one longer name known
    for short in [t for t in tagged if " " in t and t.isascii()]:
        longer = [c for c in customers | tagged if c != short and c.endswith(" " + short)]
        if len(longer) == 1:
            tagged.discard(short)
            if short not in taken:
                aliases.setdefault(short, longer[0])
    return Directory(customers=frozenset(customers | (tagged - learned_colleagues)), aliases=aliases,
                     colleagues=staff | frozenset(learned_colleagues),
                     author=config.author,
                     models=frozenset(models), relatives=frozenset(relatives))


class DirectoryMerger:
    """`merge`, kept note by note: a watcher's change adjusts counts instead of merging every
    note's contribution again. An alias named by several notes still goes to the note first in
    path order."""

    _FIELDS = ("customers", "models", "tagged", "colleagues", "relatives")

    def __init__(self) -> None:
        self._by_path: dict[str, Contribution] = {}
        self._counts: dict[str, dict[str, int]] = {name: {} for name in self._FIELDS}
        self._aliases: dict[str, dict[str, str]] = {}  # alias -> {path: the name it gives}
        # the last directory made and its fingerprint, while no name came or went: a save that
        # changes no name (most of them) reuses both instead of merging ten thousand names again
        self._made: tuple[Config, Directory, str] | None = None
        self._before: dict[tuple[str, str], object] = {}

    def update(self, contributions: dict[str, Contribution]) -> None:
        """Hold exactly `contributions` (path -> contribution; unchanged: the same objects)."""
        changes: dict[str, Contribution | None] = dict.fromkeys(self._by_path.keys() - contributions.keys())
        changes.update((path, c) for path, c in contributions.items() if self._by_path.get(path) is not c)
        self.apply(changes)

    def apply(self, changes: dict[str, Contribution | None]) -> None:
        """Hold these notes' new contributions (None: the note is gone); the others stay."""
        # what each touched name and alias stood for before: a note saved again takes its
        # names out and puts them back, which leaves the directory as it was
        self._before = {}
        for path, c in changes.items():
            old = self._by_path.get(path)
            if old is c:
                continue
            if old is not None:
                self._count(path, old, -1)
            if c is None:
                del self._by_path[path]
            else:
                self._count(path, c, 1)
                self._by_path[path] = c
        if any(self._now(key) != then for key, then in self._before.items()):
            self._made = None

    def _now(self, key: tuple[str, str]) -> object:
        kind, value = key
        if kind == "alias":
            paths = self._aliases.get(value)
            return paths[min(paths)] if paths else None
        return value in self._counts[kind]

    def _count(self, path: str, c: Contribution, step: int) -> None:
        for name in self._FIELDS:
            counts = self._counts[name]
            for value in getattr(c, name):
                before = counts.get(value, 0)
                left = before + step
                if not before or not left:
                    self._before.setdefault((name, value), bool(before))
                if left:
                    counts[value] = left
                else:
                    del counts[value]
        firsts: dict[str, str] = {}
        for alias, name in c.aliases:
            firsts.setdefault(alias, name)
        for alias, name in firsts.items():
            self._before.setdefault(("alias", alias), self._now(("alias", alias)))
            paths = self._aliases.setdefault(alias, {})
            if step > 0:
                paths[path] = name
            else:
                paths.pop(path, None)
                if not paths:
                    del self._aliases[alias]

    def directory(self, config: Config) -> Directory:
        return self._make(config)[1]

    def fingerprint(self, config: Config) -> str:
        """`fingerprint(self.directory(config))`, computed once per directory made."""
        return self._make(config)[2]

    def _make(self, config: Config) -> tuple[Config, Directory, str]:
        if self._made is None or self._made[0] != config:
            counts = self._counts
            aliases = {alias: paths[min(paths)] for alias, paths in sorted(self._aliases.items())}
            made = _directory(set(counts["customers"]), aliases, set(counts["models"]),
                              set(counts["tagged"]), set(counts["colleagues"]), config,
                              set(counts["relatives"]))
            self._made = (config, made, fingerprint(made))
        return self._made


def fingerprint(directory: Directory) -> str:
    text = repr((sorted(directory.customers), sorted(directory.aliases.items()),
                 sorted(directory.colleagues), sorted(directory.models), directory.author,
                 sorted(directory.relatives)))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def changed_names(old: Directory | None, new: Directory) -> set[str]:
    """Names whose role changed between two directories: notes mentioning them must be
    extracted again."""
    if old is None:
        return set(new.customers) | set(new.aliases) | set(new.colleagues) | set(new.models)
    out = set(old.customers ^ new.customers) | set(old.colleagues ^ new.colleagues)
    out |= set(old.relatives ^ new.relatives)  # a note naming one folds its forms otherwise
    out |= set(old.models ^ new.models)
    for alias in set(old.aliases) | set(new.aliases):
        if old.aliases.get(alias) != new.aliases.get(alias):
            out.add(alias)
    return {n for n in out if n}
