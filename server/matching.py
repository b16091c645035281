"""WebExtension match patterns with Chrome's semantics, and an index that classifies URLs.

A pattern is ``<scheme>://<host><path>`` or ``<all_urls>`` (see docs/taxonomy-format.md).
URLs are canonicalised as the WHATWG URL parser does (what Chrome and ``new URL()`` in
Node give), so this module and ``extension/lib/matcher.js`` agree on every URL; both run
the vectors in ``shared/match-cases.json``.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote_to_bytes

import idna

SCHEMES = ("http", "https", "*")
URL_SCHEMES = ("http", "https")
ANY_HOST = "*"


class PatternError(ValueError):
    """A pattern Chrome would reject; ``kind`` is a stable tag shared with matcher.js."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


# --- Hosts: the WHATWG host parser for http(s) -----------------------------------------

# Code points the WHATWG parser refuses in a domain once it is ASCII.
_FORBIDDEN_DOMAIN = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_IPV4_HOST = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_DECIMAL_DIGITS = frozenset("0123456789")
_OCTAL_DIGITS = frozenset("01234567")


@functools.lru_cache(maxsize=8192)
def canonical_host(text: str) -> str | None:
    """Return the host as WHATWG ``URL.hostname`` gives it for http(s), or None if invalid.

    Lower-case ASCII (IDNA UTS #46, non-transitional), IPv4 as dotted decimal, IPv6 in
    brackets and compressed. Cached: the same few hosts come back again and again.
    """
    if text.startswith("["):
        if not text.endswith("]"):
            return None
        pieces = _parse_ipv6(text[1:-1])
        return None if pieces is None else f"[{_serialize_ipv6(pieces)}]"
    text = _scalar_values(text)
    domain = unquote_to_bytes(text).decode("utf-8", "replace") if "%" in text else text
    ascii_domain = _domain_to_ascii(domain)
    if ascii_domain is None or _FORBIDDEN_DOMAIN.search(ascii_domain):
        return None
    if _ends_in_number(ascii_domain):
        return _parse_ipv4(ascii_domain)
    return ascii_domain


def _domain_to_ascii(domain: str) -> str | None:
    """UTS #46 ToASCII with the WHATWG settings (no STD3 rules, no DNS length limits)."""
    labels = domain.split(".")
    if domain.isascii() and not any(label[:4].lower() == "xn--" for label in labels):
        return domain.lower()
    try:
        mapped = idna.uts46_remap(domain, std3_rules=False)
    except idna.IDNAError:
        return None
    ascii_labels = [_label_to_ascii(label) for label in mapped.split(".")]
    if None in ascii_labels:
        return None
    return ".".join(ascii_labels) or None


def _label_to_ascii(label: str) -> str | None:
    """One mapped label as ASCII, or None if UTS #46 finds it invalid."""
    if label.startswith("xn--"):
        if not label.isascii():
            return None
        try:
            decoded = label[4:].encode("ascii").decode("punycode")
        except UnicodeError:
            return None
        # A decoded label must already be in its mapped form: no upper case, nothing
        # disallowed or ignorable, NFC.
        if not decoded or _remap_or_none(decoded) != decoded:
            return None
        return label if _label_is_valid(decoded) else None
    if not _label_is_valid(label):
        return None
    if label.isascii():
        return label
    return "xn--" + label.encode("punycode").decode("ascii")


def _remap_or_none(label: str) -> str | None:
    try:
        return idna.uts46_remap(label, std3_rules=False)
    except idna.IDNAError:
        return None


def _label_is_valid(label: str) -> bool:
    """UTS #46 validity criteria beyond the mapping: combining marks, joiners, bidi."""
    if not label or label.isascii():
        return True
    if unicodedata.category(label[0]).startswith("M") or "." in label:
        return False
    try:
        if not all(idna.valid_contextj(label, pos) for pos in _joiners(label)):
            return False
    except ValueError:  # IDNAError, or a code point unknown to unicodedata
        return False
    return _bidi_ok(label)


