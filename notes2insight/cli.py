"""The command line: each command parses flags, calls one library function, prints, returns a code.

Heavy modules (jieba, markdown-it, the pipeline) are imported inside the commands so that
`n2i --help` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _setup_streams() -> None:
    # File names with invalid UTF-8 bytes must print, not crash (RELIABILITY.md, c / W-paths).
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass


def _load(notes: str | None, config_file: str | None):
    from .config import load_config

    notes_dir = Path(notes) if notes else None
    if notes_dir is not None and not notes_dir.is_dir():
        raise click.UsageError(f"notes folder not found: {notes}")
    config, problems = load_config(notes_dir, Path(config_file) if config_file else None)
    return config, problems


def _display_path(notes_arg: str | None, rel: str) -> str:
    """Problem paths relative to where the user stands, so editors can jump to them."""
    if notes_arg in (None, "", "."):
        return rel
    return str(Path(notes_arg) / rel) if not Path(rel).is_absolute() else rel


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="notes2insight")
def main() -> None:
    """notes2insight (n2i): turn Markdown daily sales logs into summaries built from facts.

    \b
    Examples:
      n2i init my-notes          # a ready notes folder with config and a template
      n2i check sample_notes     # every problem as path:line: message
      n2i export sample_notes    # the facts of every note as JSON Lines
    """
    _setup_streams()


@main.command()
@click.argument("notes", required=False)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv"]), default="jsonl",
              show_default=True, help="Output format: one record per note.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Use this notes2insight.toml instead of searching for one.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.option("--no-cache", is_flag=True, help="Read every note; neither use nor write the facts cache.")
def export(notes: str | None, fmt: str, config_file: str | None, output: str | None,
           no_cache: bool) -> None:
    """Print the facts extracted from every note (customers, deals, commitments, mistakes).

    \b
    Example:
      n2i export sample_notes --format json
    Problems go to stderr as path:line: messages; the export still covers every readable note.
    """
    from .export import FORMATS, records
    from .pipeline import run

    config, problems = _load(notes, config_file)
    vault = run(config, use_cache=not no_cache)
    text = FORMATS[fmt](records(vault))
    if output:
        from .output import atomic_write

        atomic_write(Path(output), text)
    else:
        sys.stdout.write(text)
    for problem in [*problems, *vault.problems]:
        click.echo(_format_problem(notes, problem), err=True)


def _format_problem(notes: str | None, problem) -> str:
    from dataclasses import replace

    if "/" in problem.path and Path(problem.path).is_absolute():
        return str(problem)
    return str(replace(problem, path=_display_path(notes, problem.path)))


@main.command()
@click.argument("notes", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: a list of problems for editors and scripts.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
@click.option("--no-cache", is_flag=True, help="Read every note; neither use nor write the facts cache.")
@click.option("--strict-utf8", is_flag=True,
              help="A note that is not UTF-8 (GBK/GB18030, UTF-16) is an error, not a warning.")
def check(notes: str | None, fmt: str, config_file: str | None, no_cache: bool,
          strict_utf8: bool) -> None:
    """Report every problem in the notes as path:line:col: message; exit 1 if any is an error.

    \b
    Example:
      n2i check sample_notes && echo "all notes read cleanly"
    """
    import json

    from .model import Severity
    from .pipeline import run

    config, config_problems = _load(notes, config_file)
    vault = run(config, use_cache=not no_cache)
    problems = [*config_problems, *vault.problems]
    if strict_utf8:
        from .parse.decode import strict_utf8 as as_error

        problems = [as_error(p) for p in problems]
    if fmt == "json":
        click.echo(json.dumps([{
            "path": _display_path(notes, p.path) if p.path != str(config.source_file) else p.path,
            "line": p.line, "col": p.col, "severity": p.severity.value, "code": p.code,
            "message": p.message} for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(_format_problem(notes, problem))
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = len(problems) - errors
        click.echo(f"{len(vault.notes)} notes read, {errors} errors, {warnings} warnings", err=True)
    sys.exit(EXIT_PROBLEMS if any(p.severity is Severity.ERROR for p in problems) else EXIT_OK)


@main.command()
@click.argument("notes", required=False)
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Output folder (default: 'output' from notes2insight.toml, else NOTES/summaries).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day to build for (default: the local date). The only clock the build reads.")
@click.option("--force", is_flag=True, help="Overwrite summaries whose generated part was edited by hand.")
@click.option("--git-commit", is_flag=True, help="Commit the changed summary files (never the notes).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def build(notes: str | None, out_dir: str | None, today, force: bool, git_commit: bool,
          config_file: str | None) -> None:
    """Write the weekly, monthly and annual summaries, customer briefs and ledgers.

    \b
    Example:
      n2i build sample_notes --today 2026-11-24
    Prints what it wrote ("4 updated, 37 unchanged, 0 removed") and the problems found.
    Same notes, config and --today give byte-identical files.
    """
    import datetime as dt

    from .config import with_overrides

    config, problems = _load(notes, config_file)
    if out_dir:
        config = with_overrides(config, output_dir=Path(out_dir))
    from .lock import EXIT_LOCKED, LockBusy, OutputLock

    day = today.date() if today else dt.date.today()
    lock = OutputLock(config.output_dir)
    try:
        lock.acquire()
    except LockBusy as busy:
        click.echo(f"error: {config.output_dir} is being written by {busy}; try again when it is done",
                   err=True)
        sys.exit(EXIT_LOCKED)
    try:
        from .buildstamp import BuildStamp
        from .vault import discover

        found, scan_problems = discover(config.notes_dir, (config.output_dir, config.cache_path))
        stamp = BuildStamp(config, day, found, scan_problems)
        last_problems = None if force else stamp.unchanged()
        if last_problems is not None:
            # nothing a summary depends on changed, and the output is as we left it
            report, note_problems = stamp.report(), last_problems
        else:
            from .build import build_files
            from .cache import Cache
            from .collector import freeze_if_large
            from .pipeline import Refresher
            from .publish import publish

            refresher = Refresher(config, Cache(config.cache_path, config.fingerprint()))
            refresher.cache.load()
            vault = refresher.refresh_files(found, scan_problems)
            freeze_if_large(len(vault.notes))  # before rendering
            note_problems = list(vault.problems)
            report = publish(config.output_dir, build_files(vault, config, day, note_problems),
                             force=force)
            note_problems.sort(key=lambda p: p.sort_key())
            if not report.errors:
                stamp.record(note_problems)
    finally:
        lock.release()
    for problem in [*problems, *note_problems]:
        click.echo(_format_problem(notes, problem), err=True)
    for path in report.kept_user_edits:
        click.echo(f"{config.output_dir / path}: edited by hand; kept (use --force to overwrite)",
                   err=True)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"{report.summary()} in {config.output_dir}")
    if git_commit:
        from .gitcommit import commit_summaries

        changed = sorted([*report.updated, *report.removed])
        periods = sorted({Path(p).stem for p in changed
                          if p.startswith(("weekly/", "monthly/", "annual/"))}, reverse=True)
        click.echo(commit_summaries(config.output_dir, changed, periods))
    # Problems in notes are reported above (n2i check gives them an exit code); the build
    # itself fails only when it could not write its files.
    sys.exit(EXIT_PROBLEMS if report.errors else EXIT_OK)


@main.command()
@click.argument("notes", required=False)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Output folder.")
@click.option("--quiet", is_flag=True, help="Plain log lines instead of a live status line.")
@click.option("--poll", is_flag=True, help="Poll the folder instead of inotify (network drives, WSL).")
@click.option("--git-commit", is_flag=True,
              help="Commit changed summaries after a quiet period (never the notes).")
@click.option("--git-quiet", type=float, default=60.0, show_default=True,
              help="Seconds without changes before --git-commit commits.")
@click.option("--force", is_flag=True, help="Overwrite summaries whose generated part was edited by hand.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def watch(notes: str | None, out_dir: str | None, quiet: bool, poll: bool, git_commit: bool,
          git_quiet: float, force: bool, config_file: str | None) -> None:
    """Keep every summary current while you write: rebuilds what a saved note touches.

    \b
    Example:
      n2i watch sample_notes --quiet
    Starts with a build, then follows every save (vim, Emacs, VS Code, JetBrains, git checkout…).
    Ctrl-C stops it. Only one watcher or build writes an output folder at a time (exit 75).
    """
    from .config import with_overrides
    from .watch import run_watch

    config, problems = _load(notes, config_file)
    if out_dir:
        config = with_overrides(config, output_dir=Path(out_dir))
    for problem in problems:
        click.echo(str(problem), err=True)
    status = None
    if not quiet and sys.stdout.isatty():
        from .status import LiveStatus

        status = LiveStatus()
    try:
        code = run_watch(config, poll=poll, git_commit=git_commit, git_quiet=git_quiet,
                         force=force, echo=(status.echo if status else _echo_flush), status=status)
    finally:
        if status is not None:
            status.close()
    sys.exit(code)


def _echo_flush(line: str) -> None:
    click.echo(line)
    sys.stdout.flush()


@main.command()
@click.argument("folder", required=False, default=".")
def init(folder: str) -> None:
    """Make FOLDER a ready notes repo: config, daily-note template, .gitignore, one example.

    \b
    Example:
      n2i init ~/sales-notes && cd ~/sales-notes && n2i check
    Existing files are never overwritten.
    """
    from .init import init_vault

    for line in init_vault(Path(folder)):
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    main()
