"""The editing forms and the taxonomy document, without Flask.

Each editor reads a submitted form into plain values (with the checks a form can make
by itself, such as "the year is a number"), applies them to a copy of the document,
and says which document paths belong to which form field, so that the validator's
problems (``cautions[4].text``) come back next to the field that caused them. The
rules themselves stay in the marshmallow schemas: the views validate the whole new
document with them.

A form is anything with ``get(name)`` and ``getlist(name)``, such as werkzeug's MultiDict.

The modules: ``common`` (form state, cleaning text, finding items), ``lists`` (the lists
that refer from one item to another, and deleting), ``wording`` and ``problems`` (the
validator's messages in words), ``editor`` (the base editor, which puts problems next
to fields), one module per kind of form with its list page, and ``audit``.
"""

from .audit import audit_summary
from .categories import CATEGORIES, CategoryEditor, category_rows
from .cautions import CAUTIONS, caution_rows, site_showing
from .common import FormState, clean_lines, clean_text, find, label_of, problems_in, users_of
from .details import DETAILS
from .lists import delete_item
from .problems import explain_problems, value_at
from .profiles import PROFILES, profile_rows
from .references import REFERENCE_EDITOR, reference_rows
from .sites import SITES, site_rows
from .wording import friendly

__all__ = [
    "CATEGORIES",
    "CAUTIONS",
    "DETAILS",
    "PROFILES",
    "REFERENCE_EDITOR",
    "SITES",
    "CategoryEditor",
    "FormState",
    "audit_summary",
    "category_rows",
    "caution_rows",
    "clean_lines",
    "clean_text",
    "delete_item",
    "explain_problems",
    "find",
    "friendly",
    "label_of",
    "problems_in",
    "profile_rows",
    "reference_rows",
    "site_rows",
    "site_showing",
    "users_of",
    "value_at",
]
