"""The roll-out's files without a server: ids from the key, CRX3, update manifests,
versions, addresses and policy files."""

import base64
import hashlib
import io
import json
import plistlib
import re
import struct
import zipfile
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest

from server.rollout import addresses, builds, crx, keys, package, policies, updates

ID = re.compile(r"^[a-p]{32}$")


@pytest.fixture(scope="module")
def key_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("key") / keys.KEY_FILE
    keys.load_or_create(path)
    return path


@pytest.fixture(scope="module")
def key(key_file):
    return keys.load_or_create(key_file)


def fake_build(key, server_url="https://guide.example.org", version="0.1.0.3"):
    return SimpleNamespace(
        extension_id=keys.extension_id(keys.public_der(key)),
        server_url=server_url,
        version=version,
        xpi_sha256="f" * 64,
    )


# --- The key and the ids --------------------------------------------------------------


def test_the_key_is_made_once_and_never_replaced(key_file):
    before = key_file.read_bytes()
    assert before.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert key_file.stat().st_mode & 0o777 == 0o600
    first = keys.extension_id(keys.public_der(keys.load_or_create(key_file)))
    second = keys.extension_id(keys.public_der(keys.load_or_create(key_file)))
    assert first == second
    assert key_file.read_bytes() == before


def test_the_id_is_chromes_derivation_from_the_public_key(key):
    der = keys.public_der(key)
    digest = hashlib.sha256(der).hexdigest()[:32]
    expected = digest.translate(str.maketrans("0123456789abcdef", "abcdefghijklmnop"))
    assert keys.extension_id(der) == expected
    assert ID.match(expected)
    assert base64.b64decode(keys.manifest_key(der)) == der
    assert keys.gecko_id(expected) == f"{expected}@practice-guide"


def test_another_key_is_another_id(key, tmp_path):
    other = keys.load_or_create(tmp_path / "other.pem")
    assert keys.extension_id(keys.public_der(other)) != keys.extension_id(keys.public_der(key))


# --- CRX3 -----------------------------------------------------------------------------


def small_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", '{"manifest_version": 3}')
    return buffer.getvalue()


def test_a_crx3_file_has_the_header_a_browser_checks(key):
    archive = small_zip()
    data = crx.write_crx3(archive, key)
    assert data[:4] == b"Cr24"
    version, header_length = struct.unpack("<II", data[4:12])
    assert version == 3
    assert data[12 + header_length :] == archive
    der, crx_id, body = crx.read_crx3(data)
    assert der == keys.public_der(key)
    assert crx_id == hashlib.sha256(der).digest()[:16]
    assert body == archive


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda data: b"Cr25" + data[4:], "not a CRX"),
        (lambda data: data[:4] + struct.pack("<I", 2) + data[8:], "version 2"),
        (lambda data: data[:-1] + bytes([data[-1] ^ 1]), "signature"),
        (lambda data: data[:10], "not a CRX"),
    ],
    ids=["magic", "version", "archive changed", "truncated"],
)
def test_a_spoilt_crx_is_refused(key, spoil, message):
    with pytest.raises(crx.CrxInvalid, match=message):
        crx.read_crx3(spoil(crx.write_crx3(small_zip(), key)))


