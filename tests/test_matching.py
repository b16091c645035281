"""Match patterns: the shared vectors, the index against the plain scan, Python against Node."""

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from server.matching import (
    Match,
    MatchPattern,
    PatternError,
    SiteIndex,
    build_index,
    classify,
    classify_by_scan,
    parse_pattern,
    pattern_matches,
    specificity,
    winning_categories,
)
from server.matching.urls import parse_url

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / "shared"
MATCHER_JS = ROOT / "extension" / "lib" / "matcher.js"
TAXONOMY = SHARED / "taxonomy.json"
CLASSIFICATION_CASES = SHARED / "classification-cases.json"
VECTORS = json.loads((SHARED / "match-cases.json").read_text(encoding="utf-8"))
NODE = shutil.which("node")

needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def _load(path):
    """A shared JSON file, or a skip naming it while it does not exist yet."""
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} does not exist yet")
    return json.loads(path.read_text(encoding="utf-8"))


def _ids(cases, *keys):
    return [" ".join(repr(case.get(key))[:60] for key in keys) for case in cases]


def _summary(matches):
    """What must agree between implementations: the whole result, in order."""
    return [(m.site_id, m.pattern, list(m.specificity), list(m.categories)) for m in matches]


# --- The shared vectors ------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", VECTORS["parse_errors"], ids=_ids(VECTORS["parse_errors"], "pattern")
)
def test_rejected_pattern(case):
    with pytest.raises(PatternError) as info:
        parse_pattern(case["pattern"])
    assert info.value.kind == case["kind"]
    assert isinstance(info.value, ValueError)
    assert str(info.value), "every rejection needs a human reason"


@pytest.mark.parametrize("case", VECTORS["patterns"], ids=_ids(VECTORS["patterns"], "pattern"))
def test_parsed_pattern(case):
    pattern = parse_pattern(case["pattern"])
    assert pattern.raw == case["pattern"]
    assert pattern.scheme == case["scheme"]
    assert pattern.host == case["host"]
    assert pattern.match_subdomains is case["match_subdomains"]
    assert pattern.path == case["path"]
    assert list(specificity(case["pattern"])) == case["specificity"]


@pytest.mark.parametrize("case", VECTORS["urls"], ids=_ids(VECTORS["urls"], "url"))
def test_canonical_url(case):
    parsed = parse_url(case["url"])
    if not case["valid"]:
        assert parsed is None
        return
    assert parsed is not None
    assert (parsed.scheme, parsed.hostname, parsed.path) == (
        case["scheme"],
        case["hostname"],
        case["path"],
    )


@pytest.mark.parametrize("case", VECTORS["cases"], ids=_ids(VECTORS["cases"], "pattern", "url"))
def test_pattern_matches_url(case):
    assert pattern_matches(case["pattern"], case["url"]) is case["expected"], case["note"]
    assert pattern_matches(parse_pattern(case["pattern"]), case["url"]) is case["expected"]


@pytest.mark.parametrize(
    "case", VECTORS["classify"]["cases"], ids=_ids(VECTORS["classify"]["cases"], "url")
)
def test_classify_vector(case):
    taxonomy = {"sites": VECTORS["classify"]["sites"]}
    expected = [(item["site"], item["pattern"]) for item in case["expected"]]
    for matches in (
        classify(build_index(taxonomy), case["url"]),
        classify_by_scan(taxonomy, case["url"]),
    ):
        assert [(m.site_id, m.pattern) for m in matches] == expected, case["note"]
        assert winning_categories(matches) == case["winning"]


def test_every_error_kind_has_a_vector():
    kinds = {case["kind"] for case in VECTORS["parse_errors"]}
    assert kinds >= {
        "empty",
        "whitespace",
        "missing-separator",
        "bad-separator",
        "unsupported-scheme",
        "empty-host",
        "invalid-wildcard",
        "missing-path",
        "port",
        "invalid-host",
    }


# --- The API around the vectors ----------------------------------------------------------


def test_match_pattern_is_frozen_and_reused():
    pattern = parse_pattern("https://*.zoom.us/*")
    assert isinstance(pattern, MatchPattern)
    assert parse_pattern(pattern) is pattern
    with pytest.raises(AttributeError):
        pattern.host = "evil.example"  # type: ignore[misc]