_RTL = frozenset(("R", "AL", "AN"))
_LTR_ALLOWED = frozenset(("L", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"))
_RTL_ALLOWED = frozenset(("R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"))
_RTL_END = frozenset(("R", "AL", "EN", "AN"))


def _bidi_ok(label: str) -> bool:
    """RFC 5893's Bidi Rule for labels holding right-to-left characters, as Node 20 applies it.

    Browsers differ in the corners of this rule; following Node keeps Python and
    JavaScript in step. It only decides whether a right-to-left host is valid at all.
    """
    directions = [unicodedata.bidirectional(char) for char in label]
    if _RTL.isdisjoint(directions):
        return True
    end = max((pos for pos, direction in enumerate(directions) if direction != "NSM"), default=0)
    if directions[0] == "L":
        return _LTR_ALLOWED.issuperset(directions[:end])
    body = directions[: end + 1]
    mixed_digits = "EN" in body and "AN" in body
    return _RTL_ALLOWED.issuperset(body) and directions[end] in _RTL_END and not mixed_digits


def _joiners(label: str) -> list[int]:
    return [pos for pos, char in enumerate(label) if char in "\u200c\u200d"]


def _ends_in_number(domain: str) -> bool:
    """WHATWG: a domain whose last label is a number is parsed as an IPv4 address."""
    parts = domain.split(".")
    if parts[-1] == "":
        if len(parts) == 1:
            return False
        parts.pop()
    last = parts[-1]
    if last and set(last) <= _DECIMAL_DIGITS:
        return True
    return _ipv4_number(last) is not None


def _ipv4_number(part: str) -> int | None:
    """A decimal, 0x-hex or 0-octal number, as the WHATWG IPv4 parser reads each part."""
    if not part:
        return None
    digits, radix = _DECIMAL_DIGITS, 10
    if part[:2] in ("0x", "0X"):
        part, digits, radix = part[2:], _HEX_DIGITS, 16
    elif len(part) > 1 and part[0] == "0":
        part, digits, radix = part[1:], _OCTAL_DIGITS, 8
    if not part:
        return 0
    if not set(part) <= digits:
        return None
    return int(part, radix)


def _parse_ipv4(domain: str) -> str | None:
    parts = domain.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if None in numbers or any(number > 255 for number in numbers[:-1]):
        return None
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    address = numbers[-1]
    for position, number in enumerate(numbers[:-1]):
        address += number * 256 ** (3 - position)
    return ".".join(str((address >> shift) & 255) for shift in (24, 16, 8, 0))


def _parse_ipv6(text: str) -> list[int] | None:
    """The WHATWG IPv6 parser: eight 16-bit pieces, or None."""
    pieces = [0] * 8
    index, compress, pos, end = 0, None, 0, len(text)
    if text.startswith(":"):
        if not text.startswith("::"):
            return None
        pos, index, compress = 2, 1, 1
    while pos < end:
        if index == 8:
            return None
        if text[pos] == ":":
            if compress is not None:
                return None
            pos, index = pos + 1, index + 1
            compress = index
            continue
        value = length = 0
        while length < 4 and pos < end and text[pos] in _HEX_DIGITS:
            value, pos, length = value * 16 + int(text[pos], 16), pos + 1, length + 1
        if pos < end and text[pos] == ".":
            if length == 0 or index > 6:
                return None
            return _parse_embedded_ipv4(text[pos - length :], pieces, index, compress)
        if pos < end:
            if text[pos] != ":" or pos + 1 == end:
                return None
            pos += 1
        pieces[index] = value
        index += 1
    return _expand_ipv6(pieces, index, compress)


def _parse_embedded_ipv4(text, pieces, index, compress):
    """The dotted-decimal tail of an IPv6 address (``::ffff:1.2.3.4``)."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    for part in parts:
        if not part or not set(part) <= _DECIMAL_DIGITS or (len(part) > 1 and part[0] == "0"):
            return None
        if int(part) > 255:
            return None
    numbers = [int(part) for part in parts]
    pieces[index] = numbers[0] * 256 + numbers[1]
    pieces[index + 1] = numbers[2] * 256 + numbers[3]
    return _expand_ipv6(pieces, index + 2, compress)


def _expand_ipv6(pieces, index, compress):
    if compress is None:
        return pieces if index == 8 else None
    # Move the pieces after "::" to the end; the zeros they leave are the compressed run.
    swaps, last = index - compress, 7
    while last != 0 and swaps > 0:
        other = compress + swaps - 1
        pieces[last], pieces[other] = pieces[other], pieces[last]
        last, swaps = last - 1, swaps - 1
    return pieces


def _serialize_ipv6(pieces: list[int]) -> str:
    """Lower-case hex, the first longest run of two or more zero pieces written ``::``."""
    best_start, best_length, start = None, 1, None
    for position, piece in enumerate([*pieces, 1]):
        if piece == 0 and start is None:
            start = position
        elif piece != 0 and start is not None:
            if position - start > best_length:
                best_start, best_length = start, position - start
            start = None
    if best_start is None:
        return ":".join(f"{piece:x}" for piece in pieces)
    head = ":".join(f"{piece:x}" for piece in pieces[:best_start])
    tail = ":".join(f"{piece:x}" for piece in pieces[best_start + best_length :])
    return f"{head}::{tail}"


# --- URLs: just enough of the WHATWG URL parser for http(s) ----------------------------


class CanonicalUrl(NamedTuple):
    """An http(s) URL as matching sees it."""

    scheme: str  # "http" or "https"
    hostname: str  # as URL.hostname: may end in "." and be "[...]" for IPv6
    path: str  # URL.pathname, plus "?" + query when the URL has a query (even empty)


_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_AUTHORITY_END = re.compile(r"[/\\?#]")
_PORT = re.compile(r"[0-9]*")
# The WHATWG path and special-query percent-encode sets.
_PATH_UNSAFE = re.compile(r'[\x00-\x20"#<>?`{}\x7f-\U0010ffff]')
_QUERY_UNSAFE = re.compile(r"[\x00-\x20\"#<>'\x7f-\U0010ffff]")
# Anything that sends a path down the slow road: encoding, backslashes, dot segments.
_PATH_NEEDS_WORK = re.compile(r'[\x00-\x20"#<>?`{}\x7f-\U0010ffff\\]|/\.|/%2[eE]')
_SINGLE_DOT = (".", "%2e")
_DOUBLE_DOT = ("..", ".%2e", "%2e.", "%2e%2e")


def parse_url(url: str) -> CanonicalUrl | None:
    """Canonicalise an http(s) URL as WHATWG ``new URL()`` does; None if not http(s) or invalid."""
    if not isinstance(url, str):
        return None
    url = url.strip(_C0_OR_SPACE)
    if "\t" in url or "\n" in url or "\r" in url:
        url = _TAB_OR_NEWLINE.sub("", url)
    url = _scalar_values(url)
    scheme = _SCHEME.match(url)
    if scheme is None or scheme.group(1).lower() not in URL_SCHEMES:
        return None
    # For http(s), any run of slashes or backslashes after "scheme:" leads to the host.
    rest = url[scheme.end() :].lstrip("/\\")
    end = _AUTHORITY_END.search(rest)
    cut = end.start() if end else len(rest)
    hostname = _authority_hostname(rest[:cut])
    if hostname is None:
        return None
    return CanonicalUrl(scheme.group(1).lower(), hostname, _path_and_query(rest[cut:]))


def _scalar_values(text: str) -> str:
    """Pair surrogates, and make lone ones U+FFFD, as JavaScript's ``URL`` does."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _authority_hostname(authority: str) -> str | None:
    """The canonical host of ``userinfo@host:port``; userinfo and port are dropped."""
    at = authority.rfind("@")
    if at >= 0:
        authority = authority[at + 1 :]
    colon = _port_colon(authority)
    if colon >= 0:
        port = authority[colon + 1 :]
        if not _PORT.fullmatch(port) or (port and int(port) > 65535):
            return None
        authority = authority[:colon]
    if not authority:
        return None
    return canonical_host(authority)


def _port_colon(authority: str) -> int:
    """Where the port starts: the first ':' that is not inside IPv6 brackets."""
    if "[" not in authority:
        return authority.find(":")
    inside = False
    for pos, char in enumerate(authority):
        if char == "[":
            inside = True
        elif char == "]":
            inside = False
        elif char == ":" and not inside:
            return pos
    return -1


def _path_and_query(rest: str) -> str:
    """``pathname`` plus ``?query`` from what follows the authority; the fragment is dropped."""
    rest = rest.split("#", 1)[0]
    raw_path, mark, query = rest.partition("?")
    path = _canonical_path(raw_path)
    if not mark:
        return path
    return path + "?" + _percent_encode(query, _QUERY_UNSAFE)


def _canonical_path(raw: str) -> str:
    if raw and not _PATH_NEEDS_WORK.search(raw):
        return raw
    segments = raw.replace("\\", "/")[1:].split("/") if raw else [""]
    output: list[str] = []
    last = len(segments) - 1
    for position, segment in enumerate(segments):
        lowered = segment.lower() if len(segment) <= 6 else ""
        if lowered in _DOUBLE_DOT:
            if output:
                output.pop()
            if position == last:
                output.append("")
        elif lowered in _SINGLE_DOT:
            if position == last:
                output.append("")
        else:
            output.append(_percent_encode(segment, _PATH_UNSAFE))
    return "/" + "/".join(output)


def _percent_encode(text: str, unsafe: re.Pattern) -> str:
    return unsafe.sub(_encode_match, text)


def _encode_match(match: re.Match) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def _match_host(hostname: str) -> str:
    """Hosts compare without one trailing dot, as Chrome does (``zoom.us.`` is ``zoom.us``)."""
    return hostname[:-1] if hostname.endswith(".") else hostname


def _is_ip(host: str) -> bool:
    return host.startswith("[") or _IPV4_HOST.fullmatch(host) is not None


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
    if _SCHEME_LIKE.fullmatch(prefix) and text[colon + 1 : colon + 2] not in _DECIMAL_DIGITS:
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
    host = _match_host(host)
    if host == "" or host.startswith(".") or host.endswith(".") or ".." in host:
        raise PatternError("invalid-host", f"'{name}' has an empty label")
    return host


# --- Matching and specificity ----------------------------------------------------------


def pattern_matches(pattern: "str | MatchPattern", url: str) -> bool:
    """True if the pattern matches the URL. Unparseable or non-http(s) URLs match nothing."""
    parsed = parse_pattern(pattern)
    target = parse_url(url)
    return target is not None and _matches(parsed, target, _match_host(target.hostname))


def _matches(pattern: MatchPattern, target: CanonicalUrl, host: str) -> bool:
    """Scheme, host (already without its trailing dot) and path all match."""
    return (
        (pattern.scheme == "*" or pattern.scheme == target.scheme)
        and _host_matches(pattern, host)
        and _glob_matches(pattern.glob, target.path)
    )


def _host_matches(pattern: MatchPattern, host: str) -> bool:
    if pattern.host == ANY_HOST or pattern.host == host:
        return True
    # Subdomains on a label boundary only, and never for IP addresses.
    if not pattern.match_subdomains or _is_ip(host):
        return False
    suffix = pattern.host
    return len(host) > len(suffix) and host.endswith(suffix) and host[-len(suffix) - 1] == "."


def _glob_matches(parts: tuple[str, ...], text: str) -> bool:
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


# --- Classifying URLs against a taxonomy's sites ---------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """A site whose pattern matched a URL; ``pattern`` is the raw pattern that matched."""

    site_id: str
    site_name: str
    categories: tuple[str, ...]
    pattern: str
    specificity: tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class _Rule:
    site_order: int
    pattern_order: int
    site_id: str
    site_name: str
    categories: tuple[str, ...]
    pattern: MatchPattern

    def beats(self, other: "_Rule") -> bool:
        """More specific, or as specific and earlier in the site's list of patterns."""
        if self.pattern.rank != other.pattern.rank:
            return self.pattern.rank > other.pattern.rank
        return self.pattern_order < other.pattern_order

    def to_match(self) -> Match:
        return Match(
            self.site_id, self.site_name, self.categories, self.pattern.raw, self.pattern.rank
        )


class SiteIndex:
    """The sites' patterns indexed by host, so that classifying a URL looks at few rules."""

    def __init__(self, rules: list[_Rule]):
        self._exact: dict[str, list[_Rule]] = {}
        self._subdomains: dict[str, list[_Rule]] = {}
        self._any_host: list[_Rule] = []
        for rule in rules:
            self._add(rule)

    def _add(self, rule: _Rule) -> None:
        pattern = rule.pattern
        if pattern.any_host:
            self._any_host.append(rule)
        elif pattern.match_subdomains:
            self._subdomains.setdefault(pattern.host, []).append(rule)
        else:
            self._exact.setdefault(pattern.host, []).append(rule)

    def classify(self, url: str) -> list[Match]:
        """Every matching site, once each with its best pattern, most specific first."""
        target = parse_url(url)
        if target is None:
            return []
        host = _match_host(target.hostname)
        candidates = self._candidates(host)
        return _best_per_site([rule for rule in candidates if _matches(rule.pattern, target, host)])

    def _candidates(self, host: str):
        """The rules whose host can match: exact, then subdomain suffixes, then any host."""
        yield from self._exact.get(host, ())
        yield from self._subdomains.get(host, ())
        if not _is_ip(host):
            # Walk the label suffixes: a.b.zoom.us -> b.zoom.us -> zoom.us -> us.
            dot = host.find(".")
            while dot >= 0:
                yield from self._subdomains.get(host[dot + 1 :], ())
                dot = host.find(".", dot + 1)
        yield from self._any_host


def _best_per_site(hits: list[_Rule]) -> list[Match]:
    best: dict[int, _Rule] = {}
    for rule in hits:
        current = best.get(rule.site_order)
        if current is None or rule.beats(current):
            best[rule.site_order] = rule
    ordered = sorted(best.values(), key=lambda rule: rule.site_order)
    ordered.sort(key=lambda rule: rule.pattern.rank, reverse=True)  # stable: site order kept
    return [rule.to_match() for rule in ordered]


def _rules(taxonomy: dict) -> list[_Rule]:
    """Every (site, pattern) of a taxonomy, parsed; a bad pattern names its place."""
    rules = []
    for site_order, site in enumerate(taxonomy["sites"]):
        categories = tuple(site["categories"])
        for pattern_order, raw in enumerate(site["patterns"]):
            try:
                pattern = parse_pattern(raw)
            except PatternError as exc:
                where = f"sites[{site_order}].patterns[{pattern_order}]"
                raise PatternError(exc.kind, f"{where} {raw!r}: {exc}") from exc
            rules.append(
                _Rule(site_order, pattern_order, site["id"], site["name"], categories, pattern)
            )
    return rules


def build_index(taxonomy: dict) -> SiteIndex:
    """Index the sites of a parsed taxonomy document; raises PatternError on a bad pattern."""
    return SiteIndex(_rules(taxonomy))


def classify(taxonomy_or_index: "dict | SiteIndex", url: str) -> list[Match]:
    """Classify a URL with an index, or with a taxonomy document (indexed on the spot)."""
    index = taxonomy_or_index
    if not isinstance(index, SiteIndex):
        index = build_index(taxonomy_or_index)
    return index.classify(url)


def classify_by_scan(taxonomy: dict, url: str) -> list[Match]:
    """The same result as ``classify``, by trying every pattern of every site in turn.

    The plain loop is the oracle for the index in tests and its baseline in benchmarks.
    """
    target = parse_url(url)
    if target is None:
        return []
    host = _match_host(target.hostname)
    matches = []
    for site in taxonomy["sites"]:
        best = None
        for raw in site["patterns"]:
            pattern = parse_pattern(raw)
            better = best is None or pattern.rank > best.rank
            if better and _matches(pattern, target, host):
                best = pattern
        if best is not None:
            categories = tuple(site["categories"])
            matches.append(Match(site["id"], site["name"], categories, best.raw, best.rank))
    matches.sort(key=lambda match: match.specificity, reverse=True)
    return matches


def winning_categories(matches: list[Match]) -> list[str]:
    """The categories of the most specific matches, first-seen order, without repeats."""
    if not matches:
        return []
    top = max(match.specificity for match in matches)
    categories: list[str] = []
    for match in matches:
        if match.specificity != top:
            continue
        for category in match.categories:
            if category not in categories:
                categories.append(category)
    return categories
