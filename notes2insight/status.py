"""The watcher's live status line (rich): last update, which note changed, what was rewritten,
how long it took, current problems. Messages scroll above it."""

from __future__ import annotations

import time


class LiveStatus:
    def __init__(self) -> None:
        from rich.console import Console
        from rich.live import Live
        from rich.text import Text

        self._text = Text
        self.console = Console()
        self.live = Live(Text("starting…"), console=self.console, refresh_per_second=8,
                         transient=True)
        self.live.start()

    def echo(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False)

    def __call__(self, outcome) -> None:
        report = outcome.report
        what = outcome.note or (", ".join(outcome.changed[:2]) if outcome.changed else "update")
        rewritten = ", ".join(list(report.updated)[:3]) + ("…" if len(report.updated) > 3 else "")
        line = self._text()
        line.append(time.strftime("%H:%M:%S "), style="dim")
        line.append(what, style="bold")
        line.append(f"  {report.summary()} in {outcome.seconds * 1000:.0f} ms")
        if rewritten:
            line.append(f"  [{rewritten}]", style="cyan")
        line.append(f"  {outcome.problems} problem{'' if outcome.problems == 1 else 's'}" if outcome.problems else "  no problems",
                    style="yellow" if outcome.problems else "green")
        self.live.update(line)

    def close(self) -> None:
        self.live.stop()
