"""The leadership tips leadcheck checks, quoted line for line with their headings.

Each rule names the tips it checks by key; `leadcheck rules --by-tip` prints the
coverage, and a test keeps every tip covered.
"""

from __future__ import annotations

from leadcheck.records import record

TITLE = "Top tips on leadership"
INTRO = "Here are some top tips that were generated at certain phases, events and reports."


@record
class Tip:
    """One line of the tips, with the heading it sits under."""

    key: str
    section: str
    marker: str
    """The bullet or number the line starts with ("- ", "1. "); empty for a heading."""
    text: str

    @property
    def line(self) -> str:
        """The tip exactly as written."""
        return self.marker + self.text


TIPS: tuple[Tip, ...] = (
    Tip(
        "right-leadership",
        "Learning from phase 2 (diagnosis and solution design)",
        "- ",
        "The right leadership is essential to success",
    ),
    Tip(
        "skills-applied",
        "Learning from phase 2 (diagnosis and solution design)",
        "- ",
        "Its important that leaders understand the skills required and are able to apply them strategically",
    ),
    Tip(
        "central-improvement-lead",
        "Learning from phase 2 (diagnosis and solution design)",
        "- ",
        "There should be strong service improvement leadership from a position that is central to all partners and not located within an organisation",
    ),
    Tip(
        "resources-from-all",
        "Learning from phase 2 (diagnosis and solution design)",
        "- ",
        "Leaders need to be able to access resources from within all partners",
    ),
    Tip(
        "energetic",
        "Learning event",
        "- ",
        "Leadership needs to be energetic.",
    ),
    Tip(
        "empowering-environment",
        "Learning event",
        "- ",
        "Getting the right environment to empower leaders",
    ),
    Tip(
        "enable-risk-taking",
        "Learning event",
        "- ",
        "Expectations – senior level leadership enabling people further down to take risks that will lead to change",
    ),
    Tip(
        "resources",
        "Learning event",
        "- ",
        "Resources",
    ),
    Tip(
        "skills",
        "Learning event",
        "- ",
        "Skills",
    ),
    Tip(
        "communication",
        "Learning event",
        "- ",
        "Leadership and communication",
    ),
    Tip(
        "appetite-for-change",
        "Learning event",
        "- ",
        "Creating a sustained appetite for change",
    ),
    Tip(
        "made-real",
        "Learning event",
        "- ",
        "De-mystifying and making “real”",
    ),
    Tip(
        "sources-of-leadership",
        "Learning event",
        "- ",
        "Sources of leadership",
    ),
    Tip(
        "users-and-carers",
        "Learning event",
        "- ",
        "Service users and carers being equal partners and leader",
    ),
    Tip(
        "plan-long-do-short",
        "Learning event",
        "- ",
        "Leadership strategies - Plan long, do short",
    ),
    Tip(
        "champions-everywhere",
        "What overall leadership qualities are needed and where do they come from?",
        "1. ",
        "Leaders/champions required in every stakeholder group and each work stream in order to create the right partnering conditions. Each partner must have the governance structure and culture to support the development of leaders.Personality traits that leaders must have to facilitate multi-agency partnering: Enthusiasm, authority, open and honest, the ability to consult and listen, responding flexibly to feedback, the ability to effectively devolve authority and challenge partners but retain accountability, an ability to recognise and define limitations – to agree what can be changed, and what is fixed",
    ),
    Tip(
        "partnering-conditions",
        "What overall leadership qualities are needed and where do they come from?",
        "2. ",
        "Leaders must also have the following from partners in order for whole systems approaches to flourish: Credibility, mutual respect, a shared vision and common goals, and openness.",
    ),
    Tip(
        "highlight-reports",
        "Highlight reports",
        "",
        "Highlight reports",
    ),
    Tip(
        "devolution-in-action",
        "Highlight reports",
        "- ",
        "Support from senior management in organisations imperative to enable “devolution in action”",
    ),
    Tip(
        "engaged-at-start",
        "Highlight reports",
        "- ",
        "Leaders are VIP to engagement at the start so that if the going gets tough they can be asked to lend support.",
    ),
    Tip(
        "chief-executive-support",
        "Highlight reports",
        "- ",
        "Chief Executive level support is essential to enable this programme to succeed.",
    ),
)

TIPS_BY_KEY: dict[str, Tip] = {tip.key: tip for tip in TIPS}
