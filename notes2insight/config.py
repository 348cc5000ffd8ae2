"""`notes2insight.toml`: read once into a frozen `Config`, defaults declared beside it.

The file is looked for in the notes folder and its parents, then in the current folder and its
parents. Flags given on the command line override what it says.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import LEVELS, LOST_STAGE, STAGES, Problem, Severity

CONFIG_NAME = "notes2insight.toml"

# Every stage name a note may use, mapped to the canonical Chinese stage.
DEFAULT_STAGE_NAMES: dict[str, str] = {
    "线索": "线索", "lead": "线索", "潜客": "线索", "意向": "线索",
    "到店": "到店", "visit": "到店", "进店": "到店", "来店": "到店",
    "试驾": "试驾", "test_drive": "试驾", "test drive": "试驾", "testdrive": "试驾",
    "报价": "报价", "quote": "报价", "quoted": "报价",
    "谈判": "谈判", "negotiation": "谈判", "议价": "谈判", "洽谈": "谈判",
    "订车": "订车", "order": "订车", "下定": "订车", "定车": "订车", "交定金": "订车",
    "成交": "成交", "won": "成交", "签约": "成交", "签单": "成交", "deal": "成交",
    "交车": "交车", "delivered": "交车", "delivery": "交车", "提车": "交车",
    "战败": "战败", "lost": "战败", "流失": "战败", "放弃": "战败",
}

# Front-matter keys: every English key and its Chinese equivalents.
KEY_NAMES: dict[str, str] = {
    "date": "date", "日期": "date",
    "customers": "customers", "customer_list": "customers", "客户": "customers",
    "customer": "customer", "客户名": "customer", "姓名": "customer",
    "deals": "deals", "商机": "deals", "deal": "deals",
    "stage": "stage", "阶段": "stage",
    "model": "model", "车型": "model",
    "amount": "amount", "金额": "amount", "成交价": "amount", "报价": "amount",
    "budget": "budget", "预算": "budget",
    "source": "source", "来源": "source", "渠道": "source",
    "level": "level", "级别": "level", "等级": "level",
    "purchase_time": "purchase_time", "购车时间": "purchase_time",
    "decision_maker": "decision_maker", "决策人": "decision_maker",
    "phone": "phone", "电话": "phone", "手机": "phone",
    "next": "next", "下一步": "next",
    "author": "author", "作者": "author", "rep": "author", "销售": "author",
    "tags": "tags", "标签": "tags",
    "aliases": "aliases", "别名": "aliases",
    "title": "title", "标题": "title",
    "urgency": "urgency", "紧迫度": "urgency", "紧急度": "urgency",
    "purchase_cycle": "purchase_cycle", "购车周期": "purchase_cycle",
    "weather": "weather", "天气": "weather", "mood": "mood", "心情": "mood",
}


@dataclass(frozen=True, slots=True)
class Targets:
    annual_sales: int = 4_000_000
    new_customers_per_month: int = 5
    potential_customers_per_month: int = 3
    next_year_sales: int | None = None


@dataclass(frozen=True)
class Config:
    notes_dir: Path = Path(".")
    output_dir: Path = Path("summaries")
    cache_dir: Path | None = None  # default: <notes>/.notes2insight-cache
    language: str = "zh"
    author: str | None = None
    colleagues: frozenset[str] = frozenset()
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> canonical name
    stage_names: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STAGE_NAMES))
    targets: Targets = Targets()
    follow_up_days: dict[str, int] = field(
        default_factory=lambda: {"H": 3, "A": 7, "B": 14, "C": 30})
    after_sales_days: tuple[int, ...] = (3, 30, 90)  # visits after delivery
    level_days: tuple[int, int, int] = (7, 15, 30)  # purchase within → H, A, B (else C)
    score_weights: dict[str, int] = field(default_factory=lambda: {
        "urgency": 30, "purchase_time": 30, "decision_maker": 20, "budget": 20})
    max_note_bytes: int = 2 * 1024 * 1024
    # the ledger and the dashboard list what is still actionable: promises that came due (or
    # were kept) and follow-ups that fell due within this many days; older ones are counted,
    # and each stays in the summary of its own week
    ledger_days: int = 90
    # a monthly or annual summary and the dashboard list at most this many rows per list (the
    # counts stay whole): a team's year holds thousands of promises, and a page of megabytes
    # neither opens in Obsidian nor renders on GitHub. Every row stays in its week's summary,
    # the ledger or a customer's brief. 0 lists everything.
    summary_rows: int = 50
    source_file: Path | None = None

    @property
    def cache_path(self) -> Path:
        return self.cache_dir or (self.notes_dir / ".notes2insight-cache")

    def fingerprint(self) -> str:
        """What about the config changes extraction results (part of every cache key)."""
        return repr((sorted(self.colleagues), sorted(self.aliases.items()),
                     sorted(self.stage_names.items()), self.author))


def user_cache_dir() -> Path:
    """Per-user cache (jieba's dictionary cache, the cache-signing key): shared by every vault,
    outside every vault."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "notes2insight"


def find_config(start: Path) -> Path | None:
    """The nearest `notes2insight.toml` in `start` or one of its parents."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def _read_toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    with open(path, "rb") as f:
        return tomllib.load(f)


def load_config(notes_dir: Path | None = None, config_file: Path | None = None
                ) -> tuple[Config, list[Problem]]:
    """Read the config for a notes folder. Problems in the file are reported, never fatal."""
    problems: list[Problem] = []
    path = config_file
    if path is None and notes_dir is not None:
        path = find_config(notes_dir)
    if path is None and notes_dir is None:
        path = find_config(Path.cwd())
    data: dict = {}
    if path is not None:
        try:
            data = _read_toml(path)
        except (OSError, ValueError) as exc:  # tomllib.TOMLDecodeError is a ValueError
            line = _toml_error_line(str(exc))
            problems.append(Problem(str(path), line, f"cannot read config: {exc}", "config"))
    return _build(notes_dir, path, data, problems), problems


def _toml_error_line(message: str) -> int:
    import re

    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1


def _build(notes_dir: Path | None, path: Path | None, data: dict,
           problems: list[Problem]) -> Config:
    where = str(path) if path else CONFIG_NAME
    base = path.parent if path else Path.cwd()

    def warn(message: str) -> None:
        problems.append(Problem(where, 1, message, "config", Severity.WARNING))

    def text_list(key: str) -> list[str]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            warn(f"'{key}' should be a list of names")
            return []
        return [v.strip() for v in value if v.strip()]

    folder = Path(data["notes"]) if isinstance(data.get("notes"), str) else None
    notes = notes_dir if notes_dir is not None else (base / folder if folder else base)
    output = data.get("output", "summaries")
    output_dir = Path(output) if Path(output).is_absolute() else notes / output
    cache = data.get("cache")
    cache_dir = (Path(cache) if Path(cache).is_absolute() else notes / cache) if cache else None

    aliases: dict[str, str] = {}
    raw_aliases = data.get("aliases", {})
    if isinstance(raw_aliases, dict):
        for alias, canonical in raw_aliases.items():
            if isinstance(canonical, str) and canonical.strip():
                aliases[str(alias).strip()] = canonical.strip()
            elif isinstance(canonical, list):  # 王建国 = ["王总", "老王"]
                for a in canonical:
                    if isinstance(a, str) and a.strip():
                        aliases[a.strip()] = str(alias).strip()
    else:
        warn("'aliases' should be a table such as  [aliases]  \"王总\" = \"王建国\"")

    stage_names = dict(DEFAULT_STAGE_NAMES)
    raw_stages = data.get("stages", {})
    if isinstance(raw_stages, dict):
        for stage, names in raw_stages.items():
            canonical = DEFAULT_STAGE_NAMES.get(str(stage).strip().lower())
            if canonical is None:
                warn(f"unknown stage '{stage}' in [stages]; stages are {' '.join(STAGES)} {LOST_STAGE}")
                continue
            for name in [names] if isinstance(names, str) else list(names or []):
                stage_names[str(name).strip().lower()] = canonical

    raw_targets = data.get("targets", {}) if isinstance(data.get("targets", {}), dict) else {}
    defaults = Targets()

    def target(key: str, default):
        value = raw_targets.get(key, default)
        if value is not None and (not isinstance(value, (int, float)) or value < 0):
            warn(f"target '{key}' should be a positive number")
            return default
        return int(value) if value is not None else None

    targets = Targets(
        annual_sales=target("annual_sales", defaults.annual_sales),
        new_customers_per_month=target("new_customers_per_month", defaults.new_customers_per_month),
        potential_customers_per_month=target("potential_customers_per_month",
                                             defaults.potential_customers_per_month),
        next_year_sales=target("next_year_sales", None),
    )
    follow = dict(Config().follow_up_days)
    raw_follow = data.get("follow_up_days", {})
    if isinstance(raw_follow, dict):
        for level, days in raw_follow.items():
            if str(level).upper() in LEVELS and isinstance(days, int) and days > 0:
                follow[str(level).upper()] = days
            else:
                warn(f"follow_up_days: '{level} = {days}' should be a level H/A/B/C and a day count")
    after_sales = data.get("after_sales_days", list(Config().after_sales_days))
    if not (isinstance(after_sales, list) and all(isinstance(d, int) and d > 0 for d in after_sales)):
        warn("after_sales_days should be a list of day counts such as [3, 30, 90]")
        after_sales = list(Config().after_sales_days)
    weights = dict(Config().score_weights)
    raw_weights = data.get("score_weights", {})
    if isinstance(raw_weights, dict):
        for key, value in raw_weights.items():
            if key in weights and isinstance(value, (int, float)) and value >= 0:
                weights[key] = int(value)
            else:
                warn(f"score_weights: '{key}' should be one of {', '.join(weights)} with a number")
    ledger_days = data.get("ledger_days", Config().ledger_days)
    if not isinstance(ledger_days, int) or isinstance(ledger_days, bool) or ledger_days < 1:
        warn("ledger_days should be a positive number of days such as 90")
        ledger_days = Config().ledger_days
    summary_rows = data.get("summary_rows", Config().summary_rows)
    if not isinstance(summary_rows, int) or isinstance(summary_rows, bool) or summary_rows < 0:
        warn("summary_rows should be a number of rows such as 50 (0 lists everything)")
        summary_rows = Config().summary_rows
    language = data.get("language", "zh")
    if language not in ("zh", "en"):
        warn(f"language '{language}' is not supported; use \"zh\" or \"en\"")
        language = "zh"
    author = data.get("author")
    return Config(
        notes_dir=notes,
        output_dir=output_dir,
        cache_dir=cache_dir,
        language=language,
        author=author if isinstance(author, str) else None,
        colleagues=frozenset(text_list("colleagues")),
        aliases=aliases,
        stage_names=stage_names,
        targets=targets,
        follow_up_days=follow,
        after_sales_days=tuple(sorted(set(after_sales))),
        score_weights=weights,
        ledger_days=ledger_days,
        summary_rows=summary_rows,
        source_file=path,
    )


def with_overrides(config: Config, **changes) -> Config:
    """A copy of `config` with the flags the user gave (None means "not given")."""
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
