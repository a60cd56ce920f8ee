"""Built-in analyzers: importing a module registers it. One line here per analyzer."""

from glasnost.analyzers import claims, entities, genre, sentences, stats  # noqa: F401
from glasnost.analyzers import actors, quotes, relations  # noqa: F401
from glasnost.analyzers import techniques  # noqa: F401
