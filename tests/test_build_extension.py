"""The extension build: one source of truth for guidance and host permissions."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from scripts.build_extension import (
    DEFAULT_SYNC_TIMEOUT_MS,
    DEVELOPMENT_HOSTS,
    SCHEMA_MODULE,
    build,
    main,
    schema_module,
)
from scripts.store_checks import DESCRIPTION_LIMIT, NAME_LIMITS, problems
from server.matching import parse_pattern
from server.rollout.package import chrome_manifest, source_manifest, write_targets

REPO = Path(__file__).resolve().parent.parent
SHIPPED = json.loads((REPO / "shared" / "taxonomy.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(tmp_path_factory.mktemp("dist"))


def manifest(folder):
    return json.loads((folder / "manifest.json").read_text())


def test_source_manifest_lists_no_hosts_by_hand():
    assert json.loads((REPO / "extension" / "manifest.json").read_text())["host_permissions"] == []


def test_host_permissions_are_the_taxonomy_patterns(built):
    hosts = manifest(built["chrome"])["host_permissions"]
    patterns = [pattern for site in SHIPPED["sites"] for pattern in site["patterns"]]
    assert hosts == list(dict.fromkeys(patterns)) + DEVELOPMENT_HOSTS
    for pattern in hosts:
        parse_pattern(pattern)


def test_bundled_guidance_is_the_shared_taxonomy(built):
    for folder in built.values():
        assert (folder / "data" / "taxonomy.json").read_bytes() == (
            REPO / "shared" / "taxonomy.json"
        ).read_bytes()


def test_the_extension_validates_against_the_shared_format():
    """extension/lib/taxonomy-schema.js is the shared schema and rules table, unchanged;
    run `python scripts/build_extension.py --update-schema-module` after changing them."""
    assert (REPO / "extension" / SCHEMA_MODULE).read_text(encoding="utf-8") == schema_module()


def test_builds_carry_the_shared_format(built):
    for folder in built.values():
        assert (folder / SCHEMA_MODULE).read_text(encoding="utf-8") == schema_module()


def test_chrome_build_is_a_module_service_worker(built):
    chrome = manifest(built["chrome"])
    assert chrome["manifest_version"] == 3
    assert chrome["background"] == {"service_worker": "background.js", "type": "module"}
    assert set(chrome["permissions"]) == {"storage", "alarms", "scripting"}
    assert chrome["storage"]["managed_schema"] == "managed_schema.json"


def test_firefox_build_has_its_own_background_and_id(built):
    firefox = manifest(built["firefox"])
    assert firefox["background"] == {"scripts": ["background.js"], "type": "module"}
    gecko = firefox["browser_specific_settings"]["gecko"]
    assert gecko["id"] and gecko["data_collection_permissions"] == {"required": ["none"]}
    assert firefox["host_permissions"] == manifest(built["chrome"])["host_permissions"]


def test_firefox_build_installs_on_desktop_esr_140(built):
    settings = manifest(built["firefox"])["browser_specific_settings"]
    assert settings["gecko"]["strict_min_version"] == "140.0"
    assert settings["gecko_android"] == {"strict_min_version": "142.0"}


def test_tests_are_not_shipped(built):
    assert not (built["chrome"] / "tests").exists()


def test_no_remote_code_or_analytics(built):
    """Every script is local; nothing loads code from or reports to anywhere else."""
    for path in built["chrome"].rglob("*"):
        if path.suffix in (".js", ".html"):
            text = path.read_text(encoding="utf-8")
            assert '<script src="http' not in text and 'import("http' not in text, path
            assert "eval(" not in text and "new Function(" not in text, path


def test_development_build_points_at_a_server(tmp_path):
    paths = build(tmp_path, server_url="http://127.0.0.1:5080")
    assert '"http://127.0.0.1:5080"' in (paths["chrome"] / "config.js").read_text()


def test_packages(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--zip"]) == 0
    archives = sorted(tmp_path.glob("*.zip"))
    assert [a.name for a in archives] == [
        "digital-practice-guide-chrome-0.1.0.zip",
        "digital-practice-guide-firefox-0.1.0.zip",
    ]
    with zipfile.ZipFile(archives[0]) as archive:
        names = archive.namelist()
    assert "manifest.json" in names and "data/taxonomy.json" in names
    assert not any(name.startswith("tests/") for name in names)


def test_source_config_has_the_default_timeout():
    config = (REPO / "extension" / "config.js").read_text()
    assert f"export const SYNC_TIMEOUT_MS = {DEFAULT_SYNC_TIMEOUT_MS};" in config


def test_test_build_shortens_the_sync_timeout(tmp_path):
    paths = build(tmp_path, server_url="http://127.0.0.1:5080", sync_timeout_ms=1500)
    config = (paths["chrome"] / "config.js").read_text()
    assert "export const SYNC_TIMEOUT_MS = 1500;" in config
    assert 'export const DEFAULT_SERVER_URL = "http://127.0.0.1:5080";' in config


def test_sync_timeout_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="sync_timeout_ms"):
        build(tmp_path, sync_timeout_ms=0)


# --- The store packages (make package): docs/store.md -----------------------------------


@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    out = tmp_path_factory.mktemp("packages")
    assert main(["--out", str(out), "--zip"]) == 0
    return out


def unzipped(archive, folder):
    with zipfile.ZipFile(archive) as package:
        package.extractall(folder)
    return folder


def test_store_packages_unzip_to_what_the_stores_accept(packaged, tmp_path):
    for target in ("chrome", "firefox"):
        archive = packaged / f"digital-practice-guide-{target}-0.1.0.zip"
        folder = unzipped(archive, tmp_path / target)
        assert (folder / "manifest.json").is_file()  # at the root, not in a folder
        assert not (folder / "tests").exists()
        assert problems(folder, target) == []


def test_store_packages_carry_the_guidance_sites_and_no_development_hosts(packaged):
    hosts = manifest(packaged / "chrome")["host_permissions"]
    patterns = [pattern for site in SHIPPED["sites"] for pattern in site["patterns"]]
    assert hosts == list(dict.fromkeys(patterns))
    assert manifest(packaged / "firefox")["host_permissions"] == hosts
    assert manifest(packaged / "chrome")["optional_host_permissions"] == [
        "https://*/*",
        "http://*/*",
    ]


def test_store_packages_have_no_default_server(packaged):
    source = (REPO / "extension" / "config.js").read_bytes()
    for target in ("chrome", "firefox"):
        assert (packaged / target / "config.js").read_bytes() == source


def test_store_packages_have_no_key_or_update_address(packaged):
    chrome = manifest(packaged / "chrome")
    assert "key" not in chrome and "update_url" not in chrome
    firefox = manifest(packaged / "firefox")
    assert "key" not in firefox and "update_url" not in firefox
    assert "update_url" not in firefox["browser_specific_settings"]["gecko"]


def test_store_packages_are_the_same_bytes_each_time(packaged, tmp_path):
    assert main(["--out", str(tmp_path), "--zip"]) == 0
    for archive in packaged.glob("*.zip"):
        assert (tmp_path / archive.name).read_bytes() == archive.read_bytes()


def test_store_packages_take_no_server_or_timeout(capsys):
    for extra in (["--server-url", "https://guidance.example.org"], ["--sync-timeout-ms", "5"]):
        with pytest.raises(SystemExit):
            main(["--zip", *extra])
    assert "store packages have no default server" in capsys.readouterr().err


def test_the_description_fits_the_stores():
    messages = json.loads((REPO / "extension" / "_locales" / "en" / "messages.json").read_text())
    assert len(messages["extDescription"]["message"]) <= DESCRIPTION_LIMIT
    assert len(messages["extName"]["message"]) <= min(NAME_LIMITS.values())


def break_manifest(change):
    def apply(folder):
        path = folder / "manifest.json"
        data = json.loads(path.read_text())
        change(data)
        path.write_text(json.dumps(data))

    return apply


def break_message(name, text):
    def apply(folder):
        path = folder / "_locales" / "en" / "messages.json"
        data = json.loads(path.read_text())
        data[name]["message"] = text
        path.write_text(json.dumps(data))

    return apply


def add_file(relative, text):
    def apply(folder):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text)

    return apply


def gecko(data):
    return data["browser_specific_settings"]["gecko"]


# (target, how the package is broken, what the check says)
STORE_RULES = [
    ("chrome", break_manifest(lambda m: m.update(key="MIIBIjAN")), "'key' field"),
    ("chrome", break_manifest(lambda m: m.update(update_url="https://x/u")), "'update_url'"),
    ("firefox", break_manifest(lambda m: m.update(key="MIIBIjAN")), "'key' field"),
    ("chrome", break_manifest(lambda m: m.update(manifest_version=2)), "manifest_version"),
    ("chrome", break_message("extDescription", "x" * 133), "description (en) has 133"),
    ("firefox", break_message("extDescription", "x" * 133), "description (en) has 133"),
    ("chrome", break_message("extName", "x" * 46), "name (en) has 46 characters, more than 45"),
    ("firefox", break_message("extName", "x" * 51), "name (en) has 51 characters, more than 50"),
    ("chrome", break_message("extName", "Practice Guide for Chrome"), "names Chrome"),
    ("chrome", break_manifest(lambda m: m["icons"].pop("128")), "no 128x128 icon"),
    ("chrome", lambda f: (f / "icons" / "icon-128.png").unlink(), "is not in the package"),
    ("firefox", break_manifest(lambda m: gecko(m).pop("id")), "gecko.id"),
    (
        "firefox",
        break_manifest(lambda m: gecko(m).pop("data_collection_permissions")),
        "data_collection_permissions",
    ),
    (
        "firefox",
        break_manifest(lambda m: gecko(m).update(update_url="https://x/u.json")),
        "gecko.update_url",
    ),
    ("chrome", add_file("tests/a.test.js", ""), "tests/a.test.js is not part"),
    ("chrome", add_file(".DS_Store", ""), ".DS_Store is not part"),
    (
        "chrome",
        add_file("popup/extra.html", '<script src="https://cdn.example/x.js"></script>'),
        "popup/extra.html: remote",
    ),
    ("chrome", add_file("lib/extra.js", 'await import("https://x/y.js");'), "lib/extra.js"),
    ("chrome", add_file("lib/extra.js", "eval(text);"), "lib/extra.js: remote"),
    ("chrome", lambda f: (f / "manifest.json").unlink(), "not at the package's root"),
]


@pytest.mark.parametrize(("target", "damage", "expected"), STORE_RULES)
def test_store_rules(packaged, tmp_path, target, damage, expected):
    folder = tmp_path / target
    shutil.copytree(packaged / target, folder)
    damage(folder)
    found = problems(folder, target)
    assert any(expected in problem for problem in found), found


def test_an_organisations_build_is_no_store_package(tmp_path):
    """The organisation's manifest (server/rollout) pins its id and update address."""
    organisation = chrome_manifest(
        source_manifest(), ["https://*.zoom.us/*"], key="MIIBIjAN", update_url="https://x/u"
    )
    paths = write_targets(tmp_path, {"chrome": organisation}, b"{}")
    found = problems(paths["chrome"], "chrome")
    assert any("'key'" in problem for problem in found)
    assert any("'update_url'" in problem for problem in found)