def test_the_zip_of_a_folder_is_the_same_every_time(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a")
    first = package.zip_bytes(tmp_path)
    assert package.zip_bytes(tmp_path) == first
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == ["b.txt", "sub/a.txt"]


# --- Update manifests ----------------------------------------------------------------


def test_the_gupdate_answer_names_the_crx_and_its_version(key):
    build = fake_build(key)
    xml, firefox = updates.for_build(build)
    root = ElementTree.fromstring(xml)
    namespace = {"g": updates.GUPDATE_NAMESPACE}
    assert root.tag == f"{{{updates.GUPDATE_NAMESPACE}}}gupdate"
    assert root.get("protocol") == "2.0"
    [app] = root.findall("g:app", namespace)
    assert app.get("appid") == build.extension_id
    [check] = app.findall("g:updatecheck", namespace)
    assert check.get("version") == "0.1.0.3"
    assert check.get("codebase") == (
        "https://guide.example.org/extension/chrome/digital-practice-guide-0.1.0.3.crx"
    )
    [entry] = json.loads(firefox)["addons"][keys.gecko_id(build.extension_id)]["updates"]
    assert entry == {
        "version": "0.1.0.3",
        "update_link": "https://guide.example.org/extension/firefox/digital-practice-guide-0.1.0.3.xpi",
        "update_hash": "sha256:" + "f" * 64,
    }


def test_the_gupdate_answer_escapes_its_attributes():
    xml = updates.chrome_updates_xml("a" * 32, "https://x.example/a?b=1&c='2'", "1.0")
    check = ElementTree.fromstring(xml).find(f"{{{updates.GUPDATE_NAMESPACE}}}app/*")
    assert check.get("codebase") == "https://x.example/a?b=1&c='2'"


# --- Versions -------------------------------------------------------------------------

VERSIONS = [
    # (base, number, previous, expected or the refusal's words)
    ("0.1.0", 1, None, "0.1.0.1"),
    ("0.1.0", 2, "0.1.0.1", "0.1.0.2"),
    ("0.2.0", 3, "0.1.0.2", "0.2.0.3"),
    ("1.0", 4, "0.2.0.3", "1.0.4"),
    ("0.1.0", 5, "0.2.0.4", "would not be above"),
    ("0.1.0", 2, "0.1.0.2", "would not be above"),
    ("0.1.0.9", 1, None, "no place"),
    ("0.1.0", 65536, None, "beyond"),
]


@pytest.mark.parametrize("base, number, previous, expected", VERSIONS)
def test_versions_only_go_up(base, number, previous, expected):
    if expected[0].isdigit():
        version = builds.next_version(base, number, previous)
        assert version == expected
        if previous:
            assert builds.version_key(version) > builds.version_key(previous)
    else:
        with pytest.raises(builds.BuildRefused, match=expected):
            builds.next_version(base, number, previous)


# --- Addresses ------------------------------------------------------------------------

ADDRESSES = [
    ("https://guide.example.org/", "https://guide.example.org"),
    ("https://guide.example.org/practice-guide", "https://guide.example.org/practice-guide"),
    ("http://127.0.0.1:5080", "http://127.0.0.1:5080"),
    ("http://localhost:8000/", "http://localhost:8000"),
    ("http://guide.example.org", None),
    ("ftp://guide.example.org", None),
    ("guide.example.org", None),
    ("https://guide.example.org/?x=1", None),
    ("https://user@guide.example.org", None),
    ("", None),
]


@pytest.mark.parametrize("value, expected", ADDRESSES)
def test_the_build_address_is_https_unless_local(value, expected):
    if expected is None:
        with pytest.raises(addresses.ServerUrlInvalid):
            addresses.server_url(value)
    else:
        assert addresses.server_url(value) == expected


def test_firefox_gets_an_update_url_only_over_https():
    assert addresses.firefox_update_url("https://g.example") == (
        "https://g.example/extension/firefox/updates.json"
    )
    assert addresses.firefox_update_url("http://127.0.0.1:5080") is None


# --- Policy files ---------------------------------------------------------------------

SETTINGS = {"jurisdictions": ["uk", "uk-eng"], "frequency": "daily", "checkHours": 3}


@pytest.fixture
def values():
    return policies.managed_values("https://guide.example.org", **SETTINGS)


def test_the_managed_keys_are_the_extensions():
    assert set(policies.managed_schema()["properties"]) >= {"serverUrl", *SETTINGS}


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"frequency": "hourly"}, "frequency: one of"),
        ({"checkHours": 0}, "checkHours: from 1 to 720"),
        ({"checkHours": 721}, "checkHours: from 1 to 720"),
        ({"checkHours": True}, "checkHours: a whole number"),
        ({"jurisdictions": "uk"}, "jurisdictions: a list"),
        ({"colour": "blue"}, "colour: not a setting"),
    ],
)
def test_settings_the_extension_would_refuse_are_refused(settings, message):
    with pytest.raises(policies.SettingsInvalid, match=message):
        policies.managed_values("https://guide.example.org", **settings)


