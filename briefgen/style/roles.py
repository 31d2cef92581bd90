"""The role vocabulary: every name a node's `role` may carry and every style a backend applies.

A role says what a piece of a brief *is*; the resolved `Style` says how it looks. Each role is
one of these, documented where it is defined:

- a *text* role has a `TextStyle` (font, size, leading, colour, spacing) in `Style.text`;
- a *box* role has a `BoxStyle` (background, bar, rules, padding) in `Style.boxes`;
- a *list* role has its own bullet in `Style.lists.bullets`;
- a *level* role picks a pair of level colours (`Style.levels`);
- a *mark* role only says what a node is (e.g. a pillar's heading), for backends and readers
  that want to know; it is styled like its node type.

`nodes` names the node types that carry a role; a role with none is applied by every backend
to a part of a node (the title of a box, the header row of a table). Templates restyle text and
box roles under `roles:` (see docs/templates.md).
"""

from __future__ import annotations

from ..document.records import Record, record


@record
class Role(Record):
    """One role: its name, what it means, what kind of style it has, and who carries it."""

    name: str
    doc: str
    kinds: tuple[str, ...]  # text | box | list | level | mark
    nodes: tuple[str, ...] = ()


ROLES: dict[str, Role] = {}


def _role(name: str, doc: str, *kinds: str, nodes: tuple[str, ...] = ()) -> str:
    ROLES[name] = Role(name, doc, kinds, nodes)
    return name


# --- running text -----------------------------------------------------------------------------
BODY = _role("body", "Running text: every paragraph without a role of its own.", "text")
LEAD = _role("lead", "A pillar's one-paragraph summary, set a little larger, before its points.",
             "text", nodes=("Paragraph",))
HEADING_1 = _role("heading.1", "A top-level section heading, with the rule under it.", "text")
HEADING_2 = _role("heading.2", "A second-level heading (a pillar, an opportunity).", "text")
HEADING_3 = _role("heading.3", "A third-level heading, and any deeper one.", "text")
HEADING_NUMBER = _role("heading.number", "A heading's number (\"1.\"), in the heading and in the "
                       "contents.", "text")
QUESTION = _role("question", "A question of the FAQ or of a section's Q&A; kept with its answer.",
                 "text", nodes=("Paragraph",))
LIST_TITLE = _role("list-title", "A short title that introduces the list after it "
                   "(\"Recommended actions\"); kept with that list.", "text", nodes=("Paragraph",))
CAPTION = _role("caption", "The caption under a figure.", "text")
CODE = _role("code", "Inline code, in the monospace font.", "text")
LINK = _role("link", "The text of an external link.", "text")
CITATION = _role("citation", "A citation's number: superscript, linked to its source.", "text")
NOTE = _role("note", "A footnote's text at the foot of the page (its number is a citation's).",
             "text")

# --- the title block and the running header and footer -------------------------------------------
COVER = _role("cover", "The title block: a cover page of its own, or a compact block heading "
              "page 1.", "mark", nodes=("TitleBlock",))
COVER_TITLE = _role("cover.title", "The brief's title on the cover.", "text")
COVER_SUBTITLE = _role("cover.subtitle", "The subtitle on the cover.", "text")
COVER_KICKER = _role("cover.kicker", "The publisher's line above the title.", "text")
COVER_DATE = _role("cover.date", "The date on the cover.", "text")
COVER_BYLINE = _role("cover.byline", "The authors under the title, one a line.", "text")
COVER_CREDITS = _role("cover.credits", "The compact title block's one line of date and names.",
                      "text")
COVER_LABEL = _role("cover.label", "The classification banner (\"PUBLIC\") of the cover.", "text")
RUNNING = _role("running", "The running header and footer.", "text")
RUNNING_STRONG = _role("running.strong", "Bold words in the running header and footer (the "
                       "classification).", "text")

PILLAR = _role("pillar", "A strategic pillar's heading.", "mark", nodes=("Heading",))
OPPORTUNITY = _role("opportunity", "An opportunity's heading (its sector).", "mark",
                    nodes=("Heading",))

# --- contents and sources ------------------------------------------------------------------------
TOC_TITLE = _role("toc.title", "The title of the table of contents.", "text")
TOC_1 = _role("toc.1", "A top-level entry of the table of contents.", "text")
TOC_2 = _role("toc.2", "A second-level entry of the table of contents.", "text")
REFERENCES = _role("references", "The numbered list of sources.", "mark", nodes=("References",))
REFERENCE = _role("reference", "One entry of the sources list.", "text")

# --- boxes ---------------------------------------------------------------------------------------
EXECUTIVE_SUMMARY = _role("executive-summary", "The executive summary: the shaded box with an "
                          "accent bar that holds it (its heading carries the role too, and is "
                          "styled as heading.1).", "box", nodes=("Heading", "Callout"))
CALLOUT = _role("callout", "Any other box set apart from the text.", "box")
BOX_TITLE = _role("box.title", "The title inside a box, a matrix or a figure.", "text")
KEY_FACTS = _role("key-facts", "The \"At a glance\" box of label/value rows.", "box",
                  nodes=("KeyValueList",))
KEY_FACTS_TITLE = _role("key-facts.title", "The title band of the key-facts box.", "text")
KEY_FACTS_LABEL = _role("key-facts.label", "A label of the key-facts box.", "text")
KEY_FACTS_VALUE = _role("key-facts.value", "A value of the key-facts box.", "text")
PULL_QUOTE = _role("pull-quote", "An expert's quotation, set large with an accent bar.",
                   "text", "box", nodes=("Quote",))
