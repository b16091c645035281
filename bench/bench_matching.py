"""Benchmark: classifying URLs with the host index against trying every pattern.

Run from the repository root: ``.venv/bin/python bench/bench_matching.py``. It measures
shared/taxonomy.json (when present) and a synthetic taxonomy of 10,000 pattern rules,
generated exactly as bench/bench_matcher.mjs generates it, and prints URLs per second.
"""

import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.matching import build_index, classify_by_scan  # noqa: E402
from server.matching.urls import canonical_host  # noqa: E402

SYNTHETIC_RULES = 10_000
URL_COUNT = 2_000
SECONDS_PER_MEASURE = 1.5
TARGET_RATIO = 50
WORDS = [
    "care", "talk", "mind", "meet", "chat", "mail", "note", "book", "cloud", "link",
    "space", "well", "calm", "path", "bridge", "circle", "hub", "desk", "flow", "room",
]  # fmt: skip
TLDS = ["com", "org", "net", "io", "co.uk", "health", "app"]
CATEGORIES = [
    "telephone", "live-chat", "video", "email", "texting",
    "social-media", "online-resources", "calendar", "ai-assistants",
]  # fmt: skip


def mulberry32(seed):
    """The same small PRNG as the Node benchmark, so both measure the same rules and URLs."""
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def next_float():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(state ^ (state >> 15), state | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_float


def synthetic(rule_count, url_count, seed=2026):
    """A taxonomy of exact, subdomain and path rules, and URLs: half hits, half misses."""
    rnd = mulberry32(seed)

    def pick(items):
        return items[int(rnd() * len(items))]

    rules = []
    for number in range(rule_count):
        host = f"{pick(WORDS)}{pick(WORDS)}{number}.{pick(TLDS)}"
        roll = rnd()
        if roll < 0.4:
            rules.append(("exact", host, f"https://{host}/*"))
        elif roll < 0.75:
            rules.append(("subdomains", host, f"*://*.{host}/*"))
        else:
            word = pick(WORDS)
            prefix = pick(["", "*."])
            rules.append(("path", host, f"https://{prefix}{host}/{word}/*", word))
    sites, position = [], 0
    while position < len(rules):
        size = 1 + int(rnd() * 3)
        patterns = [rule[2] for rule in rules[position : position + size]]
        number = len(sites)
        sites.append(
            {
                "id": f"site-{number}",
                "name": f"Site {number}",
                "patterns": patterns,
                "categories": [CATEGORIES[number % len(CATEGORIES)]],
            }
        )
        position += size
    urls = [_synthetic_url(pick(rules), rnd, pick, number) for number in range(url_count)]
    return {"sites": sites}, urls


def _synthetic_url(rule, rnd, pick, number):
    kind, host = rule[0], rule[1]
    if rnd() < 0.5:  # a hit
        if kind == "exact":
            return f"https://{host}/{pick(WORDS)}?q={number}"
        if kind == "subdomains":
            return f"https://{pick(WORDS)}.{host}/{pick(WORDS)}/{number}"
        return f"https://{host}/{rule[3]}/{number}#top"
    return pick(
        [
            f"https://not{host}/",
            f"https://{host}.evil.example/{number}",
            f"https://www.unrelated{number}.example/{pick(WORDS)}",
            f"https://{host}@evil.example/",
        ]
    )


def rate(function, urls, seconds=SECONDS_PER_MEASURE):
    """URLs per second, running over the URLs repeatedly for about ``seconds``."""
    done, start = 0, time.perf_counter()
    while True:
        for url in urls:
            function(url)
            done += 1
            if done % 64 == 0 and time.perf_counter() - start >= seconds:
                return done / (time.perf_counter() - start)
        if time.perf_counter() - start >= seconds:
            return done / (time.perf_counter() - start)


def measure(name, taxonomy, urls):
    """One row of figures: build time, indexed and scanned URLs/second, and the ratio."""
    started = time.perf_counter()
    index = build_index(taxonomy)
    build_ms = (time.perf_counter() - started) * 1000
    # The index must give exactly what the scan gives before its speed means anything.
    for url in urls[:300]:
        assert index.classify(url) == classify_by_scan(taxonomy, url), url
    # One pass with an empty host cache: every host canonicalised (IDNA, IPv4) afresh.
    canonical_host.cache_clear()
    started = time.perf_counter()
    hits = sum(1 for url in urls if index.classify(url))
    cold = len(urls) / (time.perf_counter() - started)
    indexed = rate(index.classify, urls)
    scanned = rate(lambda url: classify_by_scan(taxonomy, url), urls)
    rules = sum(len(site["patterns"]) for site in taxonomy["sites"])
    print(
        f"{name:<22} {rules:>6} {len(urls):>6} {hits / len(urls):>5.0%} {build_ms:>8.1f}"
        f" {cold:>12,.0f} {indexed:>13,.0f} {scanned:>11,.0f} {indexed / scanned:>9,.0f}x"
    )
    return rules, indexed / scanned


def default_urls(taxonomy, count=URL_COUNT):
    """URLs for the real taxonomy: its own hosts with subdomains and paths, and misses."""
    hosts = sorted(
        {
            raw.split("://", 1)[1].split("/", 1)[0].removeprefix("*.")
            for site in taxonomy["sites"]
            for raw in site["patterns"]
        }
    )
    rnd = mulberry32(7)
    prefixes = ["", "www.", "app.", "not", "us04web."]
    return [
        f"https://{prefixes[int(rnd() * 5)]}{hosts[int(rnd() * len(hosts))]}/x/{number}"
        for number in range(count)
    ]


def main():
    print(f"Match-pattern benchmark, Python {platform.python_version()} ({platform.machine()})")
    print(
        f"URLs/s over about {SECONDS_PER_MEASURE} s of classify() calls on the URL list;"
        " 'index, cold' is one first pass with the host cache emptied\n"
    )
    print(
        f"{'taxonomy':<22} {'rules':>6} {'urls':>6} {'hits':>5} {'build ms':>8}"
        f" {'index, cold':>12} {'index URLs/s':>13} {'scan URLs/s':>11} {'ratio':>10}"
    )
    taxonomy_path = ROOT / "shared" / "taxonomy.json"
    if taxonomy_path.exists():
        taxonomy = json.loads(taxonomy_path.read_text(encoding="utf-8"))
        measure("shared/taxonomy.json", taxonomy, default_urls(taxonomy))
    else:
        print("shared/taxonomy.json    (not present: skipped)")
    taxonomy, urls = synthetic(SYNTHETIC_RULES, URL_COUNT)
    rules, ratio = measure(f"synthetic {SYNTHETIC_RULES:,}", taxonomy, urls)
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"\ntarget: index >= {TARGET_RATIO}x scan at {rules:,} rules: {verdict} ({ratio:,.0f}x)")
    print(f"first synthetic URL (same in the Node benchmark): {urls[0]}")


if __name__ == "__main__":
    main()
