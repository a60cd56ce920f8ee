"""Recent answers kept while the store is unchanged: the same search asked again (another reader,
the same page reloaded, the back button) is answered from memory instead of ranking every
matching article again.

A store only gains articles (none is edited or removed), so the row id of its newest article
says whether anything a search reads has changed: each answer is kept with that revision and
used only while the store still has it. Least recently used answers go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Recent:
    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, revision: int, compute: Callable[[], Any]) -> Any:
        """The answer kept for `key` at `revision`, else `compute()` kept for it. Two readers
        asking at once may both compute it: the same answer, kept once."""
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0] == revision:
                self._kept.move_to_end(key)
                return found[1]
        answer = compute()
        with self._lock:
            self._kept[key] = (revision, answer)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return answer
