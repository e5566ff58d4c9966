"""Words the matcher needs to know: titles and ranks, name particles, ordinary English words that
are also names, the acronyms that look like initials, and the words of roles and places."""

from __future__ import annotations


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and ranks written before a name ("Mrs Whitfield", "DI Hargreaves", "Dr. Reyes").
TITLES = _set(
    """mr mrs ms miss mx master dr doctor prof professor rev revd reverend fr father sister sr
    sir dame lady lord cllr councillor di ds dc dci dcs dsu pc ps sgt insp det supt ch
    detective inspector sergeant constable superintendent officer nurse midwife judge"""
)
# Titles that are only ever titles (a capitalised word after them is a name).
PERSONAL_TITLES = _set("mr mrs ms miss mx dr prof rev revd sir dame lady lord")

# Lower-case particles of a surname: "van der Berg", "de la Cruz", "bin Hassan", "ap Rhys".
PARTICLES = _set(
    "van von der den de del della di da du la le les dos das do bin binti bint ibn al el ap "
    "ter ten zu zum st mac"
)

# Ordinary words that are also names. Written in lower case they are the word ("may", "rose",
# "will"); capitalised they may be either, so they are replaced only where the text shows a
# name (a title before them, or the whole name), and otherwise pointed out by the check.
WORD_NAMES = _set(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    rose lily daisy holly ivy iris violet hazel heather fern willow poppy ruby pearl amber
    crystal jade jasmine summer autumn dawn hope faith grace joy mercy patience prudence
    charity honour honor will mark bill frank drew rob pat sue jack ray guy sandy rusty dusty
    bunny honey candy cherry ginger olive basil rosemary sage pepper sugar star sky storm
    river brook rain snow frost winter spring may art bob chip dean earl duke king prince
    baron major miles lance gene penny ruth victor wade reed rich sunny misty angel
    constable baker butler carpenter carter cook cooper fisher fletcher gardener harper
    hunter mason miller parker porter potter shepherd taylor turner walker ward weaver
    wright brown green white black grey gray young king bishop knight lord hill wood woods
    field fields bush brooks lake marsh moore moor vale dale ford bridge stone rock bell
    hall house church chapel lane street long short small little sharp strong swift wise
    bright gold silver price cash love hart lamb fox wolf bird crow drake swan finch
    sparrow bull bear buck lion day night morning north south east west english french
    wales welsh rice bean page barber glass hope power rush chance child nurse
    sergeant officer judge mayor sheriff friend best good gentle noble sterling
    worth new moss heath bank banks steward clay cross cliff wing walls wall waters
    rivers pope max eve jan feb mar apr jun jul aug sep sept oct nov dec don dot pip kit
    bud ash sky bay hale gay earnest ernest robin jay wren raven chase glen carol matt nick
    sally peg gill
    """
)

# Acronyms a review uses that look like someone's initials: never read as initials.
ACRONYMS = _set(
    """
    aafda ace asb bme cab camhs ccg cid cpn cps csp da dac dash dhr dardr dv dva dvpn dvpo
    flo gp hmp icb idva imr iopc isva la marac mash mappa mha mp nhs nfa nps pcc pnc qa sar
    sio spoc sw tor uk ct ae ed pc dc ds di dci dcs dsu sgt ps ok tv id eu am pm it or no as
    at be by do go he if in is me my of on so to up us we an ha ho hm hr ct rn gb oh ot pa
    ma mo re ip ao rd st nd th na tbc nb ps cc bcc re fyi asap csc cscp lscb lsab sab cspr
    cin cp lac pcso cpo dol dols mca mhst nsft hsc icpc rcpc cpc fgm hbv ipv vawg ssc sen
    send ehcp ot slt ft pt cmht ahp hca crhtt ld asd adhd ptsd gad ocd bpd eupd cbt dna
    ama aae ane edd ltd plc cic llp csu sfo roi ehc iom mpa idap adsb ppn gdpr sop ics
    """
)

# Words of roles, teams and organisations: text made of them is a role, not a person's name.
ROLE_WORDS = _set(
    """
    team service services manager lead officer nurse head meeting panel chair board unit
    department group safeguarding designated coordinator adviser advisor worker trust
    housing health review trigger social care practitioner director inspector sergeant
    constable detective representative family liaison clerk secretary minute taker
    independent author the of and for youths residents neighbours association office
    council police partnership community safety agency anti-social behaviour antisocial
    major crime investigation investigating senior response hub desk duty control room
    clinical commissioning integrated probation ambulance fire rescue school college gp
    surgery hospital practice centre center mental adult adults children child protection
    domestic abuse violence homicide support victim victims housing homes association ltd
    limited plc charity project helpline line services nhs icb foundation primary secondary
    academy university court crown magistrates county district borough city town parish
    """
)

# Words that describe someone rather than name them ("Group of youths", "Unknown male").
DESCRIPTIVE_WORDS = _set(
    """
    of the and at on in from with for to by a an or unknown group gang male female man woman
    boy girl youths youth person people residents neighbours children kids men women unnamed
    unidentified identified several various others other
    """
)

# Words of place names that say what kind of place it is, not which one.
PLACE_WORDS = _set(
    """
    school primary secondary infant infants junior nursery academy college university sixth
    form high grammar community church cofe ce rc catholic saint st hospital surgery medical
    practice health centre center clinic house court road street avenue close lane drive way
    place square gardens crescent terrace grove park hill green estate flats tower block
    ltd limited plc llp company group services office store shop stores supermarket express
    cafe restaurant pub hotel bar club gym leisure station depot factory warehouse works
    farm mill unit industrial business retail of the and at on in for by home homes care
    nursing residential lodge cottage foundation trust services sports centre
    """
)

# A street's kind, and how it is abbreviated ("Larchmere Ave", "Larchmere Av.").
STREET_KINDS: dict[str, tuple[str, ...]] = {
    "avenue": ("ave", "av"),
    "road": ("rd",),
    "street": ("st", "str"),
    "close": ("cl",),
    "court": ("ct",),
    "drive": ("dr", "drv"),
    "lane": ("ln",),
    "gardens": ("gdns", "gdn", "gardens"),
    "crescent": ("cres", "cresc", "cr"),
    "place": ("pl",),
    "square": ("sq",),
    "terrace": ("terr", "ter", "tce"),
    "grove": ("gr", "gro"),
    "park": ("pk",),
    "walk": ("wlk",),
    "parade": ("pde",),
    "green": ("grn",),
    "mount": ("mt",),
    "way": (),
    "mews": (),
    "row": (),
    "hill": (),
    "rise": (),
    "view": (),
    "vale": (),
    "meadow": (),
    "meadows": (),
    "wharf": (),
    "yard": (),
    "approach": ("appr",),
    "boulevard": ("blvd",),
    "embankment": (),
    "circus": (),
    "quay": (),
}
# Kinds of street that are also the end of a town's name ("Ashford Vale", "Park Hill"): a street
# only after a house number.
AMBIGUOUS_STREET_KINDS = _set("vale hill view rise green park meadow meadows wharf yard mount")
