"""The plan workbook: the one definition of its sheets and columns (see docs/workbook-format.md).

A sheet per kind of object, one row per object, a header row of the names below. Rows of
one sheet refer to rows of another by a key: a goal by its Nyckel, an activity by its Nr,
a unit by its name. The export writes these sheets, the template is them empty, and the
import reads them; the instructions sheet of the workbook is written from the help texts
here, so the file explains itself.

The headers are the file format, so they are not translated: a workbook made in one
language reads in another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from styrkedja import text_limits
from styrkedja.activities.choices import ActivityKind, Priority
from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.economy.choices import FrameKind
from styrkedja.followup.choices import Assessment, CommentTopic, ProposalRule, ReportStatus
from styrkedja.indicators.choices import Gender, TargetKind, ValueScope
from styrkedja.meetings.choices import MeetingBody
from styrkedja.plans.choices import SectionKey
from styrkedja.tenancy.choices import UnitKind

TEXT, NUMBER, INTEGER, YEAR, DATE, BOOLEAN, CHOICE, LIST, NUMBER_LIST = (
    "text", "number", "integer", "year", "date", "boolean", "choice", "list", "number_list",
)  # fmt: skip

LIST_SEPARATOR = ";"
YES, NO = "ja", "nej"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    # For a choice: stored value → the word written in the workbook. The import reads the
    # word, the stored value or (for a few) a short form, in any case.
    choices: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    help: str = ""
    width: int = 18
    # For a number: the decimals and digits in all that the database keeps (money: 12 and 2).
    decimals: int = 2
    digits: int = 12

    def words(self) -> dict[str, str]:
        """Every accepted spelling (lower case) → stored value."""
        accepted = {str(value).lower(): value for value in self.choices}
        accepted |= {str(word).lower(): value for value, word in self.choices.items()}
        accepted |= {word.lower(): value for word, value in self.aliases.items()}
        return accepted


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    help: str
    single_row: bool = False

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


def _labels(choices) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


def _ref(header: str, key: str, help: str, *, required: bool = True) -> Column:
    return Column(header, key, required=required, help=help, width=14)


STATUS = Column(
    "Status", "status", CHOICE, required=True, choices=_labels(ReportStatus.choices),
    aliases={"ej inlett": ReportStatus.NOT_STARTED, "klar": ReportStatus.DONE},
    help="Ej inledd, Pågår eller Klart.",
)  # fmt: skip
ASSIGNMENT_STATUS = Column(
    "Nuläge", "status", CHOICE, required=True, choices=_labels(AssignmentStatus.choices),
    aliases={"ej inledd": AssignmentStatus.NOT_STARTED, "klart": AssignmentStatus.DONE},
    help="Ej påbörjat, Pågår, Genomfört eller Ej genomfört.",
)  # fmt: skip
ASSESSMENT_CHOICES = _labels(Assessment.choices)
RULE_SCOPES = {"municipality": "Kommunen", "plan": "Planen"}
PERIOD = _ref("Period", "period", "Periodens kod på bladet Perioder, till exempel T1.")
COMMENT = Column("Kommentar", "comment", max_length=text_limits.COMMENT, width=60)
MONEY_HELP = "Mnkr, med decimalkomma eller decimalpunkt."

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Kommun",
        (Column("Namn", "name", required=True, max_length=200, width=30),),
        "Kommunens namn. Vid inläsning gäller den kommun filen läses in i; namnet används bara "
        "när kommunen skapas från kommandoraden.",
        single_row=True,
    ),
    Sheet(
        "Målnivåer",
        (
            Column("Nyckel", "key", required=True, max_length=50, help="Kort nyckel, t.ex. kf."),
            Column("Namn", "name", required=True, max_length=200, width=40),
            Column("Namn i plural", "name_plural", max_length=200, width=40),
            Column(
                "Numrerad rubrik",
                "numbered",
                max_length=200,
                width=40,
                help="Hur ett numrerat mål rubriceras, med {nummer} för numret.",
            ),
        ),
        "Kommunens målnivåer, den översta först, med kommunens egna namn. Lämnas bladet tomt "
        "gäller kommunens befintliga nivåer.",
    ),
    Sheet(
        "Enheter",
        (
            Column("Namn", "name", required=True, max_length=200, width=36),
            Column(
                "Överordnad enhet",
                "parent",
                width=36,
                help="Namnet på enheten den hör till; tomt för en nämnd överst.",
            ),
            Column("Typ", "kind", CHOICE, required=True, choices=_labels(UnitKind.choices)),
            Column(
                "Kortnamn",
                "slug",
                max_length=50,
                help="Krävs för en nämnd: ingår i planens namn (kommun/nämnd/år).",
            ),
            Column("Förkortning", "short_name", max_length=40, help="Förkortning i dokumenten, t.ex. Kof."),
        ),
        "Organisationen. Enheter som redan finns (samma namn) uppdateras, nya skapas. Lämnas "
        "bladet tomt gäller kommunens befintliga enheter.",
    ),
    Sheet(
        "Externa parter",
        (Column("Namn", "name", required=True, max_length=200, width=36),),
        "Organisationer utanför kommunen som aktiviteter samverkar med.",
    ),
    Sheet(
        "Visionsmål",
        (
            Column("Nyckel", "key", required=True, max_length=80),
            Column("Nivå", "level", required=True, help="Nyckeln för en målnivå."),
            Column("Nummer", "number", max_length=20),
            Column("Rubrik", "title", max_length=300, width=30),
            Column("Text", "text", max_length=text_limits.GOAL_TEXT, width=60),
        ),
        "Mål som gäller över planerna, till exempel visionsområden.",
    ),
    Sheet(
        "Plan",
        (
            Column(
                "Nämnd",
                "board",
                required=True,
                width=30,
                help="Nämndens namn eller kortnamn; planen hör till den.",
            ),
            Column("År", "year", YEAR, required=True),
            Column("Titel", "title", required=True, max_length=200, width=36),
            Column("Budgetperiod från", "budget_start", YEAR, required=True),
            Column("Budgetperiod till", "budget_end", YEAR, required=True),
            Column(
                "Aktivitetstabeller i uppföljningen",
                "report_show_activity_tables",
                BOOLEAN,
                help="ja eller nej (tomt: ja).",
                width=12,
            ),
            Column(
                "Måttabeller i uppföljningen",
                "report_show_measure_tables",
                BOOLEAN,
                help="ja eller nej (tomt: nej).",
                width=12,
            ),
            Column(
                "Diagram i uppföljningen",
                "report_show_charts",
                BOOLEAN,
                help="ja eller nej (tomt: ja).",
                width=12,
            ),
        ),
        "Planen: en rad.",
        single_row=True,
    ),
    Sheet(
        "Textavsnitt",
        (
            Column(
                "Placering",
                "key",
                CHOICE,
                width=28,
                choices={k: v for k, v in _labels(SectionKey.choices).items() if k != SectionKey.SECTOR},
                help="Var i dokumentet texten står. Tomt för en sektors text.",
            ),
            Column("Sektor", "sector", help="För en sektors egen text: sektorns namn (bladet Sektorer)."),
            Column("Rubrik", "heading", max_length=300, width=30),
            Column("Text", "body", max_length=text_limits.SECTION, width=80),
        ),
        "Dokumentets löptext i ordning.",
    ),
    Sheet(
        "Perioder",
        (
            Column("Kod", "code", required=True, help="T1, T2, T3 eller M01–M12.", width=8),
            Column("Namn", "name", max_length=100),
            Column("Avser per", "ends_on", DATE, required=True),
            Column("Sista rapportdag", "due_on", DATE),
            Column("Öppnad", "opened", BOOLEAN, help="ja eller nej (tomt: ja).", width=10),
            Column("Stängd", "closed", BOOLEAN, help="ja eller nej (tomt: nej).", width=10),
            Column("Beskrivning", "description", max_length=text_limits.COMMENT, width=40),
            COMMENT,
        ),
        "Uppföljningstillfällena.",
    ),
    Sheet(
        "Mål",
        (
            Column(
                "Nyckel", "key", required=True, max_length=80, help="Unik i filen; andra blad hänvisar hit."
            ),
            Column("Överordnat mål", "parent", help="Nyckeln för målet detta mål hör under."),
            Column("Nivå", "level", required=True, help="Nyckeln för en målnivå."),
            Column("Nummer", "number", max_length=20, width=8),
            Column("Rubrik", "title", max_length=300, width=30),
            Column("Mål", "text", max_length=text_limits.GOAL_TEXT, width=60),
            Column("Mätbar formulering", "measurable", max_length=text_limits.GOAL_TEXT, width=50),
            Column("Nuläge", "baseline", max_length=text_limits.GOAL_TEXT, width=50),
            Column("Motivering", "motivation", max_length=text_limits.GOAL_TEXT, width=50),
            Column("Vägen till målet", "way_forward", max_length=text_limits.GOAL_TEXT, width=50),
            Column("Uppföljning", "followup", max_length=text_limits.GOAL_TEXT, width=40),
            Column(
                "Ansvarig",
                "responsible",
                width=30,
                help="Enheten som följer upp målet (namn eller förkortning); dess rapportörer "
                "rapporterar det.",
            ),
            Column(
                "Bidrar till",
                "contributes_to",
                LIST,
                help="Nycklar för mål på högre nivå, åtskilda med semikolon.",
            ),
            Column(
                "Agenda 2030", "agenda2030", NUMBER_LIST, help="Globala mål 1–17, åtskilda med semikolon."
            ),
        ),
        "Planens mål i ordning; ett mål under ett annat anger dess nyckel som överordnat mål.",
    ),
    Sheet(
        "Målrapporter",
        (
            _ref("Mål", "goal", "Målets nyckel."),
            PERIOD,
            Column("Bedömning", "assessment", CHOICE, choices=ASSESSMENT_CHOICES, width=22),
            Column(
                "Föreslagen bedömning", "proposed_assessment", CHOICE, choices=ASSESSMENT_CHOICES, width=22
            ),
            Column("Skäl till avvikelse", "reason", max_length=text_limits.REASON, width=40),
            COMMENT,
            Column("Åtgärder", "actions", max_length=text_limits.COMMENT, width=50),
        ),
        "Målens uppföljning per period. Flera rader för samma mål och period är historik: den sista gäller.",
    ),
    Sheet(
        "Indikatorer",
        (
            _ref("Nr", "ref", "Unikt nummer eller namn; bladet Indikatorvärden hänvisar hit."),
            _ref("Mål", "goal", "Målets nyckel."),
            Column("Indikator", "name", required=True, max_length=text_limits.TITLE, width=50),
            Column("Källa", "source", max_length=300, width=30),
            Column("Enhet", "unit", max_length=40, width=8),
            Column("Målvärde", "target", max_length=300, width=30, help="Målet som det skrivs i dokumentet."),
            Column("Måltyp", "target_kind", CHOICE, choices=_labels(TargetKind.choices), width=24),
            Column(
                "Målnivå",
                "target_value",
                NUMBER,
                decimals=3,
                digits=14,
                help="Talet för Minst, Högst, Mer än, Mindre än och Bland de bästa procenten.",
            ),
            Column(
                "Medel över år",
                "average_years",
                INTEGER,
                help="Antal år (2–10) vars medelvärde jämförs med målnivån. Tomt: varje år för sig.",
                width=10,
            ),
            Column("Högre är bättre", "higher_is_better", BOOLEAN, help="ja eller nej (tomt: ja).", width=10),
            Column("Kolada-KPI", "kolada_kpi", max_length=20, help="Kolada-nyckeltalet värdena hämtas från."),
        ),
        "Målens indikatorer.",
    ),
    Sheet(
        "Indikatorvärden",
        (
            _ref("Indikator", "indicator", "Indikatorns Nr."),
            Column("År", "year", YEAR, required=True, width=8),
            Column(
                "Avser",
                "scope",
                CHOICE,
                choices=_labels(ValueScope.choices),
                aliases={"riket": ValueScope.NATION},
                help="Kommunen, Riket eller Annan jämförelse (tomt: Kommunen).",
            ),
            Column("Benämning", "label", max_length=200, help="För Annan jämförelse: vilken."),
            Column("Värde", "value", NUMBER, decimals=3, digits=14, help="Tomt bara när Värde saknas anges."),
            Column(
                "Värde saknas",
                "missing_reason",
                max_length=300,
                width=24,
                help="Varför året saknar värde, till exempel ”statistik saknas”, i stället för Värde.",
            ),
            Column(
                "Kön",
                "gender",
                CHOICE,
                choices=_labels(Gender.choices),
                help="Totalt, Kvinnor eller Män (tomt: Totalt).",
                width=10,
            ),
            Column("Placering", "rank", INTEGER, help="Placeringen i en rankning."),
            Column("Av antal", "rank_of", INTEGER, help="Antalet rankade."),
            Column("Anmärkning", "note", max_length=300, width=30),
            Column("Källa", "source", max_length=300, width=30),
        ),
        "Indikatorernas utfall per år, för kommunen och för jämförelser.",
    ),
    Sheet(
        "Aktiviteter",
        (
            _ref("Nr", "ref", "Unikt nummer; andra blad hänvisar hit."),
            Column("Mål", "goal", help="Målets nyckel. Tomt: en särskild satsning."),
            Column("Aktivitet", "title", required=True, max_length=text_limits.TITLE, width=60),
            Column(
                "Typ",
                "kind",
                CHOICE,
                choices={k: k for k in ActivityKind.values if k},
                aliases={str(label): value for value, label in ActivityKind.choices if value} | {"f/p": "FP"},
                help="A (aktivitet), P (projekt), F (förstudie), FP (förstudie/projekt) eller tomt.",
                width=8,
            ),
            Column(
                "Prioritet",
                "priority",
                CHOICE,
                choices=_labels(Priority.choices),
                help="Normal eller Angeläget.",
            ),
            Column(
                "Ansvarig",
                "responsible",
                required=True,
                help="Ansvarig enhets namn eller förkortning.",
                width=30,
            ),
            Column(
                "Medansvariga", "co_responsible", LIST, help="Fler ansvariga enheter, åtskilda med semikolon."
            ),
            Column("Anmärkning", "note", max_length=300, width=30),
        ),
        "Aktiviteter, projekt och förstudier under målen, och särskilda satsningar.",
    ),
    Sheet(
        "Samverkan",
        (
            _ref("Aktivitet", "activity", "Aktivitetens Nr."),
            Column("Enhet", "unit", width=30),
            Column("Extern part", "partner", width=30),
            Column("Fritext", "text", max_length=200, width=30),
        ),
        "Aktiviteternas samverkansparter i ordning. Fyll i precis en av Enhet, Extern part och Fritext.",
    ),
    Sheet(
        "Aktivitetsrapporter",
        (_ref("Aktivitet", "activity", "Aktivitetens Nr."), PERIOD, STATUS, COMMENT),
        "Aktiviteternas status och kommentar per period. Flera rader för samma aktivitet och period "
        "är historik: den sista gäller.",
    ),
    Sheet(
        "Avsnittskommentarer",
        (
            PERIOD,
            Column(
                "Avsnitt", "topic", CHOICE, required=True, choices=_labels(CommentTopic.choices), width=30
            ),
            Column("Kommentar", "comment", required=True, max_length=text_limits.COMMENT, width=60),
        ),
        "Kommentarer som hör till ett avsnitt i uppföljningen, inte till ett mål.",
    ),
    Sheet(
        "Brukarundersökningar",
        (
            _ref("Nr", "ref", "Unikt nummer; andra blad hänvisar hit."),
            Column("Enhet", "unit", required=True, width=30),
            Column("Undersökning", "kind", required=True, max_length=200, width=30),
            Column("Kontaktperson", "contact", max_length=200, width=30),
        ),
        "Brukarundersökningar och annan brukarinvolvering.",
    ),
    Sheet(
        "Undersökningsrapporter",
        (_ref("Undersökning", "survey", "Undersökningens Nr."), PERIOD, STATUS, COMMENT),
        "Undersökningarnas status per period.",
    ),
    Sheet(
        "Undersökningsresultat",
        (
            _ref("Undersökning", "survey", "Undersökningens Nr."),
            Column("Mått", "measure", required=True, max_length=300, width=40),
            Column("År", "year", YEAR, required=True, width=8),
            Column("Resultat", "value", NUMBER, required=True),
            Column("Riket", "national_value", NUMBER),
            Column("Enhet", "unit", max_length=20, width=8),
            _ref(
                "Period",
                "period",
                "Perioden resultatet rapporterades vid; tomt: känt när planen gjordes.",
                required=False,
            ),
        ),
        "Undersökningarnas resultat.",
    ),
    Sheet(
        "Uppdrag",
        (
            Column("Nyckel", "key", required=True, max_length=80),
            Column("Uppdrag", "title", required=True, max_length=text_limits.TITLE, width=50),
            Column("Beskrivning", "description", max_length=text_limits.COMMENT, width=60),
            Column("Mål", "goal", help="Nyckeln för målet uppdraget hör till."),
            Column("Ansvarig", "responsible", width=30, help="Enheten som genomför och redovisar uppdraget."),
        ),
        "Uppdrag från kommunfullmäktige.",
    ),
    Sheet(
        "Uppdragsrapporter",
        (
            _ref("Uppdrag", "assignment", "Uppdragets nyckel."),
            PERIOD,
            ASSIGNMENT_STATUS,
            Column("Genomfört arbete", "comment", max_length=text_limits.COMMENT, width=60),
            Column("Prognos", "prognosis", max_length=text_limits.COMMENT, width=40),
            Column("Korrigerande åtgärder", "corrective_actions", max_length=text_limits.COMMENT, width=40),
        ),
        "Uppdragens nuläge, genomförda arbete, prognos och korrigerande åtgärder per period.",
    ),
    Sheet(
        "Uppdragsstatus",
        (
            Column("Status", "key", CHOICE, required=True, choices=_labels(AssignmentStatus.choices)),
            Column("Kommunens ord", "label", required=True, max_length=60, width=30),
        ),
        "Kommunens egna ord för uppdragens status, där de skiljer sig från standardorden. Lämnas "
        "bladet tomt gäller kommunens befintliga ord.",
    ),
    Sheet(
        "Bedömningsskala",
        (
            Column("Betyder", "key", CHOICE, required=True, choices=_labels(Assessment.choices), width=22),
            Column("Kommunens ord", "label", required=True, max_length=100, width=24),
            Column("Symbol", "symbol", max_length=8, width=8),
            Column(
                "Ord i sammanfattningen",
                "summary_word",
                max_length=60,
                help="T.ex. uppfyllda i ”12 av 25 delmål uppfyllda”.",
                width=22,
            ),
        ),
        "Kommunens skala för målbedömning, bäst först: tre till fem steg, och ”Kan inte bedömas” sist om "
        "den används. Lämnas bladet tomt gäller kommunens befintliga skala.",
    ),
    Sheet(
        "Bedömningsregler",
        (
            Column("Gäller", "scope", CHOICE, required=True, choices=RULE_SCOPES, width=12),
            Column(
                "Räknade nivåer",
                "counted_levels",
                LIST,
                help="Målnivåernas nycklar, åtskilda med semikolon. Tomt: alla nivåer.",
                width=24,
            ),
            Column("Ord för målen", "goal_noun", max_length=60, help="T.ex. delmål.", width=16),
            Column(
                "Visa aktivitetsmeningen",
                "show_activity_sentence",
                BOOLEAN,
                help="ja eller nej (tomt: ja).",
                width=12,
            ),
            Column(
                "Regel för förslaget",
                "proposal_rule",
                CHOICE,
                choices=_labels(ProposalRule.choices),
                width=30,
            ),
            Column(
                "Gräns för delvis",
                "partly_threshold",
                INTEGER,
                help="Procent av målvärdet (tomt: 80).",
                width=12,
            ),
        ),
        "Vad sammanfattningen räknar och hur förslaget till bedömning tas fram: en rad för kommunen, "
        "och en för planen där den avviker. Lämnas bladet tomt gäller de befintliga reglerna.",
    ),
    Sheet(
        "Sammanträden",
        (
            _ref("Nr", "ref", "Unikt nummer; bladet Sammanträdespunkter hänvisar hit."),
            Column(
                "Organ",
                "body",
                CHOICE,
                required=True,
                choices={k: k for k in MeetingBody.values},
                aliases={str(label): value for value, label in MeetingBody.choices},
                width=8,
            ),
            Column("Datum", "date", DATE, required=True),
            Column("Rubrik", "title", max_length=200, width=30),
        ),
        "Sammanträden där målen och uppdragen följs upp (KF, KS, AU).",
    ),
    Sheet(
        "Sammanträdespunkter",
        (
            _ref("Sammanträde", "meeting", "Sammanträdets Nr."),
            Column("Mål", "goal", help="Målets nyckel."),
            Column("Uppdrag", "assignment", help="Uppdragets nyckel."),
            Column("Text", "text", max_length=300, width=40),
        ),
        "Vad som tas upp vid varje sammanträde: ett mål, ett uppdrag eller en text.",
    ),
    Sheet(
        "Budgetprocess",
        (
            Column("Rubrik", "title", required=True, max_length=200, width=30),
            Column("När", "when", max_length=200, width=30),
            Column("Datum", "date", DATE),
            Column("Beskrivning", "description", max_length=text_limits.COMMENT, width=50),
        ),
        "Budgetprocessens milstolpar.",
    ),
    Sheet(
        "Sektorer",
        (
            Column("Sektor", "unit", required=True, width=30, help="Enhetens namn."),
            Column("Summa intäkter", "income", NUMBER, help=MONEY_HELP),
            Column("Summa kostnader", "cost", NUMBER),
            Column("Summa netto", "net", NUMBER),
            Column("Summa netto föregående år", "net_previous", NUMBER),
        ),
        "Sektorerna med egen ekonomi, och summorna som de står i dokumentet.",
    ),
    Sheet(
        "Ramar",
        (
            _ref("Sektor", "sector", "Sektorns namn (bladet Sektorer)."),
            Column("År", "year", YEAR, required=True, width=8),
            Column(
                "Slag",
                "kind",
                CHOICE,
                required=True,
                choices=_labels(FrameKind.choices),
                help="Bokslut, Budget eller Ek plan.",
            ),
            Column("Belopp", "amount", NUMBER, required=True, help=MONEY_HELP),
        ),
        "Sektorernas ekonomiska ramar.",
    ),
    Sheet(
        "Budgetrader",
        (
            _ref("Sektor", "sector", "Sektorns namn (bladet Sektorer)."),
            Column("Verksamhet", "name", required=True, max_length=200, width=30),
            Column("Intäkter", "income", NUMBER, help=MONEY_HELP),
            Column("Kostnader", "cost", NUMBER),
            Column("Netto", "net", NUMBER),
            Column("Netto föregående år", "net_previous", NUMBER),
        ),
        "Sektorernas driftbudget per verksamhet.",
    ),
    Sheet(
        "Utfall och prognos",
        (
            _ref("Sektor", "sector", "Sektorns namn (bladet Sektorer)."),
            Column(
                "Verksamhet",
                "line",
                required=True,
                max_length=200,
                width=30,
                help="Budgetradens verksamhet (bladet Budgetrader).",
            ),
            PERIOD,
            Column("Utfall", "outcome", NUMBER, help=MONEY_HELP),
            Column("Helårsprognos", "forecast", NUMBER, help=MONEY_HELP),
            COMMENT,
        ),
        "Budgetradernas utfall hittills och prognos för helåret per period. Flera rader för samma "
        "budgetrad och period är historik: den sista gäller.",
    ),
    Sheet(
        "Sektorernas ekonomikommentarer",
        (
            _ref("Sektor", "sector", "Sektorns namn (bladet Sektorer)."),
            PERIOD,
            Column("Kommentar", "comment", required=True, max_length=text_limits.COMMENT, width=60),
        ),
        "Sektorernas kommentar till ekonomin per period.",
    ),
    Sheet(
        "Investeringar",
        (
            _ref("Nr", "ref", "Unikt nummer; andra blad hänvisar hit."),
            Column("Överordnat projekt", "parent", help="Nr för gruppen projektet hör till."),
            Column("Projekt", "name", required=True, max_length=200, width=40),
        ),
        "Investeringsplanens projekt och grupper i ordning.",
    ),
    Sheet(
        "Investeringsbelopp",
        (
            _ref("Projekt", "project", "Projektets Nr."),
            Column("År", "year", YEAR, required=True, width=8),
            Column("Belopp", "amount", NUMBER, required=True, help=MONEY_HELP),
        ),
        "Investeringarnas belopp per år. Ett år utan belopp lämnas bort.",
    ),
    Sheet(
        "Investeringsspecifikation",
        (
            _ref("Projekt", "project", "Projektets Nr."),
            Column("Specificering", "name", required=True, max_length=text_limits.TITLE, width=60),
            Column("Belopp (tkr)", "amount_tkr", NUMBER, required=True, help="Tusentals kronor."),
        ),
        "Projektens specificering i tkr.",
    ),
    Sheet(
        "Investeringsutfall",
        (
            _ref("Projekt", "project", "Projektets Nr."),
            PERIOD,
            Column("Utfall", "outcome", NUMBER, help=MONEY_HELP),
            Column("Helårsprognos", "forecast", NUMBER, help=MONEY_HELP),
            COMMENT,
        ),
        "Investeringarnas utfall och prognos för året per period.",
    ),
    Sheet(
        "Investeringar summa",
        (
            Column("År", "year", YEAR, required=True, width=8),
            Column("Summa", "amount", NUMBER, required=True, help=MONEY_HELP),
        ),
        "Investeringsplanens summa per år, som den står i dokumentet.",
    ),
)

SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
INSTRUCTIONS = "Anvisningar"
