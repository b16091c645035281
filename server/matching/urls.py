"""Canonical http(s) URLs and hosts, as the WHATWG URL parser gives them.

Chrome and ``new URL()`` in Node canonicalise URLs this way; the matcher needs the
same host, path and query in Python so that ``patterns.py`` and
``extension/lib/matcher.js`` agree on every URL (vectors in ``shared/match-cases.json``).
"""

import functools
import re
import unicodedata
from typing import NamedTuple
from urllib.parse import unquote_to_bytes

import idna

URL_SCHEMES = ("http", "https")


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


def match_host(hostname: str) -> str:
    """Hosts compare without one trailing dot, as Chrome does (``zoom.us.`` is ``zoom.us``)."""
    return hostname[:-1] if hostname.endswith(".") else hostname


def is_ip(host: str) -> bool:
    return host.startswith("[") or _IPV4_HOST.fullmatch(host) is not None
