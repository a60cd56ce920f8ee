"""Recent answers kept while the store is unchanged: the same search or page of narratives asked
again (another reader, the same page reloaded, the back button, the Corpus page's growing
narratives for every visitor) is answered from memory instead of ranking every matching article
or building each narrative again.

Each answer is kept with the store's revision (`Store.revision`: what changes whenever anything
those answers read does) and used only while the store still has it. Least recently used
answers go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Recent:
    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, revision: Hashable, compute: Callable[[], Any]) -> Any:
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