QUOTE = _role("quote", "Any other quotation.", "text", "box")
ATTRIBUTION = _role("attribution", "Who said a quotation (\"— Dr. A. Sharma, Analyst\").", "text")
ASSESSMENT = _role("assessment", "Pros and cons side by side.", "box", nodes=("Columns",))
COLUMN_TITLE = _role("column.title", "The title band of a column (\"Pros\").", "text")

# --- lists ---------------------------------------------------------------------------------------
KEY_POINTS = _role("key-points", "A pillar's key points.", "list", nodes=("ListBlock",))
ACTIONS = _role("actions", "Recommended actions of an opportunity.", "list",
                nodes=("ListBlock",))
TAKEAWAYS = _role("takeaways", "The key takeaways: their box on the first content page, and "
                  "their list.", "box", "list", nodes=("Callout", "ListBlock"))
RECOMMENDATIONS = _role("recommendations", "The numbered recommendations.", "list",
                        nodes=("ListBlock",))
BOX = _role("box", "A numbered box of a pillar (\"Box 1: What is a TEU?\").", "box",
           nodes=("Callout",))
MEMO = _role("memo", "A memorandum's To / From / Date / Subject lines under the title (its "
              "labels and values are styled as key-facts.label and key-facts.value).", "box",
              nodes=("KeyValueList",))
GLOSSARY = _role("glossary", "The glossary: each term beside its definition.", "box",
                 nodes=("KeyValueList",))
BACK_COVER = _role("back-cover", "The back cover's logo, organization and contact lines, on "
                   "the last page (the template's back_cover:).", "box", nodes=("Callout",))
DISCLAIMER = _role("disclaimer", "The disclaimer at the end, under its title.", "box",
                   nodes=("Callout",))
PROS = _role("pros", "The pros of an assessment: the list and its column.", "list", "level",
             nodes=("ListBlock", "Column"))
CONS = _role("cons", "The cons of an assessment: the list and its column.", "list", "level",
             nodes=("ListBlock", "Column"))

# --- tables and the risk matrix ------------------------------------------------------------------
TABLE = _role("table", "Any data table: header band, rules between rows.", "box")
RISKS = _role("risks", "The risk register table.", "box", nodes=("Table",))
RISK = _role("risk", "The first cell of a risk's row: its number, title and description.",
             "mark", nodes=("TableCell",))
RISK_TITLE = _role("risk-title", "A risk's number and title, inside its cell.", "text",
                   nodes=("Paragraph",))
TABLE_HEADER = _role("table.header", "The text of a table's header row.", "text")
TABLE_CELL = _role("table.cell", "The text of a table cell.", "text")
LEVEL = _role("level", "The text of a low/medium/high cell: bold, centred, in the level's "
              "colour.", "text")
LEVEL_LOW = _role("level.low", "A low rating.", "level", nodes=("TableCell",))
LEVEL_MEDIUM = _role("level.medium", "A medium rating.", "level", nodes=("TableCell",))
LEVEL_HIGH = _role("level.high", "A high rating.", "level", nodes=("TableCell",))
RISK_MATRIX = _role("risk-matrix", "The likelihood × impact grid and its legend.", "box",
                    nodes=("Matrix",))
MATRIX_LABEL = _role("matrix.label", "A row or column label of the matrix.", "text")
MATRIX_AXIS = _role("matrix.axis", "An axis title of the matrix (\"Likelihood\").", "text")
MATRIX_MARKER = _role("matrix.marker", "A marker (\"R1\") in the matrix and its legend.", "text")
LEGEND = _role("legend", "What a matrix marker stands for, in the legend.", "text")

# --- numbered figures and data tables --------------------------------------------------------
EXHIBIT = _role("exhibit", "A numbered chart or data table with its caption lines.", "mark",
                nodes=("Exhibit",))
EXHIBIT_TITLE = _role("exhibit.title", "\"Figure 2. Wheat exports\" above a chart or table; "
                      "its label in bold.", "text")
EXHIBIT_SOURCE = _role("exhibit.source", "The source line and note under a chart or table.",
                       "text")
CHART = _role("chart", "A chart's axis labels, legend and value labels (size and colours; "
              "series take the palette's chart_1, chart_2 …).", "text", nodes=("Chart",))
DATA_TABLE = _role("data-table", "A data table of a figures: entry.", "box", nodes=("Table",))
NUMBER = _role("number", "A number cell of a data table: aligned right.", "mark",
               nodes=("TableCell",))

SEVERITY_1, SEVERITY_2, SEVERITY_3, SEVERITY_4, SEVERITY_5 = (
    _role(f"severity.{n}", f"Step {n} of the risk matrix's five-step scale ({words}): a cell's "
          "colours, and its markers' pills reversed.", "level", nodes=("MatrixCell",))
    for n, words in ((1, "low likelihood and low impact"), (2, "one of them medium"),
                     (3, "both medium, or one low and one high"), (4, "one high, one medium"),
                     (5, "both high")))

LEVELS = ("low", "medium", "high")
SEVERITIES = ("1", "2", "3", "4", "5")  # the matrix's sequential scale, lightest first
# Paragraph roles that have a text style of their own (any other paragraph is set as body text,
# or as the text of the table cell or box it stands in).
PARAGRAPH_ROLES = frozenset({LEAD, QUESTION, LIST_TITLE, RISK_TITLE})


def level_of(role: str) -> str:
    """'high' for `level.high`, 'severity-3' for `severity.3`; the level colours of pros and
    cons; '' for any other role."""
    if role.startswith("level."):
        level = role[len("level."):]
        return level if level in LEVELS else ""
    if role.startswith("severity."):
        step = role[len("severity."):]
        return f"severity-{step}" if step in SEVERITIES else ""
    return {PROS: "low", CONS: "high"}.get(role, "")
