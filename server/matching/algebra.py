"""Set algebra over match patterns: whether one contains another, and an address both match.

A pattern is a set of addresses (schemes x hosts x paths), so one pattern can contain
another or share addresses with it. Both questions are answered exactly for scheme and
host, and for path globs over all strings; the path alphabet of real URLs is smaller,
which can only make an overlap reported here impossible in practice (a glob with a
literal space, say), never hide one.
"""

from collections import deque

from .patterns import MatchPattern, glob_matches, parse_pattern
from .urls import is_ip

# --- Globs ----------------------------------------------------------------------------------


def glob_contains(outer: str, inner: str) -> bool:
    """True if every string matched by the glob ``inner`` is matched by ``outer`` ('*' = any).

    Read ``inner`` as a word whose stars are a symbol no literal matches: only a star of
    ``outer`` can absorb it. If ``outer`` matches that word, it matches every filling of
    the stars. If not, fill each star with a character ``outer`` never mentions: that
    string is in ``inner`` and not in ``outer``.
    """
    star = _absent_character(outer)
    return glob_matches(outer.split("*"), inner.replace("*", star))


def _absent_character(text: str) -> str:
    code = 0xE000  # private use: absent from real patterns, but check anyway
    while chr(code) in text:
        code += 1
    return chr(code)


def glob_overlap(a: str, b: str) -> str | None:
    """The shortest string matched by both globs, or None if no string is.

    A search over pairs of positions (i in ``a``, j in ``b``): a star may end (no
    character), or swallow the other glob's next literal; equal literals advance both.
    Two stars swallowing the same character is never needed: dropping that character
    leaves a shorter common string. Ending stars cost nothing, characters cost one
    (a 0-1 breadth-first search), so the first time both ends are reached is shortest.
    """
    goal = (len(a), len(b))
    parent: dict[tuple[int, int], tuple[tuple[int, int], str] | None] = {(0, 0): None}
    cost = {(0, 0): 0}
    queue = deque([(0, 0)])
    while queue:
        state = queue.popleft()
        if state == goal:
            return _spell(parent, goal)
        i, j = state
        x = a[i] if i < len(a) else None
        y = b[j] if j < len(b) else None
        moves = []
        if x == "*":
            moves.append(((i + 1, j), ""))
        if y == "*":
            moves.append(((i, j + 1), ""))
        if x == "*" and y not in (None, "*"):
            moves.append(((i, j + 1), y))
        if y == "*" and x not in (None, "*"):
            moves.append(((i + 1, j), x))
        if x is not None and x == y and x != "*":
            moves.append(((i + 1, j + 1), x))
        for following, char in moves:
            step = cost[state] + len(char)
            if following in cost and cost[following] <= step:
                continue
            cost[following] = step
            parent[following] = (state, char)
            if char:
                queue.append(following)
            else:
                queue.appendleft(following)
    return None


def _spell(parent, state) -> str:
    chars = []
    while parent[state] is not None:
        state, char = parent[state]
        chars.append(char)
    return "".join(reversed(chars))


# --- Match patterns ------------------------------------------------------------------------


def _hosts(pattern: MatchPattern) -> tuple[str, str]:
    """("any", ""), ("exact", host) or ("domain", host): the host and its subdomains.

    ``*.`` over an IP address matches the address only: IPs have no subdomains.
    """
    if pattern.any_host:
        return "any", ""
    if pattern.match_subdomains and not is_ip(pattern.host):
        return "domain", pattern.host
    return "exact", pattern.host


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def host_contains(outer: MatchPattern, inner: MatchPattern) -> bool:
    """True if every host ``inner`` matches is also matched by ``outer``."""
    (outer_kind, outer_host), (inner_kind, inner_host) = _hosts(outer), _hosts(inner)
    if outer_kind == "any":
        return True
    if inner_kind == "any":
        return False
    if outer_kind == "exact":
        return inner_kind == "exact" and inner_host == outer_host
    return _under(inner_host, outer_host)


def _host_example(a: MatchPattern, b: MatchPattern) -> str | None:
    """A host both patterns match, or None."""
    (a_kind, a_host), (b_kind, b_host) = _hosts(a), _hosts(b)
    if a_kind == "any" or b_kind == "any":
        return b_host or a_host or "example.com"
    if _under(a_host, b_host) and (b_kind == "domain" or a_host == b_host):
        return a_host
    if _under(b_host, a_host) and a_kind == "domain":
        return b_host
    return None


def pattern_contains(outer: "str | MatchPattern", inner: "str | MatchPattern") -> bool:
    """True if every address ``inner`` matches is also matched by ``outer``."""
    outer, inner = parse_pattern(outer), parse_pattern(inner)
    return (
        outer.scheme in ("*", inner.scheme)
        and host_contains(outer, inner)
        and glob_contains(outer.path, inner.path)
    )


def overlap_example(a: "str | MatchPattern", b: "str | MatchPattern") -> str | None:
    """A short address both patterns match, or None if they share none."""
    a, b = parse_pattern(a), parse_pattern(b)
    if a.scheme != "*" and b.scheme != "*" and a.scheme != b.scheme:
        return None
    host = _host_example(a, b)
    if host is None:
        return None
    path = glob_overlap(a.path, b.path)
    if path is None:
        return None
    scheme = a.scheme if a.scheme != "*" else b.scheme if b.scheme != "*" else "https"
    return f"{scheme}://{host}{path}"
