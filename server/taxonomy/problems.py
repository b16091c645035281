"""What is wrong with a document: problems at paths such as ``categories[3].cautions[1]``."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, at a path such as ``categories[3].cautions[1]``."""

    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}" if self.path else self.message


class TaxonomyInvalid(ValueError):
    """A document that is not valid guidance; ``problems`` lists every reason."""

    def __init__(self, problems):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the taxonomy document")

    def as_error_dict(self):
        """Problems grouped by path, as the API's ``errors`` member."""
        grouped = {}
        for problem in self.problems:
            grouped.setdefault(problem.path or "_document", []).append(problem.message)
        return grouped


def flatten_errors(messages, prefix=""):
    """Turn marshmallow's nested error dict into a flat list of Problems."""
    if isinstance(messages, (list, tuple)):
        problems = []
        for message in messages:
            if isinstance(message, (dict, list)):
                problems.extend(flatten_errors(message, prefix))
            else:
                problems.append(Problem(prefix, str(message)))
        return problems
    if isinstance(messages, dict):
        problems = []
        for key, value in messages.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            problems.extend(flatten_errors(value, path))
        return problems
    return [Problem(prefix, str(messages))]


_SECTION_ORDER = ("schema_version", "meta", "jurisdictions", "groups", "categories", "cautions")


def document_order(problem):
    """Sort problems as they appear in a document: by section, then item index."""
    head = problem.path.split(".")[0].split("[")[0]
    rank = _SECTION_ORDER.index(head) if head in _SECTION_ORDER else len(_SECTION_ORDER)
    numbers = tuple(int(n) for n in re.findall(r"\[(\d+)\]", problem.path))
    return (rank, head, numbers, problem.path, problem.message)