def test_unset_settings_are_left_out():
    assert policies.managed_values("https://g.example", frequency=None) == {
        "serverUrl": "https://g.example"
    }


def test_the_linux_json_force_installs_and_sets_the_settings(key, values):
    build = fake_build(key)
    policy = json.loads(policies.chrome_json(build, values))
    assert policy["ExtensionInstallForcelist"] == [
        f"{build.extension_id};https://guide.example.org/extension/chrome/updates.xml"
    ]
    assert policy["3rdparty"]["extensions"][build.extension_id] == values


def test_the_reg_file_is_what_regedit_reads(key, values):
    build = fake_build(key)
    data = policies.windows_reg(build, values)
    assert data.startswith(b"\xff\xfe")  # UTF-16 little-endian, with its mark
    text = data.decode("utf-16")
    lines = text.split("\r\n")
    assert lines[0] == "Windows Registry Editor Version 5.00"
    assert "\n" not in text.replace("\r\n", "")
    sections = {}
    for line in lines[1:]:
        if line.startswith("["):
            assert line.endswith("]")
            name = line[1:-1]
            sections[name] = {}
        elif line:
            entry = re.fullmatch(r'"((?:[^"\\]|\\.)*)"=(dword:[0-9a-f]{8}|"(?:[^"\\]|\\.)*")', line)
            assert entry, line
            sections[name][entry.group(1)] = entry.group(2)
    for root in (r"Google\Chrome", r"Microsoft\Edge"):
        forcelist = sections[
            rf"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\{root}\ExtensionInstallForcelist"
        ]
        assert forcelist == {
            "1": f'"{build.extension_id};{addresses.chrome_updates(build.server_url)}"'
        }
        policy = (
            rf"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\{root}\3rdparty\extensions"
            rf"\{build.extension_id}\policy"
        )
        assert sections[policy] == {
            "serverUrl": '"https://guide.example.org"',
            "frequency": '"daily"',
            "checkHours": "dword:00000003",
        }
        assert sections[policy + r"\jurisdictions"] == {"1": '"uk"', "2": '"uk-eng"'}


def test_the_reg_file_escapes_quotes_and_backslashes(key):
    build = fake_build(key, server_url='https://g.example/a"b\\c')
    text = policies.windows_reg(build, {"serverUrl": build.server_url}).decode("utf-16")
    assert r'"serverUrl"="https://g.example/a\"b\\c"' in text


def test_the_mobileconfig_is_a_profile_macos_reads(key, values):
    build = fake_build(key)
    profile = plistlib.loads(policies.macos_mobileconfig(build, values))
    assert profile["PayloadType"] == "Configuration"
    assert profile["PayloadVersion"] == 1
    payloads = {payload["PayloadType"]: payload for payload in profile["PayloadContent"]}
    for domain in ("com.google.Chrome", "com.microsoft.Edge"):
        assert payloads[domain]["ExtensionInstallForcelist"] == [
            f"{build.extension_id};{addresses.chrome_updates(build.server_url)}"
        ]
        settings = payloads[f"{domain}.extensions.{build.extension_id}"]
        assert {name: settings[name] for name in values} == values
    uuids = [payload["PayloadUUID"] for payload in profile["PayloadContent"]]
    assert len(set(uuids + [profile["PayloadUUID"]])) == len(uuids) + 1
    # The same build gives the same file, so a reinstalled profile replaces the last.
    assert policies.macos_mobileconfig(build, values) == policies.macos_mobileconfig(build, values)


def test_the_firefox_policies_force_install_the_package(key, values):
    build = fake_build(key)
    addon = keys.gecko_id(build.extension_id)
    policy = json.loads(policies.firefox_policies(build, values))["policies"]
    assert policy["ExtensionSettings"][addon] == {
        "installation_mode": "force_installed",
        "install_url": "https://guide.example.org/extension/firefox/digital-practice-guide.xpi",
    }
    assert policy["3rdparty"]["Extensions"][addon] == values
