"""Built-in analyzers: importing a module registers it. One line here per analyzer.

The order is the registry's, which fixes the order of the steps in every output, so the imports
are not sorted.
"""

# ruff: noqa: I001

from glasnost.analyzers import claims, entities, genre, sentences, stats  # noqa: F401
from glasnost.analyzers import actors, quotes, relations  # noqa: F401
from glasnost.analyzers import techniques  # noqa: F401
