"""Plain-language explanations of every label an analysis can carry, for legends and summaries.

The wording is Glasnost's own. Technique explanations come from `glasnost.techniques.inventory`
through `technique_info`, the one place that looks them up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    name: str  # the short display name
    description: str  # one or two sentences for a reader who has never seen the label


def _table(rows: dict[str, tuple[str, str]]) -> dict[str, Label]:
    return {key: Label(name, description) for key, (name, description) in rows.items()}


#: The layers a report can highlight, in the order the report lists them.
LAYERS = _table({
    "techniques": ("Techniques", "Passages that use a persuasion or propaganda technique."),
    "claims": ("Claims", "Statements of fact that could be checked against evidence."),
    "quotes": ("Quotes", "Words the article attributes to someone, with the verb that introduces them "
               "and the speaker."),
    "entities": ("Entities", "Names of people, organisations, places, dates, numbers and other things "
                 "a named-entity tagger recognises."),
    "actors": ("Actors", "The people, organisations, groups and places the article is about, with every "
               "way it refers to them."),
    "sentences": ("Certainty", "How firmly each sentence states what it says; the words that signal it "
                  "are underlined."),
})

#: Every label spaCy's English models use (the OntoNotes 5 scheme).
ENTITY_LABELS = _table({
    "PERSON": ("Person", "A person, real or fictional, referred to by name."),
    "NORP": ("Nationality, religious or political group",
             "Words for a nationality, a religion or a political group, such as 'Russian', "
             "'Catholic' or 'Republicans'."),
    "FAC": ("Facility", "A built structure with a name: a building, airport, bridge, port or road."),
    "ORG": ("Organisation", "A named company, agency, institution, party, army or other organised body."),
    "GPE": ("Country, city or state",
            "A place with a government of its own: a country, region, state or city."),
    "LOC": ("Other location",
            "A place that is not a political unit: a mountain range, river, sea or geographic region."),
    "PRODUCT": ("Product", "A named object: a vehicle, weapon, device, food or piece of software."),
    "EVENT": ("Event", "A named happening: a war, battle, storm, summit, election or festival."),
    "WORK_OF_ART": ("Work of art", "The title of a book, song, film, painting, show or similar work."),
    "LAW": ("Law or document", "A named law, treaty, regulation or other legal document."),
    "LANGUAGE": ("Language", "The name of a language."),
    "DATE": ("Date", "A date or period, exact or relative: 'May 9', 'last year', 'the 1990s'."),
    "TIME": ("Time", "A time shorter than a day: 'this morning', '10 p.m.', 'two hours'."),
    "PERCENT": ("Percentage", "A percentage, such as '40%' or 'forty per cent'."),
    "MONEY": ("Money", "An amount of money with its currency."),
    "QUANTITY": ("Quantity", "A measurement such as a weight, distance, area or volume."),
    "ORDINAL": ("Ordinal", "A position in an order: 'first', 'third', '21st'."),
    "CARDINAL": ("Number", "A number that is not a date, time, amount of money, percentage or "
                 "measurement."),
})

CERTAINTY = _table({
    "asserted": ("Asserted", "Stated as plain fact, with nothing that softens it."),
    "hedged": ("Hedged", "Softened by words such as 'may', 'perhaps' or 'it seems': the writer "
               "leaves room for doubt."),
    "speculative": ("Speculative", "A guess, prediction or supposition rather than a statement of "
                    "what is known."),
    "attributed": ("Attributed", "Presented as what someone else says or thinks, not as the writer's "
                   "own statement."),
    "denied": ("Denied", "States that something is not so, or reports that someone rejects it."),
    "question": ("Question", "Asked rather than stated; often a rhetorical question that suggests an "
                 "answer."),
})

CUE_KINDS = _table({
    "hedge": ("Hedge word", "A word that weakens a statement: 'may', 'possibly', 'it seems'."),
    "speculation": ("Speculation word", "A word that marks a guess or a possibility: 'could', "
                    "'might', 'if'."),
    "attribution": ("Attribution word", "A word that hands a statement to a source: 'said', "
                    "'according to', 'claims'."),
    "denial": ("Denial word", "A word that negates or rejects: 'not', 'denied', 'false'."),
    "weasel": ("Vague support", "Support without a source: 'is widely regarded', 'many believe', "
               "'some say'."),
    "booster": ("Booster word", "A word that makes a statement sound more certain: 'clearly', "
                "'undoubtedly'."),
    "question": ("Question mark", "The sign that a sentence asks rather than states."),
})

CLAIM_TYPES = _table({
    "statistic": ("Statistic", "A number, amount or measurement that a fact-checker could verify."),
    "event": ("Event", "A statement that something happened or is happening."),
    "quote": ("Quoted claim", "A checkable statement made by someone the article quotes."),
    "causal": ("Cause and effect", "A statement that one thing caused, or will cause, another."),
    "prediction": ("Prediction", "A statement about what will happen."),
    "other": ("Other claim", "A checkable statement of another kind."),
})

QUOTE_KINDS = _table({
    "direct": ("Direct quote", "The speaker's own words, reproduced inside quotation marks."),
    "indirect": ("Reported speech", "What someone said, paraphrased without quotation marks."),
})

#: What a quote's cue reports; only speech and writing are shown as quotes.
CUE_REPORTS = _table({
    "speech": ("Speech", "Words someone said: 'said', 'told', 'called', 'according to'."),
    "writing": ("Writing", "Words someone wrote or published: 'wrote', 'posted', 'according to the report'."),
    "belief": ("Belief", "What someone is said to think or know: 'believes', 'is sure'."),
    "perception": ("Perception", "What someone is said to see or what evidence shows: 'seems', 'found', "
                   "'this suggests'."),
    "intent": ("Intent", "What someone is said to want or plan: 'wants', 'tried', 'hopes'."),
    "other": ("Other act", "A verb with an object that reports no words: 'offered', 'hired'."),
})

QUOTE_ROLES = _table({
    "cue": ("Quote verb", "The word that introduces a quote, such as 'said' or 'according to'."),
    "speaker": ("Speaker", "The words that name who is being quoted."),
})

ACTOR_TYPES = _table({
    "person": ("Person", "A single human being, named or described."),
    "organization": ("Organisation", "A company, institution, party, agency or other organised body."),
    "group": ("Group", "A loose collective such as a nationality, a profession or 'the residents'."),
    "place": ("Place", "A country, city or region acting or discussed as a party in the story."),
})

RELATION_KINDS = _table({
    "conflict": ("Conflict", "The article presents the two actors as opposed: one criticises, "
                 "accuses, attacks or fights the other."),
    "support": ("Support", "One actor backs, praises, defends or allies with the other."),
    "co-mention": ("Mentioned together", "The two actors appear in the same sentences without a "
                   "clear stance between them."),
})

GENRES = _table({
    "opinion": ("Opinion", "Argues for a point of view: an op-ed, column, editorial or commentary."),
    "reporting": ("Reporting", "Tells what happened and who said what, in the manner of a news "
                  "report."),
    "satire": ("Satire", "Mocks its subject through irony and exaggeration; not meant to be read "
               "literally."),
    "uncertain": ("Uncertain", "The genre model was not sure enough of any genre to name one; the "
                  "report shows no genre badge."),
})

#: What a score means, by layer.
SCORES = {
    "entities": "Share of this name's mentions in the article that carry the same label.",
    "default": "The model's confidence in this finding, from 0 to 1.",
}


def label(table: dict[str, Label], key: str | None) -> Label:
    """The entry for `key`, or a generic one for a label this version does not know."""
    if key is None:
        return Label("None", "No label was given.")
    found = table.get(key)
    if found is not None:
        return found
    return Label(key.replace("_", " ").capitalize(), "A label this version of the report has no "
                 "explanation for.")


@dataclass(frozen=True)
class TechniqueInfo:
    name: str  # the name stored in analyses
    label: str
    definition: str
    example: str | None
    known: bool  # False when the inventory has no entry for the name


def technique_info(name: str) -> TechniqueInfo:
    """Display label, definition and example of a technique; the one place that asks the inventory.

    A name the inventory lacks (or a missing inventory) gets its own name and a generic line.
    """
    entry = _inventory().get(name)
    if entry is not None:
        return TechniqueInfo(name, entry.label, entry.definition, getattr(entry, "example", None), True)
    readable = name.replace("_", " ").replace("-", " / ")
    return TechniqueInfo(
        name,
        readable[:1].upper() + readable[1:],
        "A persuasion technique the model flagged; this version has no description of it.",
        None,
        False,
    )


def known_techniques() -> list[TechniqueInfo]:
    """Every technique the inventory describes, in its order."""
    return [technique_info(name) for name in _inventory()]


def _inventory() -> dict[str, object]:
    try:
        from glasnost.techniques import inventory
    except ImportError:
        return {}
    by_name = getattr(inventory, "BY_NAME", None)
    if isinstance(by_name, dict):
        return by_name
    return {t.name: t for t in getattr(inventory, "TECHNIQUES", ())}
