"""The shape of server/: a few modules at the top, layers as packages, the public names of
earlier releases still where they were. (`make lint` checks the import directions.)"""

from pathlib import Path

SERVER = Path(__file__).resolve().parent.parent / "server"


def test_server_keeps_at_most_eight_modules_at_the_top():
    modules = sorted(path.name for path in SERVER.glob("*.py"))
    assert len(modules) <= 8, modules


def test_every_package_says_what_it_is_for():
    for init in SERVER.glob("*/__init__.py"):
        text = init.read_text(encoding="utf-8")
        assert text.startswith('"""'), f"{init.parent.name} has no docstring"


def test_earlier_public_names_are_importable_where_they_were():
    from server import create_app
    from server.matching import classify, parse_pattern, pattern_matches

    assert callable(create_app)
    assert pattern_matches(parse_pattern("https://*.zoom.us/*"), "https://us02web.zoom.us/j/1")
    assert classify({"sites": []}, "https://zoom.us/") == []
