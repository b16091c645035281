"""The organisation's own extension build in the service: the command, what is stored and
served, the admin pages, and a new build when a publish adds sites."""

import copy
import io
import json
import shutil
import zipfile

import pytest

from server.db import session_scope, upgrade_database
from server.publishing import drafts, store
from server.rollout import builds, crx, current, keys, package

URL = "https://guide.example.org"
NEW_SITE = "https://records.example.net/*"


@pytest.fixture(scope="module")
def key_file(tmp_path_factory):
    """One signing key for the module: making a key is the slow part of a first build."""
    path = tmp_path_factory.mktemp("key") / keys.KEY_FILE
    keys.load_or_create(path)
    return path


@pytest.fixture
def instance_key(app, key_file):
    """The module's key, in place as this app's instance/extension-key.pem."""
    path = keys.key_path(app)
    shutil.copyfile(key_file, path)
    return path


def build(runner, *args):
    return runner.invoke(args=["extension", "build", *args])


def latest(app):
    with app.app_context(), session_scope(app) as session:
        found = builds.latest(session)
        if found is not None:
            session.expunge(found)
        return found


def document_with_site(document, pattern=NEW_SITE):
    document = copy.deepcopy(document)
    document["sites"].append(
        {"id": "records", "name": "Records", "patterns": [pattern], "categories": ["email"]}
    )
    return document


def publish_with_site(app, pattern=NEW_SITE):
    upgrade_database(app)
    cache = app.extensions["practice_guide_published"]
    with app.app_context(), session_scope(app) as session:
        document = document_with_site(cache.current().document, pattern)
        version = store.publish(session, document, author="test", change_note="a site")
        cache.note_published(version)


def unzip(data):
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


# --- The command ----------------------------------------------------------------------


