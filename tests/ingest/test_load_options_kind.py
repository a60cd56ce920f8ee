"""LoadOptions refuses a kind it does not know instead of silently sniffing the input."""

from __future__ import annotations

import pytest

from glasnost.errors import InputError
from glasnost.ingest import LoadOptions, load


def test_unknown_kind_is_refused():
    with pytest.raises(InputError, match="unknown input kind 'bogus'"):
        LoadOptions(kind="bogus")  # type: ignore[arg-type]


def test_known_kind_still_loads():
    article = load("The minister said the port would open late, again.", LoadOptions(kind="text"))
    assert article.text.startswith("The minister")
