"""Hand-written word lists for attribution, actors, relations and actor sentiment.

Small sets and dicts looked up once per token (a hash lookup), never scanned. Lemmas are
lower-case spaCy lemmas. The per-lemma attribution rates learned on PolNeAR train live in the
scorer's model file (`glasnost/models/attribution/quote_scorer.json`), not here; these lists seed
and constrain the candidates the scorer ranks.
"""

from __future__ import annotations

# --- Attribution ---------------------------------------------------------------------------

# Verbs of saying, writing and publishing: a clause complement of these is reported speech.
SPEECH_VERBS = frozenset(
    """
    say tell add write ask note report announce argue claim explain declare insist warn predict
    acknowledge admit deny state suggest reply respond answer recall remark comment reiterate
    repeat stress emphasize emphasise assert allege concede confirm contend maintain observe
    point tweet post testify disclose reveal mention complain boast joke quip lament urge
    promise pledge vow threaten charge accuse blame criticize criticise praise call describe
    label brand dismiss reject denounce condemn decry blast slam mock attack question challenge
    proclaim declare shout yell scream whisper chant cry muse wonder speculate estimate
    conclude caution advise recommend propose demand plead beg inform assure remind notify
    counter retort rebut write publish quote cite echo signal hint imply indicate
    """.split()
)

# Verbs of thinking, knowing and wanting: their complement is attributed belief or intention.
COGNITION_VERBS = frozenset(
    """
    think believe know feel fear hope expect want wish doubt suspect assume consider reckon
    guess imagine understand realize realise recognize recognise worry agree disagree decide
    plan intend seek prefer favor favour oppose support endorse back see find learn
    """.split()
)

# What a cue reports, by lemma (`glasnost.attribution.kinds`). Kept apart from the two lists
# above, which are scorer features: changing them would change the trained model's inputs.
# A lemma in none of these reports another act ("offers", "hired", "is") and is no quote.
CUE_SPEECH = SPEECH_VERBS - {"write", "publish", "post", "tweet", "wonder", "muse", "signal", "hint", "imply", "indicate"} | frozenset(
    """
    talk speak discuss debate brief lecture preach testify swear dub term nickname label hail
    applaud decry slam boast
    """.split()
)
CUE_WRITING = frozenset(
    """
    write publish post tweet blog print email text report sign editorialize editorialise
    headline caption
    """.split()
)
CUE_BELIEF = frozenset(
    """
    think believe know doubt suspect assume consider reckon guess imagine understand realize
    realise recognize recognise worry feel fear agree disagree suppose presume conclude
    remember forget trust wonder muse regard deem view judge sure certain convinced aware
    confident concerned worried afraid unsure uncertain skeptical sceptical doubtful
    """.split()
)
CUE_PERCEPTION = frozenset(
    """
    see seem appear look sound notice hear watch find learn discover show signal hint imply
    indicate suggest reveal prove mean evident apparent clear
    """.split()
)
CUE_INTENT = frozenset(
    """
    want wish hope plan intend seek try decide expect aim prefer need attempt strive choose
    refuse desire long yearn eager determined keen ready willing reluctant unwilling
    """.split()
)
# Speech verbs whose object is a thing rather than words unless a clause, a quotation or a
# colon follows: "it added a sentiment", "some posted photos", "it revealed forces".
CUE_NEEDS_CLAUSE = frozenset(
    """
    add point post reveal signal echo indicate show mark note cite quote question challenge
    attack blast slam charge answer mention cry count hint imply suggest raise cover counter
    """.split()
)
# Subjects that make a cue an inference from evidence, not anyone's words: "this suggests".
INFERENCE_SUBJECTS = frozenset({"it", "this", "that", "which", "what", "these", "those", "evidence", "data"})
# Heads of "according to" objects that are documents: the words were written.
DOCUMENT_NOUNS = frozenset(
    """
    report reports document documents study studies survey surveys poll polls data figures
    filing filings letter letters memo memos website site paper papers article articles record
    records statistics estimate estimates analysis review census minutes transcript
    """.split()
)

# Prepositions that introduce the content after a cue verb: "talked about X", "called for X".
CONTENT_PREPS = frozenset({"about", "for", "on", "of", "against", "to", "over", "at", "with"})

QUOTE_OPEN = "\u201c\u201e\u00ab"
QUOTE_CLOSE = "\u201d\u00bb"