def test_non_string_urls_match_nothing():
    assert pattern_matches("<all_urls>", None) is False  # type: ignore[arg-type]
    assert classify_by_scan({"sites": []}, 42) == []  # type: ignore[arg-type]


def test_specificity_orders_exact_over_wildcard_over_any_host():
    ranked = [
        "https://www.zoom.us/j/*",
        "https://www.zoom.us/*",
        "https://zoom.us/j/*",
        "https://*.www.zoom.us/*",
        "https://*.zoom.us/j/*",
        "https://*.zoom.us/*",
        "*://*/j/*",
        "*://*/*",
        "<all_urls>",
    ]
    ranks = [specificity(pattern) for pattern in ranked]
    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) == len(ranks)


def test_build_index_names_the_bad_pattern():
    taxonomy = {"sites": [_site("zoom", "https://zoom.us/*", "https://zoom.us")]}
    with pytest.raises(PatternError) as info:
        build_index(taxonomy)
    assert info.value.kind == "missing-path"
    assert "sites[0].patterns[1]" in str(info.value)


def test_classify_takes_a_document_or_an_index():
    taxonomy = {"sites": [_site("zoom", "https://*.zoom.us/*")]}
    index = build_index(taxonomy)
    assert isinstance(index, SiteIndex)
    expected = [Match("zoom", "Zoom", ("video",), "https://*.zoom.us/*", (0, 2, 1))]
    assert classify(index, "https://a.zoom.us/") == expected
    assert classify(taxonomy, "https://a.zoom.us/") == expected
    assert index.classify("https://a.zoom.us/") == expected


def test_one_match_per_site_with_its_best_pattern():
    site = _site("zoom", "https://*.zoom.us/*", "https://zoom.us/j/*", "https://zoom.us/*")
    matches = classify({"sites": [site]}, "https://zoom.us/j/1")
    assert [m.pattern for m in matches] == ["https://zoom.us/j/*"]


def test_equal_patterns_in_one_site_keep_the_first():
    site = _site("zoom", "https://zoom.us/a*", "https://zoom.us/*a")
    taxonomy = {"sites": [site]}
    for matches in (
        classify(taxonomy, "https://zoom.us/a"),
        classify_by_scan(taxonomy, "https://zoom.us/a"),
    ):
        assert [m.pattern for m in matches] == ["https://zoom.us/a*"]


def test_winning_categories_combine_ties_without_repeats():
    top = (1, 2, 1)
    matches = [
        Match("a", "A", ("video", "live-chat"), "https://a.example/*", top),
        Match("b", "B", ("live-chat", "email", "video"), "https://b.example/*", top),
        Match("c", "C", ("calendar",), "https://*.example/*", (0, 1, 1)),
    ]
    assert winning_categories(matches) == ["video", "live-chat", "email"]
    assert winning_categories([]) == []


# --- The index against the plain scan ----------------------------------------------------


def test_index_agrees_with_scan_on_generated_urls():
    taxonomy = _vector_taxonomy()
    index = build_index(taxonomy)
    for url in _generated_urls(taxonomy, count=4000, seed=20261127):
        assert _summary(index.classify(url)) == _summary(classify_by_scan(taxonomy, url)), url


def test_index_agrees_with_scan_on_default_taxonomy():
    taxonomy = _load(TAXONOMY)
    index = build_index(taxonomy)
    for url in _generated_urls(taxonomy, count=3000, seed=7):
        assert _summary(index.classify(url)) == _summary(classify_by_scan(taxonomy, url)), url


def test_default_taxonomy_classification_cases():
    taxonomy, cases = _load(TAXONOMY), _load(CLASSIFICATION_CASES)["cases"]
    index = build_index(taxonomy)
    failures = []
    for case in cases:
        got = winning_categories(index.classify(case["url"]))
        if sorted(got) != sorted(case["expected"]):
            failures.append(f"{case['url']}: got {got}, expected {case['expected']}")
    assert not failures, "\n".join(failures)


# --- Python against JavaScript -----------------------------------------------------------

