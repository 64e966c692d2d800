"""Schema v1 of a notice: typed, immutable, unknown keys rejected.

The core (title, issuer, dates, body, contact, attachments, status) is general; the
rectification parts (inspection, problems, progress) are optional extensions of it.
Field names are English; the Chinese labels shown on pages live in :mod:`noticeboard.labels`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Mapping, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

from . import characters

PHONE_RE = re.compile(r"^\+?\(?\d[\d\- ()]*\d(\s?(转|ext\.?|x)\s?\d{1,6})?$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")
POSTCODE_RE = re.compile(r"^\d{6}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _phone(value: str) -> str:
    if not PHONE_RE.match(value.strip()) or not 5 <= sum(c.isdigit() for c in value) <= 18:
        raise ValueError(f"{value!r} is not a phone number (write it like 0459-4666176 or 12388)")
    return value.strip()


def _email(value: str) -> str:
    if not EMAIL_RE.match(value.strip()):
        raise ValueError(f"{value!r} is not an e-mail address (write it like name@example.gov.cn)")
    return value.strip()


def _postcode(value: str) -> str:
    if not POSTCODE_RE.match(value.strip()):
        raise ValueError(f"{value!r} is not a postcode (6 digits, in quotes: \"163000\")")
    return value.strip()


def _line(value: str) -> str:
    reason = characters.problem(value, multiline=False)
    if reason:
        raise ValueError(reason)
    return value


def _body(value: str) -> str:
    reason = characters.problem(value, multiline=True)
    if reason:
        raise ValueError(reason)
    return value


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(f"{value!r} is not a slug (lower-case ASCII letters, digits and '-')")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_line)]
"""One line of text (a title, a name): no line breaks, no control characters."""
Body = Annotated[str, AfterValidator(_body)]
"""Multi-line text (Markdown bodies): line breaks and tabs, no other control characters."""
Phone = Annotated[str, AfterValidator(_line), AfterValidator(_phone)]
Email = Annotated[str, AfterValidator(_line), AfterValidator(_email)]
Postcode = Annotated[str, AfterValidator(_line), AfterValidator(_postcode)]
Slug = Annotated[str, AfterValidator(_slug)]


class Strict(BaseModel):
    """Base of every schema object: frozen, unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Kind(str, Enum):
    plan = "plan"
    progress = "progress"
    report = "report"
    publicity = "publicity"
    review = "review"


class Status(str, Enum):
    draft = "draft"
    published = "published"
    withdrawn = "withdrawn"
    scheduled = "scheduled"
    """Ready, and published on its ``published`` date: in no output before it, out on the
    first build on or after it (:meth:`noticeboard.project.Project.visible`)."""


class InspectionType(str, Enum):
    xunshi = "巡视"
    xuncha = "巡察"


class ProblemStatus(str, Enum):
    done = "done"
    in_progress = "in_progress"
    long_term = "long_term"


class Issuer(Strict):
    """An organisation that issues notices."""

    name: Text = Field(description="Full name, e.g. 中共大庆市委统战部")
    region: Text | None = Field(None, description="Region, e.g. 黑龙江省大庆市")
    slug: Slug | None = Field(None, description="ASCII slug for /issuers/<slug>/; default from the key or the name")


class Inspection(Strict):
    """Who inspected whom and when (巡视/巡察)."""

    type: InspectionType
    round: Text | None = None
    team: Text | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    feedback: dt.date | None = None


class Problem(Strict):
    """One rectification item. ``status`` is what the text states; omitted = unstated (未注明)."""

    id: Text | None = Field(None, description="Pins this item to the items with the same id in the other notices of its inspection series (one problem followed over time); without it, items are matched by their text")
    title: Text
    category: Text | None = None
    status: ProblemStatus | None = Field(None, description="As the text states it; omit when the text does not say (shown as 未注明, never assumed)")
    measures: Body | None = None
    leader: Text | None = Field(None, description="责任领导")
    person: Text | None = Field(None, description="责任人")
    department: Text | None = Field(None, description="责任单位/部门")
    deadline: Text | None = Field(None, description="整改时限: free text or a date")


class Section(Strict):
    """A part of the body. Its rectification items, if any, stand in ``problems`` (after ``body``),
    so that each item's text is written, and shown, once."""

    heading: Text
    body: Body = ""
    problems: list[Problem] = []


class Progress(Strict):
    """Totals as the text states them (共…个问题，已完成…个，…); a figure the text omits is omitted."""

    total: int | None = Field(None, ge=0)
    done: int | None = Field(None, ge=0)
    in_progress: int | None = Field(None, ge=0)
    long_term: int | None = Field(None, ge=0)


