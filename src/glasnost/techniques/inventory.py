"""The propaganda techniques Glasnost can point at, with the words shown in the report legend.

Names follow the finer scheme of SemEval-2023 Task 3 (subtask 3, English) restricted to the 19
techniques that occur in the training articles. Each technique also names its class in the
coarser 14-class scheme of SemEval-2020 Task 11 / PTC (``ptc14``). The mapping was checked span by
span on the shared data, where both schemes annotate the same articles:

* ``False_Dilemma-No_Choice`` was ``Black-and-White_Fallacy``;
* ``Conversation_Killer`` was ``Thought-terminating_Cliches``;
* ``Guilt_by_Association`` (Reductio ad Hitlerum) and ``Appeal_to_Popularity`` (Bandwagon) were
  merged in ``Bandwagon,Reductio_ad_hitlerum``;
* ``Red_Herring``, ``Whataboutism``, ``Straw_Man`` and ``Appeal_to_Hypocrisy`` (the *tu quoque*
  part of the old Whataboutism) were merged in ``Whataboutism,Straw_Men,Red_Herring``;
* ``Obfuscation-Vagueness-Confusion`` has no ptc14 class: PTC dropped it for being too rare.

The definitions and examples are Glasnost's own wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from glasnost.errors import Errors


@dataclass(frozen=True)
class Technique:
    name: str  # SemEval-2023 name, the one stored in analyses
    label: str  # short name for display
    definition: str
    example: str
    ptc14: str | None  # SemEval-2020 / PTC class, None where PTC has none


TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "Loaded_Language",
        "Loaded language",
        "Words picked for their emotional charge rather than their meaning, to make the reader "
        "feel something about the subject before thinking about it.",
        "The senator's reckless, shameful scheme will gut our schools.",
        "Loaded_Language",
    ),
    Technique(
        "Name_Calling-Labeling",
        "Name calling / labeling",
        "Attaching a label to a person or group that the audience already loves or hates, so the "
        "label does the arguing.",
        "The globalist elites in Brussels are at it again.",
        "Name_Calling,Labeling",
    ),
    Technique(
        "Repetition",
        "Repetition",
        "Saying the same message or phrase again and again so that it sticks and starts to sound "
        "true.",
        "They lied about the budget. They lied about the deal. They lied to you.",
        "Repetition",
    ),
    Technique(
        "Doubt",
        "Doubt",
        "Casting suspicion on the credibility of a person, institution or piece of evidence "
        "without showing that it is wrong.",
        "Can we really believe a report paid for by the very people it clears?",
        "Doubt",
    ),
    Technique(
        "Exaggeration-Minimisation",
        "Exaggeration / minimisation",
        "Blowing something up beyond its real size, or shrinking a serious matter to make it look "
        "harmless.",
        "This is the greatest betrayal in the history of the nation.",
        "Exaggeration,Minimisation",
    ),
    Technique(
        "Appeal_to_Fear-Prejudice",
        "Appeal to fear / prejudice",
        "Pushing an idea by stirring up fear of what will happen otherwise, or by feeding an "
        "existing prejudice against a group.",
        "If this bill passes, criminals will be walking into your home next.",
        "Appeal_to_fear-prejudice",
    ),
    Technique(
        "Flag_Waving",
        "Flag waving",
        "Justifying a position by appealing to patriotism or to the pride of a group, as if "
        "loyalty settled the question.",
        "Every true patriot knows that supporting the plan is our national duty.",
        "Flag-Waving",
    ),
    Technique(
        "Causal_Oversimplification",
        "Causal oversimplification",
        "Pinning a complex outcome on a single cause, often a convenient culprit, when many "
        "factors were involved.",
        "Crime went up the year the new mayor took office, so the mayor caused it.",
        "Causal_Oversimplification",
    ),
    Technique(
        "Appeal_to_Authority",
        "Appeal to authority",
        "Treating a claim as true because an authority or expert said it, with no further "
        "support, or quoting someone outside their field.",
        "A famous actor says the vaccine is unsafe, so it must be.",
        "Appeal_to_Authority",
    ),
    Technique(
        "Slogans",
        "Slogans",
        "A short, punchy phrase that packs a stance into a few words and invites repeating "
        "rather than thinking.",
        "Take back control!",
        "Slogans",
    ),
    Technique(
        "False_Dilemma-No_Choice",
        "False dilemma",
        "Presenting two options as the only ones when more exist, or presenting a single option "
        "as unavoidable.",
        "Either we close the borders today or we lose the country forever.",
        "Black-and-White_Fallacy",
    ),
    Technique(
        "Conversation_Killer",
        "Conversation killer",
        "A stock phrase that shuts down discussion or critical thought instead of answering it.",
        "It is what it is; end of story.",
        "Thought-terminating_Cliches",
    ),
    Technique(
        "Guilt_by_Association",
        "Guilt by association",
        "Discrediting an idea or person by linking it to a group or figure the audience already "
        "despises.",
        "That policy was also favoured by a notorious dictator.",
        "Bandwagon,Reductio_ad_hitlerum",
    ),
    Technique(
        "Red_Herring",
        "Red herring",
        "Bringing up an unrelated matter to pull attention away from the issue at hand.",
        "Asked about the missing funds, the minister talked about his rival's holiday.",
        "Whataboutism,Straw_Men,Red_Herring",
    ),
    Technique(
        "Appeal_to_Hypocrisy",
        "Appeal to hypocrisy",
        "Answering a criticism by accusing the critic of the same fault, instead of addressing "
        "the criticism (tu quoque).",
        "You complain about my expenses? You flew first class last year.",
        "Whataboutism,Straw_Men,Red_Herring",
    ),
    Technique(
        "Whataboutism",
        "Whataboutism",
        "Deflecting a charge by pointing at a supposedly similar wrong committed by someone else.",
        "Our prisons have problems, but what about the prisons in their country?",
        "Whataboutism,Straw_Men,Red_Herring",
    ),
    Technique(
        "Obfuscation-Vagueness-Confusion",
        "Obfuscation / vagueness",
        "Wording that is deliberately unclear, so the audience can read into it what it likes and "
        "the speaker cannot be pinned down.",
        "Certain measures will be taken at the appropriate time by the relevant people.",
        None,
    ),
    Technique(
        "Appeal_to_Popularity",
        "Appeal to popularity",
        "Claiming that something is right or true because many people believe or do it "
        "(bandwagon).",
        "Millions of people have already switched; you should too.",
        "Bandwagon,Reductio_ad_hitlerum",
    ),
    Technique(
        "Straw_Man",
        "Straw man",
        "Replacing an opponent's actual position with a weaker or distorted version and then "
        "attacking that version.",
        "My opponent wants safer roads, so he wants to ban cars altogether.",
        "Whataboutism,Straw_Men,Red_Herring",
    ),
)

BY_NAME: dict[str, Technique] = {t.name: t for t in TECHNIQUES}
NAMES: tuple[str, ...] = tuple(t.name for t in TECHNIQUES)

PTC14_NAMES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)


def get(name: str) -> Technique:
    """The technique called ``name`` (SemEval-2023 spelling); KeyError if unknown."""
    return BY_NAME[name]


def to_ptc14(name: str) -> str | None:
    """The PTC class of a SemEval-2023 technique name (None for obfuscation)."""
    return BY_NAME[name].ptc14


def map_scheme(name: str, scheme: str) -> str | None:
    """Translate a technique name into ``scheme``: ``"semeval2023"`` (identity) or ``"ptc14"``."""
    if scheme in ("semeval2023", "se23", "fine"):
        return BY_NAME[name].name
    if scheme == "ptc14":
        return to_ptc14(name)
    raise ValueError(Errors.E135.format(scheme=scheme))