# Runs matcher.js on the same taxonomy, URLs and patterns, and prints what it finds.
NODE_SCRIPT = """
import fs from 'node:fs';
const { buildIndex, parsePattern, parseUrl } = await import(process.argv[1]);
const { taxonomy, urls, patterns } = JSON.parse(fs.readFileSync(0, 'utf8'));
const index = buildIndex(taxonomy);
const parse = (raw) => {
  try {
    const p = parsePattern(raw);
    return [p.scheme, p.host, p.matchSubdomains, p.path, p.rank];
  } catch (error) {
    if (error.kind === undefined) throw error;
    return error.kind;
  }
};
process.stdout.write(JSON.stringify({
  urls: urls.map((url) => ({
    parsed: parseUrl(url),
    matches: index.classify(url).map((m) => [m.siteId, m.pattern, m.specificity, m.categories]),
  })),
  patterns: patterns.map(parse),
}));
"""


def _run_node(taxonomy, urls=(), patterns=()):
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", NODE_SCRIPT, MATCHER_JS.as_uri()],
        input=json.dumps({"taxonomy": taxonomy, "urls": list(urls), "patterns": list(patterns)}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def _assert_same_as_node(taxonomy, urls):
    index = build_index(taxonomy)
    mismatches = []
    for url, js in zip(urls, _run_node(taxonomy, urls=urls)["urls"], strict=True):
        parsed = parse_url(url)
        py_parsed = None if parsed is None else dict(parsed._asdict())
        py_matches = [list(item) for item in _summary(index.classify(url))]
        if py_parsed != js["parsed"] or py_matches != js["matches"]:
            mismatches.append(f"{url!r}: python {py_parsed} {py_matches} / node {js}")
    assert not mismatches, "\n".join(mismatches[:20])


def _python_parse(raw):
    try:
        pattern = parse_pattern(raw)
    except PatternError as exc:
        return exc.kind
    return [
        pattern.scheme,
        pattern.host,
        pattern.match_subdomains,
        pattern.path,
        list(pattern.rank),
    ]


@needs_node
def test_python_and_node_agree_on_vectors_and_generated_urls():
    taxonomy = _vector_taxonomy()
    urls = [case["url"] for case in VECTORS["urls"] + VECTORS["cases"]]
    urls += [case["url"] for case in VECTORS["classify"]["cases"]]
    urls += _generated_urls(taxonomy, count=3000, seed=99)
    _assert_same_as_node(taxonomy, urls)


@needs_node
def test_python_and_node_agree_on_awkward_urls():
    _assert_same_as_node(_vector_taxonomy(), _awkward_urls(count=4000, seed=5))


@needs_node
def test_python_and_node_agree_on_patterns_and_error_kinds():
    patterns = [case["pattern"] for case in VECTORS["parse_errors"] + VECTORS["patterns"]]
    patterns += _awkward_patterns(count=3000, seed=11)
    node = _run_node({"sites": []}, patterns=patterns)["patterns"]
    mismatches = [
        f"{raw!r}: python {_python_parse(raw)} / node {js}"
        for raw, js in zip(patterns, node, strict=True)
        if _python_parse(raw) != js
    ]
    assert not mismatches, "\n".join(mismatches[:20])


@needs_node
def test_python_and_node_agree_on_default_taxonomy():
    taxonomy = _load(TAXONOMY)
    urls = _generated_urls(taxonomy, count=2000, seed=3)
    if CLASSIFICATION_CASES.exists():
        urls += [case["url"] for case in _load(CLASSIFICATION_CASES)["cases"]]
    _assert_same_as_node(taxonomy, urls)


# --- Helpers -----------------------------------------------------------------------------


def _site(site_id, *patterns, categories=("video",)):
    return {
        "id": site_id,
        "name": site_id.title(),
        "patterns": list(patterns),
        "categories": list(categories),
    }


def _vector_taxonomy():
    """Every valid pattern in the vectors as a site, plus the classify sites."""
    raw = [case["pattern"] for case in VECTORS["patterns"] + VECTORS["cases"]]
    sites = list(VECTORS["classify"]["sites"])
    seen = set()
    for number, pattern in enumerate(raw):
        if pattern not in seen:
            seen.add(pattern)
            categories = [("video", "email", "calendar", "texting")[number % 4]]
            sites.append(_site(f"site-{number}", pattern, categories=categories))
    return {"sites": sites}


def _pattern_hosts(taxonomy):
    hosts = {"example.com", "127.0.0.1", "[::1]", "localhost"}
    for site in taxonomy["sites"]:
        for raw in site["patterns"] + site.get("exclude", []):
            host = parse_pattern(raw).host
            if host != "*":
                hosts.add(host)
    return sorted(hosts)


def _pattern_paths(taxonomy):
    paths = {"/", "/x", "/j/1"}
    for site in taxonomy["sites"]:
        for raw in site["patterns"] + site.get("exclude", []):
            paths.add(parse_pattern(raw).path.replace("*", "x"))
    return sorted(paths)


def _generated_urls(taxonomy, count, seed):
    """URLs around the taxonomy's own hosts and paths: hits, near misses and tricks."""
    rnd = random.Random(seed)
    hosts, paths = _pattern_hosts(taxonomy), _pattern_paths(taxonomy)
    urls = []
    for _ in range(count):
        host = rnd.choice(hosts)
        if not host.startswith("[") and rnd.random() < 0.5:
            host = rnd.choice(["www.", "a.b.", "not", "x-", "us04web."]) + host
        if rnd.random() < 0.2:
            host = rnd.choice([host.upper(), host + ".", host + ".evil.example"])
        scheme = rnd.choice(["https", "https", "http", "ftp", "HTTPS"])
        user = rnd.choice(["", "", "", "user@", f"{rnd.choice(hosts)}@"])
        port = rnd.choice(["", "", "", ":8080", ":443"])
        path = rnd.choice(paths) + rnd.choice(["", "", "/more", "/../up", "x"])
        query = rnd.choice(["", "", "?q=1", "?", f"?u=https://{rnd.choice(hosts)}/"])
        fragment = rnd.choice(["", "", "#top", "#?x"])
        urls.append(f"{scheme}://{user}{host}{port}{path}{query}{fragment}")
    return urls


# Characters whose handling Node (ada) and this module share across Unicode versions.
_AWKWARD = [
    *"aZz09.-_~/\\?#@:%[]<>\"'`{}^| \t\n!$&()*+,;=",
    "%2e", "%2E", "%41", "%zz", "%ff", "%C3%A9", "é", "ß", "ü", "Ü", "ｚ", "。", "\u00ad",
    "xn--bcher-kva", "xn--", "0x7f", "08", "255", "256", "::1",
]  # fmt: skip


def _awkward_urls(count, seed):
    """Random URLs built from characters that exercise the canonicaliser's corners."""
    rnd = random.Random(seed)

    def junk(longest):
        return "".join(rnd.choice(_AWKWARD) for _ in range(rnd.randint(0, longest)))

    prefixes = [
        "https://",
        "http://",
        "HTTP://",
        "https:",
        "https:/",
        "https:///",
        "http:\\\\",
        " https://",
    ]
    hosts = [
        "zoom.us",
        "a.zoom.us",
        "ZOOM.US.",
        "127.0.0.1",
        "[::1]",
        "bücher.example",
        "1.2.3",
        "0x7f.1",
    ]
    urls = []
    for _ in range(count):
        host = rnd.choice([*hosts, junk(4), junk(2) + ".com"])
        userinfo = rnd.choice(["", "", junk(3) + "@"])
        port = rnd.choice(["", "", ":443", ":", ":99999", ":8x"])
        path = rnd.choice(["", "/", "/" + junk(6), "/a/../b", "/" + junk(3) + "/.." + junk(2)])
        tail = rnd.choice(["", "?", "?q=" + junk(4), "#" + junk(3)])
        urls.append(rnd.choice(prefixes) + userinfo + host + port + path + tail)
    return urls


def _awkward_patterns(count, seed):
    """Random patterns, valid and not, to compare parse results and error kinds."""
    rnd = random.Random(seed)

    def junk(longest):
        return "".join(rnd.choice(_AWKWARD) for _ in range(rnd.randint(0, longest)))

    schemes = ["https://", "http://", "*://", "HTTPS://", "ftp://", "https:/", "urn:", "", junk(3)]
    hosts = ["zoom.us", "*.zoom.us", "*", "*." + junk(3), junk(4), "ZOOM.us.", "[::1]", "127.1"]
    hosts += ["bücher.example", "*zoom.us", "zoom.*", "zoom.us:443", "a..b"]
    paths = ["", "/", "/*", "/" + junk(4), "/*?" + junk(2)]
    return [rnd.choice(schemes) + rnd.choice(hosts) + rnd.choice(paths) for _ in range(count)]
