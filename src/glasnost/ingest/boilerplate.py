"""Lines a page wraps around its article that are not the article: credits, copyright, DOIs,
citation notices, "Our Standards", newsletter prompts, "Read more:" teasers and related-post
blocks. Left in, they become top claims and quotes ("© Thomson Reuters 2020" is no finding).

Only extracted text (HTML pages, URLs, feed entries) is cleaned: a plain-text file is the
user's own text, kept whole. The lines are deleted as edits on the normalized text, so the
offset map still points every remaining character at the raw text, where the lines stay.
"""

from __future__ import annotations

import re

from glasnost.offsets import Edit

MAX_LINE_WORDS = 60  # a longer line is a paragraph, whatever it starts with
MAX_SHORT_WORDS = 15  # credit-like openings ("Reporting by ...") count only on a line this short
MAX_TEASER_WORDS = 20  # the titles listed under a related-posts heading
MAX_HEADING_WORDS = 6

# Openings no sentence of an article has (a label and its colon, a copyright sign).
_LABELLED = re.compile(
    r"""^(?:
        ©|\(c\)\s|this\ (?:document|article|material)\ is\ subject\ to\ copyright
      | (?:photo|image|picture|video|graphic|illustration|header\ image|top\ image|lead\ image)s?(?:\ credits?)?\s*[:/]
      | (?:credits?|photograph(?:y|s)?|source)\s*:
      | \((?:additional\ )?(?:reporting|writing|editing)\ by\b
      | (?:doi\s*:?\s*)?(?:https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+\s*$
      | doi\s*:
      | (?:citation|cite\ this(?:\ article)?|more\ information|journal\ information|journal\ reference)\s*:
      | our\ standards\s*:
      | (?:read|see|watch|listen)(?:\ more|\ also|\ next)?\s*:
      | (?:also\ read|related(?:\ article|\ story|\ content|\ coverage)?|recommended|more\ on\ this(?:\ story)?)\s*:
      | (?:sign\ up|subscribe|register)\b.{0,120}\bnewsletters?\b
      | (?:get|receive)\ (?:our|the)\b.{0,60}\bnewsletters?\b
      | newsletters?\s*[:\-–—]
      | (?:follow\ us|share\ this\ (?:article|story|post)|click\ here\ to)\b
    )""",
    re.I | re.X,
)
# Openings that are credits only on a short line ("Reporting by local media suggested ..." is not).
_SHORT = re.compile(
    r"^(?:(?:additional\ )?(?:reporting|writing|editing)\ by\b|provided\ by\b|copyright\b)"
    r"|©\s*\d{4}|\bcopyright\s*(?:©\s*)?\d{4}\b|\ball\ rights\ reserved\b",
    re.I | re.X,
)
_RELATED_HEADING = re.compile(
    r"""^(?:related(?:\ (?:posts?|stories|articles|content|coverage|reading|news|links))?
      | more\ (?:stories|news|articles|posts|from\ .{1,40}|on\ .{1,40}|like\ this)
      | (?:you\ (?:may|might)\ also\ like|recommended(?:\ for\ you|\ stories|\ reading|\ articles)?)
      | (?:read\ next|what\ to\ read\ next|further\ reading|most\ (?:read|popular|viewed)|popular\ (?:posts|stories|now)
         |latest\ (?:posts|stories|news)|recent\ posts|trending(?:\ now)?|also\ on\ .{1,40}|in\ other\ news)
    )\s*:?$""",
    re.I | re.X,
)


def is_boilerplate(line: str) -> bool:
    """Whether one line of normalized text is a page's wrapping rather than the article."""
    words = len(line.split())
    if words > MAX_LINE_WORDS:
        return False
    return _LABELLED.match(line) is not None or (words <= MAX_SHORT_WORDS and _SHORT.search(line) is not None)


def boilerplate_edits(text: str) -> list[Edit]:
    """Edits deleting each boilerplate line, and each related-posts heading with the short lines
    that follow it, together with the line break that separated them from the text around."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    dropped = [False] * len(lines)
    k = 0
    while k < len(lines):
        line = text[slice(*lines[k])]
        if len(line.split()) <= MAX_HEADING_WORDS and _RELATED_HEADING.match(line):
            dropped[k] = True
            k += 1
            while k < len(lines) and len(text[slice(*lines[k])].split()) <= MAX_TEASER_WORDS:
                dropped[k] = True
                k += 1
            continue
        dropped[k] = is_boilerplate(line)
        k += 1
    if not any(dropped) or all(dropped):  # a page of nothing but such lines keeps them: E001 would hide why
        return []
    edits: list[Edit] = []
    kept_before = False
    for k, (start, end) in enumerate(lines):
        if not dropped[k]:
            kept_before = True
            continue
        # Take the break before the line (the previous kept line keeps its own end), or, for
        # a leading line, the break after it.
        if kept_before:
            previous_end = lines[k - 1][1]
            edits.append(Edit(previous_end, end, ""))
        else:
            following = lines[k + 1][0] if k + 1 < len(lines) else len(text)
            edits.append(Edit(start, following, ""))
    return _merged(edits)


def _merged(edits: list[Edit]) -> list[Edit]:
    """Adjacent deletions as one edit (they touch where consecutive lines are dropped)."""
    merged: list[Edit] = []
    for edit in edits:
        if merged and merged[-1].end >= edit.start:
            merged[-1] = Edit(merged[-1].start, max(merged[-1].end, edit.end), "")
        else:
            merged.append(edit)
    return merged
