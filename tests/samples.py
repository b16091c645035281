"""Small valid taxonomy documents for tests, independent of the shipped content."""

import copy
import json
import re
from pathlib import Path

from server.taxonomy.document import validate_document

SHARED = Path(__file__).resolve().parent.parent / "shared"

# The base document of the validation cases both languages run.
_MINIMAL = json.loads((SHARED / "validation-cases.json").read_text(encoding="utf-8"))["base"]


def minimal_taxonomy(**changes):
    """A fresh, valid document; keyword arguments replace top-level members."""
    document = copy.deepcopy(_MINIMAL)
    document.update(changes)
    return document


def minimal_format1():
    """The same guidance in format 1, as documents were written before format 2."""
    from server.taxonomy.convert import fold

    return fold(minimal_taxonomy())


def store_as_published(app, document, number, author, change_note):
    """Put ``document`` in the store as version ``number`` exactly as it was written,
    without validation: how versions published by an older release look."""
    from server.db import session_scope
    from server.models import TaxonomyVersion
    from server.taxonomy.document import canonical_json, sha256_hex

    text = canonical_json(document)
    with session_scope(app) as session:
        session.add(
            TaxonomyVersion(
                number=number,
                document=text,
                sha256=sha256_hex(text),
                author=author,
                change_note=change_note,
            )
        )
        session.commit()


def shipped_taxonomy():
    """The guidance shipped in shared/taxonomy.json, freshly read (change it at will)."""
    return json.loads((SHARED / "taxonomy.json").read_text(encoding="utf-8"))


def with_site(document, site_id, patterns, categories=("calendar",)):
    """``document`` with one more site, validated."""
    document["sites"].append(
        {
            "id": site_id,
            "name": site_id.title(),
            "patterns": list(patterns),
            "categories": list(categories),
        }
    )
    return validate_document(document)


def without_word_marks(html):
    """A page with the diff's word marks taken out (the <ins>/<del> tags and the words
    for screen readers), so that a changed text reads whole again."""
    html = re.sub(r'<span class="visually-hidden">\[(?:added|removed): </span>', "", html)
    html = html.replace('<span class="visually-hidden">]</span>', "")
    return re.sub(r"</?(?:ins|del)>", "", html)
