"""`index.html`: the page that lists a folder of HTML reports, one row per article.

A folder of reports named by safe file names (not by the articles' ids) needs a way in: this page
shows each report's title and source beside a link to it. Titles and sources come from the
articles, so they reach the page only through Jinja's autoescape; sources are shown as text,
never as links, so a `javascript:` URL in an article cannot become one.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from glasnost.analysis import Analysis
from glasnost.render.html import environment

TEMPLATE = "index.html.j2"


def render_index(reports: Sequence[tuple[str, Analysis]]) -> str:
    """The index page of `(file name, analysis)` pairs, in the order given."""
    rows = [
        {
            "href": quote(name),
            "title": analysis.article.title or analysis.article.id,
            "source": analysis.article.source or analysis.article.url or "",
            "words": analysis.stats.words if analysis.stats else "-",
            "techniques": len(analysis.techniques),
        }
        for name, analysis in reports
    ]
    page = environment().get_template(TEMPLATE).render(
        rows=rows, glasnost=reports[0][1].pipeline.glasnost if reports else ""
    )
    return page if page.endswith("\n") else page + "\n"
