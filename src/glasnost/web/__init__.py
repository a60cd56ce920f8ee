"""The workbench: a web app and REST API over a corpus store (`glasnost serve`).

    from glasnost.web import WebSettings, create_app
    app = create_app(WebSettings(store="corpus.db"))      # any ASGI server runs it

Pages for people (analyze, corpus, search, article, outlet, actor) and a JSON API under /api/v1
for programs, both reading the store through `glasnost.store` and analysing through the pipeline
in worker processes (`glasnost.web.analyst`).
"""

from glasnost.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
