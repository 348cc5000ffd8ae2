"""The project's own jieba tokenizer: no global jieba state, no log noise, cache in our folder.

jieba's default tokenizer is a process global that logs to stderr and caches in the shared temp
dir (NLP_NOTES.md). We own one `jieba.Tokenizer` per process, point its cache at the project's
cache folder, and load it lazily: the dictionary costs ~1 s and ~90 MB, so only sentences that need a word
boundary decision are ever segmented.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

MAX_CHUNK = 10_000  # jieba's memory explodes on one huge line; cut it in pieces


_SHARED_LOCK = threading.Lock()
_SHARED: dict[str, object] = {}  # one tokenizer and one tagger per process


class Segmenter:
    """Lazily built jieba tokenizer. Nothing is ever added to its dictionary: its answers must
    not depend on which notes were read before (an incremental build equals a full one). That
    also lets every Segmenter of a process share one loaded dictionary (~1 s, ~90 MB each)."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._tokenizer = None
        self._posseg = None

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            with _SHARED_LOCK:
                if "tokenizer" not in _SHARED:
                    _SHARED["tokenizer"] = self._build()
            self._tokenizer = _SHARED["tokenizer"]
        return self._tokenizer

    def _build(self):
        import jieba

        logging.getLogger("jieba").setLevel(logging.ERROR)
        tokenizer = jieba.Tokenizer()
        if self._cache_dir is not None:
            try:
                self._cache_dir.mkdir(parents=True, exist_ok=True)
                tokenizer.tmp_dir = str(self._cache_dir)
            except OSError:
                pass  # read-only vault: jieba falls back to building in memory each run
        tokenizer.cache_file = "jieba.cache"
        tokenizer.initialize()
        return tokenizer

    def is_word(self, word: str) -> bool:
        """Is `word` in jieba's dictionary (明天 yes, 明的 no)?"""
        return bool(self.tokenizer.FREQ.get(word))

    def common_word(self, word: str) -> bool:
        """Is `word` in the dictionary as something other than a person's name (任务, 高兴: yes;
        李娜, or 白宇航 which it does not know: no)?"""
        flag = self.tagger.word_tag_tab.get(word)
        return flag is not None and not flag.startswith("nr")

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Part-of-speech tagged words (slow: 0.05 MB/s; only for short cue sentences)."""
        return [(pair.word, pair.flag) for pair in self.tagger.lcut(text[:MAX_CHUNK])]

    @property
    def tagger(self):
        """jieba's part-of-speech tokenizer over our dictionary."""
        if self._posseg is None:
            tokenizer = self.tokenizer  # outside the lock: building it takes the lock too
            with _SHARED_LOCK:
                if "tagger" not in _SHARED:
                    import jieba.posseg

                    _remember_unknown_words(jieba.posseg)
                    _SHARED["tagger"] = jieba.posseg.POSTokenizer(tokenizer)
            self._posseg = _SHARED["tagger"]
        return self._posseg


def _remember_unknown_words(posseg) -> None:
    """Memoise the tagger's HMM over runs of unknown characters (a name, 到店看, 试驾了): its
    Viterbi search is most of the tagger's time, and the same runs come back note after note
    (41 % of them in a year of notes; tagging got 26 % faster). The search is a pure function
    of the run while jieba's own model tables are passed."""
    from functools import lru_cache

    search = posseg.viterbi
    if getattr(search, "memoised", False):
        return
    model = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)

    @lru_cache(maxsize=1 << 16)
    def known(run: str):
        return search(run, *model)

    def viterbi(run, *tables):
        if len(tables) == len(model) and all(a is b for a, b in zip(tables, model)):
            return known(run)
        return search(run, *tables)

    viterbi.memoised = True
    posseg.viterbi = viterbi