def test_the_first_build_makes_the_key_and_later_builds_keep_it(app, runner):
    result = build(runner, "--server-url", URL)
    assert result.exit_code == 0, result.output
    assert "Built version 0.1.0.1 of extension" in result.output
    assert f"{URL}/extension/chrome/updates.xml" in result.output
    key_path = keys.key_path(app)
    pem = key_path.read_bytes()
    first = latest(app)

    result = build(runner)  # the last build's address
    assert result.exit_code == 0, result.output
    second = latest(app)
    assert (first.version, second.version) == ("0.1.0.1", "0.1.0.2")
    assert second.extension_id == first.extension_id
    assert second.server_url == URL
    assert key_path.read_bytes() == pem


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "is not an http(s) address"),
        (["--server-url", "http://guide.example.org"], "must use https"),
    ],
    ids=["no address", "plain http"],
)
def test_a_build_needs_an_https_address(app, runner, instance_key, args, message):
    result = build(runner, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert latest(app) is None


@pytest.mark.app_config(PUBLIC_URL="https://public.example.org/")
def test_public_url_is_the_address_of_a_build(app, runner, instance_key):
    assert build(runner).exit_code == 0
    assert latest(app).server_url == "https://public.example.org"


def test_a_build_signed_with_another_key_is_refused(app, runner, instance_key, tmp_path):
    assert build(runner, "--server-url", URL).exit_code == 0
    app.config["EXTENSION_KEY_PATH"] = str(tmp_path / "another.pem")
    result = build(runner)
    assert result.exit_code != 0
    assert "the signing key is not the one build 1 was signed with" in result.output
    assert latest(app).number == 1


def test_the_policies_command_writes_the_four_files(app, runner, instance_key, tmp_path):
    tmp_path = tmp_path / "policies"
    assert runner.invoke(args=["extension", "policies", str(tmp_path)]).exit_code != 0
    assert build(runner, "--server-url", URL).exit_code == 0
    result = runner.invoke(
        args=["extension", "policies", str(tmp_path), "--frequency", "daily", "--check-hours", "6"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        "digital-practice-guide.json",
        "digital-practice-guide.mobileconfig",
        "digital-practice-guide.reg",
        "policies.json",
    ]
    linux = json.loads((tmp_path / "digital-practice-guide.json").read_text())
    [settings] = linux["3rdparty"]["extensions"].values()
    assert settings == {"serverUrl": URL, "frequency": "daily", "checkHours": 6}
    refused = runner.invoke(args=["extension", "policies", str(tmp_path), "--frequency", "hourly"])
    assert refused.exit_code != 0 and "frequency: one of" in refused.output


# --- What a build holds ----------------------------------------------------------------


def test_the_packages_carry_the_published_guidance_for_this_server(app, runner, instance_key):
    assert build(runner, "--server-url", URL).exit_code == 0
    stored = latest(app)
    with app.app_context(), session_scope(app) as session:
        row = builds.latest(session)
        crx_bytes, xpi_bytes = row.crx, row.xpi
    document = app.extensions["practice_guide_published"].current().document
    der, _crx_id, archive = crx.read_crx3(crx_bytes)
    assert keys.extension_id(der) == stored.extension_id
    chrome = unzip(archive)
    manifest = json.loads(chrome["manifest.json"])
    assert manifest["version"] == "0.1.0.1"
    assert manifest["key"] == keys.manifest_key(der)
    assert manifest["update_url"] == f"{URL}/extension/chrome/updates.xml"
    assert manifest["host_permissions"] == package.site_patterns(document)
    assert json.loads(chrome["data/taxonomy.json"]) == document
    assert f'DEFAULT_SERVER_URL = "{URL}"' in chrome["config.js"].decode()
    assert not any(name.startswith("tests/") for name in chrome)

    firefox = json.loads(unzip(xpi_bytes)["manifest.json"])
    gecko = firefox["browser_specific_settings"]["gecko"]
    assert gecko["id"] == keys.gecko_id(stored.extension_id)
    assert gecko["update_url"] == f"{URL}/extension/firefox/updates.json"
    assert "key" not in firefox and "update_url" not in firefox
    assert firefox["host_permissions"] == manifest["host_permissions"]
    assert stored.crx_sha256 == builds.sha256(crx_bytes)
    assert stored.xpi_sha256 == builds.sha256(xpi_bytes)


def test_a_publish_that_adds_a_site_makes_a_build_needed(app, runner, instance_key):
    with app.app_context(), session_scope(app) as session:
        assert current.rebuild_if_needed(session, author="t") is None  # no build yet
    assert build(runner, "--server-url", URL).exit_code == 0
    with app.app_context(), session_scope(app) as session:
        assert not current.plan(session).needed
    publish_with_site(app)
    with app.app_context(), session_scope(app) as session:
        planned = current.plan(session)
        assert planned.needed and planned.added == [NEW_SITE] and planned.removed == []
        rebuilt = current.rebuild_if_needed(session, author="after publish")
        assert rebuilt.version == "0.1.0.2"
        assert NEW_SITE in builds.hosts_of(rebuilt)
        assert not current.plan(session).needed
        assert current.rebuild_if_needed(session, author="again") is None


# --- Serving --------------------------------------------------------------------------


def test_nothing_is_served_before_the_first_build(client):
    for path in (
        "/extension/chrome/updates.xml",
        "/extension/chrome/digital-practice-guide-0.1.0.1.crx",
        "/extension/firefox/digital-practice-guide.xpi",
        "/extension/firefox/updates.json",
    ):
        assert client.get(path).status_code == 404, path


def test_the_update_manifest_names_the_newest_crx(app, client, runner, instance_key):
    build(runner, "--server-url", URL)
    build(runner)
    response = client.get("/extension/chrome/updates.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in response.headers
    text = response.get_data(as_text=True)
    assert "version='0.1.0.2'" in text.replace('"', "'")
    assert f"{URL}/extension/chrome/digital-practice-guide-0.1.0.2.crx" in text
    again = client.get(
        "/extension/chrome/updates.xml", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_packages_are_served_with_their_types_and_caching(app, client, runner, instance_key):
    build(runner, "--server-url", URL)
    stored = latest(app)
    crx_answer = client.get("/extension/chrome/digital-practice-guide-0.1.0.1.crx")
    assert crx_answer.status_code == 200
    assert crx_answer.mimetype == "application/x-chrome-extension"
    assert crx_answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert crx_answer.headers["ETag"] == f'"{stored.crx_sha256}"'
    crx.read_crx3(crx_answer.data)

    newest = client.get("/extension/firefox/digital-practice-guide.xpi")
    assert newest.mimetype == "application/x-xpinstall"
    assert newest.headers["Cache-Control"] == "no-cache"
    assert builds.sha256(newest.data) == stored.xpi_sha256
    versioned = client.get("/extension/firefox/digital-practice-guide-0.1.0.1.xpi")
    assert versioned.headers["Cache-Control"].endswith("immutable")
    assert versioned.data == newest.data
    assert "Set-Cookie" not in newest.headers

    updates = client.get("/extension/firefox/updates.json")
    assert updates.mimetype == "application/json"
    [entry] = updates.get_json()["addons"][keys.gecko_id(stored.extension_id)]["updates"]
    assert entry["update_hash"] == f"sha256:{stored.xpi_sha256}"

    for path in (
        "/extension/chrome/digital-practice-guide-0.1.0.9.crx",
        "/extension/chrome/other-0.1.0.1.crx",
        "/extension/firefox/digital-practice-guide-9.xpi",
    ):
        assert client.get(path).status_code == 404, path


# --- The admin pages ------------------------------------------------------------------


def page(response):
    return response.get_data(as_text=True)


def test_a_reviewer_builds_from_the_rollout_page(app, browser_for, instance_key):
    rita = browser_for("rita")
    assert "Nothing is built yet." in page(rita.get("/admin/rollout"))
    response = rita.submit("/admin/rollout/build", {"server_url": URL}, form_page="/admin/rollout")
    assert response.status_code == 302
    text = page(rita.get("/admin/rollout"))
    assert "Built version 0.1.0.1" in text
    assert latest(app).extension_id in text
    assert "ExtensionInstallForcelist" in text and "force_installed" in text

    refused = rita.submit(
        "/admin/rollout/build", {"server_url": "http://guide.example.org"}, "/admin/rollout"
    )
    assert refused.status_code == 302
    assert "Nothing was built" in page(rita.get("/admin/rollout"))
    assert latest(app).number == 1


def test_the_policy_files_download_with_the_chosen_settings(app, browser_for, instance_key):
    rita = browser_for("rita")
    rita.submit("/admin/rollout/build", {"server_url": URL}, form_page="/admin/rollout")
    document = app.extensions["practice_guide_published"].current().document
    jurisdiction = document["jurisdictions"][0]["id"]
    query = f"?jurisdiction={jurisdiction}&frequency=on-change&check_hours=12"
    response = rita.get(f"/admin/rollout/policy/chrome-linux{query}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="digital-practice-guide.json"'
    )
    [settings] = response.get_json(force=True)["3rdparty"]["extensions"].values()
    assert settings == {
        "serverUrl": URL,
        "jurisdictions": [jurisdiction],
        "frequency": "on-change",
        "checkHours": 12,
    }
    assert rita.get(f"/admin/rollout/policy/windows{query}").data.startswith(b"\xff\xfe")
    assert b"<plist" in rita.get(f"/admin/rollout/policy/macos{query}").data
    assert rita.get("/admin/rollout/policy/firefox").get_json(force=True)["policies"]
    assert rita.get("/admin/rollout/policy/nothing").status_code == 404
    assert rita.get("/admin/rollout/policy/windows?check_hours=0").status_code == 400
    assert "check_hours-error" in page(rita.get("/admin/rollout?check_hours=lots"))


def test_the_dashboard_says_when_a_new_build_is_needed(app, browser_for, runner, instance_key):
    build(runner, "--server-url", URL)
    ann = browser_for("ann")
    assert "A new extension build is needed" not in page(ann.get("/admin/"))
    publish_with_site(app)
    text = page(ann.get("/admin/"))
    assert "A new extension build is needed" in text
    assert 'action="/admin/rollout/build"' not in text  # editors do not build
    rita = browser_for("rita")
    assert 'action="/admin/rollout/build"' in page(rita.get("/admin/"))
    rita.submit("/admin/rollout/build", {"server_url": URL}, form_page="/admin/")
    assert "A new extension build is needed" not in page(rita.get("/admin/"))


def test_publishing_a_new_site_in_the_admin_builds_again(app, browser_for, runner, instance_key):
    build(runner, "--server-url", URL)
    app.config["REVIEW_REQUIRED"] = False
    with app.app_context(), session_scope(app) as session:
        draft = drafts.get_draft(session, app.config["DEFAULT_TAXONOMY_PATH"])
        revision = drafts.save(
            session,
            document_with_site(drafts.document_of(draft)),
            expected_revision=draft.revision,
            actor="rita",
            channel="web",
            summary="Added a site",
        ).revision
    rita = browser_for("rita")
    response = rita.submit(
        "/admin/publish", {"revision": revision, "change_note": "Records"}, "/admin/review"
    )
    assert response.status_code == 302
    assert "the extension was built again (version 0.1.0.2)" in page(rita.get("/admin/review"))
    assert NEW_SITE in builds.hosts_of(latest(app))
