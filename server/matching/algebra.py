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


# --- With a site's excludes -----------------------------------------------------------------
#
# A site covers what its patterns match less what its excludes match. Whether one such set
# holds or meets another comes down to one question: is there an address every pattern of
# ``within`` matches and no pattern of ``outside`` does? Scheme and host take finitely many
# cases; the path is a search over the globs' states together.

# Path states searched before giving up on a pathological set of globs (thousands of
# characters of stars): the answer is then "no such address", so a warning is missed
# rather than a false one raised.
_MAX_PATH_STATES = 100_000


def address_example(within, outside=()) -> str | None:
    """A short address every pattern of ``within`` matches and none of ``outside`` does,
    or None if there is none."""
    within = [parse_pattern(pattern) for pattern in within]
    outside = [parse_pattern(pattern) for pattern in outside]
    if not within:
        return None
    for scheme in ("https", "http"):
        if any(pattern.scheme not in ("*", scheme) for pattern in within):
            continue
        for host in _host_cases(within + outside):
            if not all(_host_matches(pattern, host) for pattern in within):
                continue
            against = [
                pattern
                for pattern in outside
                if pattern.scheme in ("*", scheme) and _host_matches(pattern, host)
            ]
            path = _path_example([p.path for p in within], [p.path for p in against])
            if path is not None:
                return f"{scheme}://{host}{path}"
    return None


def covers(outer, inner, outer_excludes=(), inner_excludes=()) -> bool:
    """True if every address ``inner`` matches and its excludes leave is matched by
    ``outer`` and left by its excludes."""
    if not outer_excludes and not inner_excludes:
        return pattern_contains(outer, inner)
    if address_example([inner], [*inner_excludes, outer]) is not None:
        return False
    return all(address_example([inner, e], inner_excludes) is None for e in outer_excludes)


def _host_matches(pattern: MatchPattern, host: str) -> bool:
    kind, own = _hosts(pattern)
    return kind == "any" or host == own or (kind == "domain" and _under(host, own))


def _host_cases(patterns: list[MatchPattern]) -> list[str]:
    """Hosts standing for every host: each one named, a new subdomain under each domain
    named (a host under the same domains, equal to none), and one no pattern names."""
    named = list(dict.fromkeys(p.host for p in patterns if not p.any_host))
    taken = set(named)

    def unused(suffix):
        for label in ("www", "app", *(f"x{n}" for n in range(len(taken) + 1))):
            if f"{label}.{suffix}" not in taken:
                return f"{label}.{suffix}"
        raise AssertionError("unreachable: one label is always free")

    cases = list(named)
    cases += [unused(p.host) for p in patterns if _hosts(p)[0] == "domain"]
    cases.append(_unnamed_host(named))
    return list(dict.fromkeys(cases))


def _unnamed_host(named: list[str]) -> str:
    """A host equal to none of ``named`` and under none of them."""
    tlds = ("com", "org", "net")
    candidates = [f"example.{tld}" for tld in tlds]
    candidates += [f"example{n}.test" for n in range(len(named) + 1)]
    for host in candidates:
        if not any(_under(host, other) for other in named):
            return host
    raise AssertionError("unreachable: more candidates than named hosts")


def _path_example(within: list[str], outside: list[str]) -> str | None:
    """The shortest path every glob of ``within`` matches and none of ``outside`` does.

    A breadth-first search over the globs read together, one character at a time: each
    glob's state is the set of its positions reached. The characters tried are those the
    globs name and one they do not (standing for all the others)."""
    globs = within + outside
    named = set("".join(globs)) - {"*"}
    other = next((c for c in "abcdefghijklmnopqrstuvwxyz0123456789" if c not in named), None)
    alphabet = sorted(named) + [other or _absent_character("".join(globs))]
    start = tuple(_glob_closure(glob, {0}) for glob in globs)
    parent = {start: None}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        done = [len(glob) in positions for glob, positions in zip(globs, state, strict=True)]
        if all(done[: len(within)]) and not any(done[len(within) :]):
            return _spell_states(parent, state)
        for char in alphabet:
            following = tuple(
                _glob_step(glob, positions, char)
                for glob, positions in zip(globs, state, strict=True)
            )
            if not all(following[: len(within)]) or following in parent:
                continue  # a glob of within can no longer match: no way on from here
            if len(parent) >= _MAX_PATH_STATES:
                return None
            parent[following] = (state, char)
            queue.append(following)
    return None


def _glob_closure(glob: str, positions) -> frozenset:
    """Positions reached, with every star that can match nothing stepped over."""
    reached = set(positions)
    for position in sorted(reached):
        while position < len(glob) and glob[position] == "*":
            position += 1
            reached.add(position)
    return frozenset(reached)


def _glob_step(glob: str, positions: frozenset, char: str) -> frozenset:
    following = set()
    for position in positions:
        if position < len(glob):
            if glob[position] == "*":
                following.add(position)
            elif glob[position] == char:
                following.add(position + 1)
    return _glob_closure(glob, following)


def _spell_states(parent, state) -> str:
    chars = []
    while parent[state] is not None:
        state, char = parent[state]
        chars.append(char)
    return "".join(reversed(chars))
