"""WebExtension match patterns with Chrome's semantics: parsing, matching one URL, and
how specific a pattern is.

A pattern is ``<scheme>://<host><path>`` or ``<all_urls>`` (see docs/taxonomy-format.md).
URLs are canonicalised as the WHATWG URL parser does (``urls.py``), so this module and
``extension/lib/matcher.js`` agree on every URL; both run the vectors in
``shared/match-cases.json``.
"""

import functools
import re
from dataclasses import dataclass, field

from .urls import CanonicalUrl, canonical_host, is_ip, match_host, parse_url

SCHEMES = ("http", "https", "*")
ANY_HOST = "*"


class PatternError(ValueError):
    """A pattern Chrome would reject; ``kind`` is a stable tag shared with matcher.js."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


# --- Patterns -------------------------------------------------------------------------

# C0 controls, space, DEL and the Unicode spaces, as in matcher.js.
_WHITESPACE = r"[\x00-\x20\x7f\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]"
_EDGE_WHITESPACE = re.compile(f"^{_WHITESPACE}|{_WHITESPACE}$")
_SCHEME_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+\-]*")
# Characters that would make a URL parser read a pattern host as something else.
_HOST_MISREAD = re.compile(r"[\x00-\x20\x7f@/\\?#]")


@dataclass(frozen=True, slots=True)
class MatchPattern:
    """A parsed pattern. ``host`` is canonical (lower-case ASCII, no trailing dot) or "*"."""

    raw: str
    scheme: str
    host: str
    match_subdomains: bool
    path: str
    all_urls: bool = False
    glob: tuple[str, ...] = field(init=False, repr=False, compare=False)
    rank: tuple[int, int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "glob", tuple(self.path.split("*")))
        object.__setattr__(self, "rank", _rank(self))

    @property
    def any_host(self) -> bool:
        """True when the pattern matches every host (``*`` or ``<all_urls>``)."""
        return self.host == ANY_HOST


def parse_pattern(pattern: "str | MatchPattern") -> MatchPattern:
    """Parse a match pattern, or raise PatternError (a ValueError) saying what is wrong."""
    if isinstance(pattern, MatchPattern):
        return pattern
    if not isinstance(pattern, str):
        raise PatternError("not-a-string", "a pattern must be a string")
    return _parse_text(pattern)


@functools.lru_cache(maxsize=32768)
def _parse_text(text: str) -> MatchPattern:
    if text == "":
        raise PatternError("empty", "the pattern is empty")
    if _EDGE_WHITESPACE.search(text):
        raise PatternError("whitespace", "the pattern has whitespace around it; remove it")
    if text == "<all_urls>":
        return MatchPattern(text, "*", ANY_HOST, True, "/*", all_urls=True)
    separator = text.find("://")
    if separator < 0:
        raise _separator_error(text)
    scheme = _pattern_scheme(text[:separator])
    rest = text[separator + 3 :]
    if rest == "":
        raise PatternError("empty-host", "the host is missing after '://'")
    slash = rest.find("/")
    if slash < 0:
        raise PatternError(
            "missing-path", "the pattern has no path: add one after the host, e.g. /*"
        )
    host, match_subdomains = _pattern_host(rest[:slash])
    return MatchPattern(text, scheme, host, match_subdomains, rest[slash:])


def _separator_error(text: str) -> PatternError:
    """Explain a pattern without '://': a mistyped separator or a non-web scheme."""
    colon = text.find(":")
    prefix = text[:colon] if colon > 0 else ""
    if prefix.isascii() and prefix.lower() in SCHEMES:
        return PatternError(
            "bad-separator", f"'{prefix}:' must be followed by '//' and a host, as in https://…/*"
        )
    # "urn:isbn:…" or "mailto:…", but not "localhost:8080/…".
    if _SCHEME_LIKE.fullmatch(prefix) and not text[colon + 1 : colon + 2].isdigit():
        return _scheme_error(prefix)
    return PatternError(
        "missing-separator", "missing '://' between the scheme and the host, as in https://…/*"
    )


def _pattern_scheme(scheme: str) -> str:
    lowered = scheme.lower() if scheme.isascii() else scheme
    if lowered not in SCHEMES:
        raise _scheme_error(scheme)
    return lowered


def _scheme_error(scheme: str) -> PatternError:
    if scheme == "":
        return PatternError("unsupported-scheme", "the scheme is missing before '://'")
    return PatternError(
        "unsupported-scheme", f"unsupported scheme '{scheme}': only http, https and * are allowed"
    )


def _pattern_host(text: str) -> tuple[str, bool]:
    """The canonical host and whether subdomains match, from the host part of a pattern."""
    if text == "":
        raise PatternError("empty-host", "the host is empty")
    if text == ANY_HOST:
        return ANY_HOST, True
    match_subdomains = text.startswith("*.")
    name = text[2:] if match_subdomains else text
    _reject_port(name)
    if name == "":
        raise PatternError("empty-host", "'*.' must be followed by a host name")
    if "*" in name:
        raise PatternError(
            "invalid-wildcard",
            "'*' in the host may only be the whole host or a leading '*.' (as in *.example.com)",
        )
    return _canonical_pattern_host(name), match_subdomains


def _reject_port(name: str) -> None:
    """Chrome accepts ports; this project refuses them so that a pattern covers every port."""
    tail = name
    if name.startswith("["):
        close = name.find("]")
        if close < 0:
            raise PatternError("invalid-host", "an IPv6 address in the host lacks its ']'")
        tail = name[close + 1 :]
        if tail and not tail.startswith(":"):
            raise PatternError("invalid-host", "unexpected text after the IPv6 address")
    if ":" in tail:
        raise PatternError(
            "port", "patterns may not contain a port; a pattern without a port matches every port"
        )


def _canonical_pattern_host(name: str) -> str:
    host = None if _HOST_MISREAD.search(name) else canonical_host(name)
    if host is None:
        raise PatternError("invalid-host", f"'{name}' is not a valid host name")
    host = match_host(host)
    if host == "" or host.startswith(".") or host.endswith(".") or ".." in host:
        raise PatternError("invalid-host", f"'{name}' has an empty label")
    return host


# --- Matching and specificity ----------------------------------------------------------


def pattern_matches(pattern: "str | MatchPattern", url: str) -> bool:
    """True if the pattern matches the URL. Unparseable or non-http(s) URLs match nothing."""
    parsed = parse_pattern(pattern)
    target = parse_url(url)
    return target is not None and matches_canonical(parsed, target, match_host(target.hostname))


def matches_canonical(pattern: MatchPattern, target: CanonicalUrl, host: str) -> bool:
    """Scheme, host (``urls.match_host`` of the URL's) and path of a parsed URL all match."""
    return (
        (pattern.scheme == "*" or pattern.scheme == target.scheme)
        and _host_matches(pattern, host)
        and glob_matches(pattern.glob, target.path)
    )


def _host_matches(pattern: MatchPattern, host: str) -> bool:
    if pattern.host == ANY_HOST or pattern.host == host:
        return True
    # Subdomains on a label boundary only, and never for IP addresses.
    if not pattern.match_subdomains or is_ip(host):
        return False
    suffix = pattern.host
    return len(host) > len(suffix) and host.endswith(suffix) and host[-len(suffix) - 1] == "."


def glob_matches(parts: "tuple[str, ...] | list[str]", text: str) -> bool:
    """Match ``text`` against a path split on '*': each '*' stands for any characters."""
    first, last = parts[0], parts[-1]
    if len(parts) == 1:
        return text == first
    if len(text) < len(first) + len(last) or not text.startswith(first):
        return False
    if not text.endswith(last):
        return False
    # With '*' as the only wildcard, taking the leftmost place of each middle part is safe.
    position, end = len(first), len(text) - len(last)
    for part in parts[1:-1]:
        found = text.find(part, position, end)
        if found < 0:
            return False
        position = found + len(part)
    return True


def specificity(pattern: "str | MatchPattern") -> tuple[int, int, int]:
    """(exact host 1 / wildcard 0, host labels, literal path characters): greater wins."""
    return parse_pattern(pattern).rank


def _rank(pattern: MatchPattern) -> tuple[int, int, int]:
    if pattern.host == ANY_HOST:
        # <all_urls> counts no path characters: it sits below even *://*/*.
        return (0, 0, 0 if pattern.all_urls else len(pattern.path) - pattern.path.count("*"))
    labels = 1 if pattern.host.startswith("[") else pattern.host.count(".") + 1
    literal = len(pattern.path) - pattern.path.count("*")
    return (0 if pattern.match_subdomains else 1, labels, literal)
