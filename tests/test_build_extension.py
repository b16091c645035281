"""The extension build: one source of truth for guidance and host permissions."""

import json
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
from server.matching import parse_pattern

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
