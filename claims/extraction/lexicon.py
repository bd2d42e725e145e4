"""Word lists for attribution: titles, first names, organisation words, determiners, days.

Shared by the attribution finder (``attribution``) and the coreference tracker (``speakers``).
"""

from __future__ import annotations

import re


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NUMBER_WORDS = _set(
    "two three four five six seven eight nine ten eleven twelve dozens hundreds thousands "
    "twenty thirty forty fifty several many few most some"
)
_AUX = _set(
    "still already now again "
    "had has have was were is are also previously reportedly then later once had been has been "
    "would will could may might recently repeatedly publicly privately further"
)
_DETERMINERS = _set("the a an its their his her our this that these those")
_BLOCK = _set(
    """
    that which who whom whose what when where why how and but or because while as if than
    to not it this there be been being do does did so such than very more most
    though although whereas unless yet"""
)
# Object and possessive pronouns never name a speaker ("though she", "her office").
_PRONOUN_WORDS = _set("he she they we you him her them us his their our your its")
_PRONOUNS = _set("he she they i we you it")
_TITLES = _set(
    """
    president minister secretary chancellor premier governor mayor senator sen sen.
    representative rep rep. dr dr. mr mr. mrs mrs. ms ms. prof prof. professor judge justice
    general gen gen. colonel col. captain capt. sergeant officer chief ceo cfo coo chair
    chairman chairwoman chairperson director spokesman spokeswoman spokesperson leader
    commissioner ambassador king queen prince princess pope bishop rev rev. sir lord lady dame
    deputy vice interior foreign finance defence defense health economy economic trade energy
    justice home state prime press executive analyst economist lawmaker councillor councilman
    councilwoman superintendent inspector detective lieutenant lt. adm. admiral marshal
    minister's st. coach manager founder speaker whip majority minority attorney treasurer
    comptroller controller auditor sheriff surgeon epidemiologist official assemblymember
    assemblyman assemblywoman congressman congresswoman delegate owner gov gov. lt gen
    clerk registrar coroner ombudsman marshal trustee regent provost dean warden
    supt supt. atty atty. chairs coordinator administrator"""
)
_FEMALE_TITLES = _set(
    "mrs mrs. ms ms. miss spokeswoman chairwoman councilwoman queen princess lady dame"
)
_MALE_TITLES = _set("mr mr. spokesman chairman councilman king prince sir lord")
_FEMALE_NAMES = _set(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    margaret sandra ashley emily donna michelle carol amanda melissa deborah laura rebecca
    sharon cynthia kathleen amy angela anna ruth maria sofia sophie olga elena natalia irina
    karine amara priya fatima aisha emma olivia julia claire marie hannah grace chloe nadia
    ursula kamala hillary nancy angela theresa jacinda giorgia ana lucia ingrid greta
    helen janet joan judith alice diana catherine katherine kate heather megan rachel samantha
    stephanie nicole christine victoria michaela monica natalie andrea erin kelly tina wendy
    jane joanna louise lauren alison allison beth ellen eva isabel isabella mia zoe lily ella
    rosa carmen lena nora ruby maya leah naomi esther miriam tamara vera yvonne gloria rita
    denise diane gillian hilary jill liz molly nina pam paula sue susanna tracy"""
)
_MALE_NAMES = _set(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel frank gregory raymond alexander patrick jack dennis jerry
    vladimir dmitry sergei aleksey alexei ivan karl hans peter emmanuel olaf boris rishi
    joe barack bernie mohammed ahmed ali omar luis carlos jose juan pedro xi volodymyr
    derek owen martin tom tim mike chris dan dave bob ben sam tony nick alan adam
    aaron andy arthur bruce carl craig dean doug douglas fred gavin glenn graham greg harry
    henry howard ian jeremy jim keith liam lucas marcus mario neil noah oliver oscar
    philip phil ralph roger ross russell simon stuart ted terry trevor victor wayne walter
    hugo felix leo miguel antonio diego rafael hassan yusuf abdul rahul arjun kenji"""
)
_FIRST_NAMES = _FEMALE_NAMES | _MALE_NAMES
_ORG_WORDS = _set(
    """
    council office logistics securities inc inc. corp corp. ltd ltd. plc group agency ministry
    department bank university institute association party committee commission service
    times post news reuters press company co co. house union organization organisation
    foundation authority board court police government parliament congress senate partners
    capital holdings operator center centre hospital school network coalition alliance fund
    bureau administration army navy force forces embassy federation league club team report
    survey study poll data index"""
)
_DOC_NOUNS = _set(
    "note report statement filing data figures survey study document release analysis poll "
    "records estimates memo letter website"
)
_DAYS = _set(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier later"
)
# The look-ahead on the first letter lets the scan skip most positions cheaply.
_TITLED_NAME_RE = re.compile(
    r"(?=[PpMmSsRrGgDdCcEeLlJjAa])\b(?:[Pp]resident|[Mm]inister|[Ss]ecretary|[Ss]enator|Sen\.|Rep\.|"
    r"Gov\.|[Gg]overnor|[Ss]peaker|[Cc]ommissioner|[Cc]oach|[Ss]heriff|[Aa]ttorney\s+[Gg]eneral|"
    r"Gen\.|Col\.|Lt\.|Rev\.|Supt\.|"
    r"[Mm]ayor|Dr\.|Mr\.|Mrs\.|Ms\.|Prof\.|[Pp]rofessor|[Cc]hancellor|[Pp]remier|[Ee]xecutive|"
    r"[Ll]eader|[Ss]pokes(?:man|woman|person)|[Dd]irector|[Cc]hair(?:man|woman)?|CEO|[Jj]udge)"
    r"\s+((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)"
)
# "the agency said": a generic noun standing for the organisation named last.
_GENERIC_ORGS = _set(
    """
    agency department ministry company firm office bureau organization organisation institute
    commission committee council authority board regulator insurer lender bank utility
    government administration hospital university union party league club team center centre
    service department's group"""
)
_PUBLIC_BODY = _set(
    """
    agency administration centers center bureau service division department institute institutes
    office commission authority ministry board council government federal national state
    """
)
_PUBLIC_NOUNS = _set("agency bureau office authority regulator administration government")
_BUSINESS_NOUNS = _set("company firm insurer lender bank utility operator group")
# "Robert " (and an optional middle initial) right before a surname.
_FIRST_BEFORE_RE = re.compile(r"(?<![\w.])([A-Z][a-z][\w’'-]*)\s+(?:[A-Z]\.\s+)?$")
_MAX_MISSES = 256
# Lower-case words that link the parts of an organisation's name ("Institute on Drug Abuse").
# Lower-case particles inside a person's name: "Abdulaziz bin Salman", "Ursula von der Leyen".
PARTICLES = _set("bin bint ibn al el van von der den de da das dos du del della di la le")
_NAME_LINKS = _set("at in of from for with and on to de the &")
_NOT_FIRST = _set(
    """
    north south east west northern southern eastern western central new san santa los las el
    saint st port fort lake mount upper lower greater great little old united royal
    the a an this that these those in on at of for from by with and or but as when while if
    after before since during said says told according mr mrs ms dr sen rep gov former new
    january february march april may june july august september october november december"""
)
_STOP_CHARS_RE = re.compile(r"(?<!\d),|,(?!\d)|[;:“”\"(—–]|\s-\s")
_WORD_SPLIT_RE = re.compile(r"\s+")


def _cap(w: str) -> bool:
    return bool(w) and w[0].isupper()


def _clean_words(words: list[str]) -> list[str]:
    out = [w.strip(".,;:'’\"“”()") if not w.endswith(".") or len(w) > 4 else w for w in words]
    return [w for w in out if w]