# --- Pronouns ------------------------------------------------------------------------------

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})

# A small list of first names to check pronoun gender; unknown names agree with either.
FEMALE_FIRST_NAMES = frozenset(
    """
    hillary chelsea nancy elizabeth sarah susan mary anna ann anne angela theresa teresa marine
    kamala michelle laura melania ivanka kellyanne condoleezza madeleine margaret maria marie
    olga svetlana irina natalia natalya tatiana tatyana yulia julia lyudmila valentina ella
    ursula kaja jacinda christine catherine karen linda barbara patricia jennifer jessica emily
    emma hannah rachel rebecca ruth nikki debbie deborah diane dianne amy kate katherine kathy
    alexandria ilhan tulsi kirsten dianne lisa lindsey sandra sonia huma donna hope jill
    samantha victoria viktoria oksana iryna ksenia
    """.split()
)
MALE_FIRST_NAMES = frozenset(
    """
    vladimir yevgeny evgeny sergei sergey igor mikhail dmitry dmitri alexei alexey alexander
    aleksandr boris ivan nikolai viktor victor volodymyr petro andriy oleksiy yuri yury ramzan
    donald bernie barack joe ted marco jeb ben john chris mike michael paul rand bill george
    mitt newt rick scott tim jim james robert bob david steve stephen mark peter tony emmanuel
    olaf rishi boris xi recep benjamin joseph josef jeremy keir nigel lindsey kevin mitch
    chuck harry eric jared reince sean corey samuil leonid
    """.split()
)

TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir lord lady president vice prime minister secretary senator sen
    rep representative governor gov general gen colonel col major lieutenant lt captain capt
    sergeant commander admiral chancellor king queen prince princess chairman chairwoman chair
    ceo director spokesman spokeswoman spokesperson ambassador mayor judge justice speaker
    leader head chief deputy defence defense foreign interior finance minister mp mep pope
    patriarch saint st founder owner boss commander-in-chief premier president-elect former
    late acting russian ukrainian american british french german chinese
    """.split()
)

HONORIFIC_MALE = frozenset({"mr", "mr.", "sir", "lord", "king", "prince"})
HONORIFIC_FEMALE = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "lady", "queen", "princess"})

# --- Actors --------------------------------------------------------------------------------

# Words that make a name an organisation's: "the Wagner Group", "PMC Wagner", "Acme Inc".
ORG_DESIGNATORS = frozenset(
    """
    group pmc inc corp corporation co company ltd llc plc party agency ministry department
    committee commission council service services bureau office union association federation
    foundation institute university college bank fund army navy force forces guard command
    administration government parliament congress senate duma court network channel news
    times post journal agency campaign movement front brigade battalion regiment
    """.split()
)

# Heads of noun phrases that name institutions: "the Russian defence ministry".
INSTITUTION_HEADS = frozenset(
    """
    ministry government army navy parliament duma senate congress administration military
    police court agency service services council committee commission cabinet office
    presidency embassy regime bureau directorate command forces force guard intelligence
    """.split()
)

# File formats and media types, which the small model tags ORG ("the JPEG", "a DOC file").
FILE_FORMATS = frozenset(
    """
    jpeg jpg png gif bmp tiff tif svg webp heic raw pdf doc docx odt rtf txt xls xlsx csv ppt
    pptx html htm xml json zip rar gz tar iso exe apk dmg mp3 mp4 wav avi mov mkv flac ogg
    """.split()
)

# Common nouns that say a name next to them is a place: "the Amazon rainforest", "Varna Bay",
# "the island of Lampedusa".
PLACE_HEADS = frozenset(
    """
    island islands isle river rainforest forest jungle basin valley mountain mountains mount
    sea ocean lake desert region province county district coast peninsula delta gulf strait
    bay harbour harbor canyon plain plains highlands archipelago port city town village
    """.split()
)

# Words dropped from the front of a name key: determiners and generic modifiers.
NAME_STOP = frozenset({"the", "a", "an", "this", "that", "these", "those"})

# Organisations the small model often mistypes; keyed by lower-cased name without "the".
KNOWN_ORGANIZATIONS = frozenset(
    """
    kremlin pentagon nato un eu fsb kgb gru svr cia fbi nsa
    """.split()
) | frozenset(
    {
        "white house",
        "state department",
        "european union",
        "united nations",
        "wagner",
        "wagner group",
        "kremlin",
        "the kremlin",
        "downing street",
        "state duma",
        "duma",
        "federation council",
        "red army",
        "rosgvardia",
        "gazprom",
        "rosneft",
        "hamas",
        "hezbollah",
        "taliban",
        "isis",
        "islamic state",
        "al qaeda",
        "al-qaeda",
        "congress",
        "senate",
    }
)

# Entity labels of the small model and the actor type each votes for.
LABEL_TYPE = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}

# --- Relations -----------------------------------------------------------------------------

CONFLICT_VERBS = frozenset(
    """
    criticize criticise attack trash blast slam denounce condemn accuse blame oppose clash
    fight battle feud quarrel argue spar confront challenge reject dismiss mock ridicule insult
    threaten sanction sue target undermine discredit humiliate betray defeat beat kill
    remove oust overthrow topple purge arrest jail imprison punish fire sack neutralise
    neutralize rebuke scold lambast lash berate assail deride disparage smear vilify demonize
    demonise rival resist obstruct block sabotage invade bomb shell raid denigrate condemn decry
    rail snub ban expel depose
    """.split()
)

SUPPORT_VERBS = frozenset(
    """
    support back endorse praise laud hail applaud commend defend protect help aid assist
    ally join thank congratulate welcome embrace champion promote favor favour fund finance
    sponsor arm equip reward honor honour celebrate glorify admire trust appoint nominate
    promote rescue shield reinforce befriend unite cooperate collaborate partner side
    """.split()
)

# Verbs that relate two subjects symmetrically: "A and B clashed", "A clashed with B".
SYMMETRIC_VERBS = frozenset(
    {
        "clash",
        "feud",
        "quarrel",
        "spar",
        "fight",
        "battle",
        "argue",
        "ally",
        "unite",
        "cooperate",
        "collaborate",
        "partner",
        "negotiate",
        "meet",
        "compete",
    }
)

CONFLICT_NOUNS = frozenset(
    """
    rival rivalry enemy enemies foe opponent critic feud clash conflict opposition attack
    criticism hostility adversary adversaries nemesis
    """.split()
)
SUPPORT_NOUNS = frozenset(
    """
    ally allies friend supporter backer protege protégé partner patron sponsor loyalist
    """.split()
)

# --- Sentiment -----------------------------------------------------------------------------

POSITIVE_WORDS = frozenset(
    """
    good great excellent best better brilliant successful success succeed win won victory
    victorious hero heroic brave courageous honest popular respected admired praise praised
    support supported strong powerful capable competent skilful skillful skilled effective
    wise smart talented famous glorious magnificent genuine trusted reliable legitimate
    peaceful fair generous kind decent celebrated beloved loyal prosperous stable secure safe
    welcome welcomed triumph triumphant achievement achievements accomplished impressive
    innovative inspiring honour honor dignity reform reformer freedom liberating liberated
    promising benefit benefited improve improved hope hopeful optimistic positive
    """.split()
)

NEGATIVE_WORDS = frozenset(
    """
    bad worse worst terrible awful corrupt corruption criminal criminals crime crimes lie lies
    liar lying false fake fabricate fabricates fabricated fabrication fabrications propaganda
    shameful shame disgrace disgraceful incompetent incompetence failure fail failed failing
    weak weakness arrogant brutal butcher butchery meat grinder aggressor aggression attack
    attacked attacks war murder murderer killed kill killing dictator dictatorship regime
    tyrant tyranny oppressive repressive ruthless cruel evil dangerous threat threatens
    hostile enemy illegal illegitimate fraud fraudulent scandal scandalous disaster disastrous
    chaos chaotic collapse collapses crisis humiliation humiliated defeat defeated loss losses
    trashing trashed trash accuse accused accuses blame blamed condemn condemned criticize
    criticized criticism denounce denounced reject rejected mock mocked insult insulted
    vulnerable desperate desperately frightening afraid anxious confusing conspiracy
    conspiracies myth myths outrageous dramatic radical extremist extremists terrorist
    terrorism terrorists violence violent unrest riot insurgent insurgents rebels rebel
    hijack discredit devalue compromised compromise dark incompetently childish parody
    vague unplanned unpredictable lies misleading mislead deceive deceptive cheat cheated
    scam bribe bribery puppet thug thugs gang gangster oligarch oligarchs rogue
    """.split()
)

NEGATORS = frozenset({"not", "no", "never", "n't", "without", "nor", "neither", "hardly"})