@dataclass(frozen=True)
class Tally:
    """How far a notice says it has rectified: ``stated`` when the figures are the text's own
    totals (``progress:``), else counted from the items' stated statuses, ``unstated`` apart."""

    total: int | None
    done: int | None
    in_progress: int | None
    long_term: int | None
    unstated: int
    stated: bool


class Contact(Strict):
    """How the public can send comments."""

    invitation: Text | None = None
    phones: list[Phone] = []
    emails: list[Email] = []
    address: Text | None = None
    postcode: Postcode | None = None
    person: Text | None = None
    hours: Text | None = None
    until: dt.date | None = None

    def closed_on(self, today: dt.date) -> bool:
        """Whether the channel has closed by ``today``: its ``until`` lies before it."""
        return self.until is not None and today > self.until


class Attachment(Strict):
    title: Text
    file: Text = Field(description="Path relative to the project root, e.g. attachments/2021/plan.pdf")


class Revision(Strict):
    date: dt.date
    note: Text


class Source(Strict):
    file: Text
    imported: dt.date


TALLY = "__tally__"
"""The key in a :class:`Notice`'s ``__dict__`` under which :meth:`Notice.tally` keeps its result."""


class Notice(Strict):
    """A notice, schema v1."""

    title: Text
    slug: Slug | None = None
    former_slugs: list[Slug] = Field([], description="Slugs this notice had before: their URLs redirect here")
    issuer: Annotated[
        Annotated[Issuer, Tag("record")] | Annotated[Text, Tag("key")],
        Discriminator(lambda v: "key" if isinstance(v, str) else "record"),
    ] = Field(description="An issuer record {name, region}, or a key of notices/issuers.yml")
    published: dt.date = Field(description="The publication date, YYYY-MM-DD; a draft's is the date it is planned for (a draft stays out of the public site whatever its date)")
    updated: dt.date | None = None
    kind: Kind
    status: Status = Status.published
    withdrawn_reason: Text | None = None
    doc_number: Text | None = None
    index_code: Text | None = None
    inspection: Inspection | None = None
    series: Slug | None = Field(None, description="The inspection series (/inspections/<series>/) this notice belongs to, where its inspection facts do not tell (an issuer renamed, dates missing): notices with the same series: are one inspection's")
    summary: Body | None = None
    sections: list[Section] = []
    problems: list[Problem] = []
    progress: Progress | None = None
    contact: Contact | None = None
    attachments: list[Attachment] = []
    revisions: list[Revision] = []
    source: Source | None = None
    review: list[Body] = []

    def all_problems(self) -> list[Problem]:
        """Every rectification item, in page order: those of the sections, then ``problems:``."""
        return [p for s in self.sections for p in s.problems] + list(self.problems)

    def tally(self) -> Tally | None:
        """The progress the notice states, or counts of its items' stated statuses; None when it
        has neither totals nor items. Counted once per notice: listings, feeds, open data, series
        and figures each ask for it (a build of 10,000 notices asked some 50,000 times); the
        result is kept in the notice (:data:`TALLY`), and with it in a lean entry's pickle."""
        try:
            return self.__dict__[TALLY]
        except KeyError:
            pass
        if self.progress is not None:
            p = self.progress
            found = Tally(p.total, p.done, p.in_progress, p.long_term, 0, True)
        elif items := self.all_problems():
            count = lambda status: sum(i.status is status for i in items)  # noqa: E731
            found = Tally(len(items), count(ProblemStatus.done), count(ProblemStatus.in_progress),
                          count(ProblemStatus.long_term), sum(i.status is None for i in items), False)
        else:
            found = None
        self.__dict__[TALLY] = found  # not a field: neither compared, hashed, dumped nor validated (the model is frozen)
        return found

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Notice:
        """A copy; the kept :meth:`tally` goes with it only where ``update`` changes the status
        alone (else it is counted again, from the copy's fields)."""
        copy = super().model_copy(update=update, deep=deep)
        if update and not update.keys() <= {"status"}:
            copy.__dict__.pop(TALLY, None)
        return copy


class IssuerDefaults(Strict):
    contact: Contact | None = None
    kind: Kind | None = None


class IssuerRecord(Issuer):
    """An entry of notices/issuers.yml: an issuer plus defaults for `noticeboard new`."""

    defaults: IssuerDefaults | None = None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for m in map(_model_in, get_args(annotation)) if m is not None), None)


def field_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The schema object that field ``name`` of ``model`` holds, if any: ``Inspection`` for
    ``Notice.inspection``, ``Problem`` for a list of problems, ``Issuer`` for a notice's issuer."""
    field = model.model_fields.get(name)
    return _model_in(field.annotation) if field else None
