"""Ready-to-use policy files that force-install the organisation's build and set the
extension's managed settings (extension/managed_schema.json): Chrome and Edge on Linux
(JSON), Windows (.reg), macOS (.mobileconfig) and Firefox (policies.json)."""

import json
import plistlib
import uuid

from . import addresses
from .keys import gecko_id
from .package import SOURCE

# Chrome's and Edge's policy homes in the Windows registry and macOS preference domains.
WINDOWS_KEYS = (r"SOFTWARE\Policies\Google\Chrome", r"SOFTWARE\Policies\Microsoft\Edge")
MACOS_DOMAINS = ("com.google.Chrome", "com.microsoft.Edge")
# Names the profiles' UUIDs are derived from, so the same build gives the same files.
UUID_NAMESPACE = uuid.UUID("5b1f0a64-93a3-4c1e-8f0e-6f1d3c2b9a47")


class SettingsInvalid(ValueError):
    """A managed setting the extension would not accept."""


def managed_schema():
    return json.loads((SOURCE / "managed_schema.json").read_text(encoding="utf-8"))


def _check(name, value, rule):
    kind = rule["type"]
    if kind == "string" and not isinstance(value, str):
        raise SettingsInvalid(f"{name}: a text is needed")
    if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        raise SettingsInvalid(f"{name}: a whole number is needed")
    if kind == "array" and not (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    ):
        raise SettingsInvalid(f"{name}: a list of texts is needed")
    if "enum" in rule and value not in rule["enum"]:
        raise SettingsInvalid(f"{name}: one of {', '.join(rule['enum'])}")
    if kind == "integer" and not rule.get("minimum", value) <= value <= rule.get("maximum", value):
        raise SettingsInvalid(f"{name}: from {rule['minimum']} to {rule['maximum']}")


def managed_values(server_url, **settings):
    """The managed storage values: the server address, then each setting given (None
    leaves it to the user), each checked against the extension's managed schema."""
    values = {"serverUrl": server_url}
    values.update({name: value for name, value in settings.items() if value is not None})
    properties = managed_schema()["properties"]
    for name, value in values.items():
        if name not in properties:
            raise SettingsInvalid(f"{name}: not a setting the extension reads")
        _check(name, value, properties[name])
    return values


def chrome_json(build, values):
    """/etc/opt/chrome/policies/managed/*.json, /etc/chromium/... or /etc/opt/edge/..."""
    policy = {
        "ExtensionInstallForcelist": [_forcelist_entry(build)],
        "3rdparty": {"extensions": {build.extension_id: values}},
    }
    return json.dumps(policy, indent=2) + "\n"


def _forcelist_entry(build):
    return f"{build.extension_id};{addresses.chrome_updates(build.server_url)}"


def _reg_text(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reg_value(name, value):
    if isinstance(value, int):
        return f"{_reg_text(name)}=dword:{value:08x}"
    return f"{_reg_text(name)}={_reg_text(value)}"


def windows_reg(build, values):
    """A .reg file for regedit (UTF-16 with a byte order mark, as regedit writes them)."""
    lines = ["Windows Registry Editor Version 5.00", ""]
    for root in WINDOWS_KEYS:
        lines += [
            rf"[HKEY_LOCAL_MACHINE\{root}\ExtensionInstallForcelist]",
            _reg_value("1", _forcelist_entry(build)),
            "",
        ]
        policy = rf"HKEY_LOCAL_MACHINE\{root}\3rdparty\extensions\{build.extension_id}\policy"
        lines += [f"[{policy}]"]
        lines += [_reg_value(k, v) for k, v in values.items() if not isinstance(v, list)]
        lines.append("")
        # A list is a key of its own holding values named 1, 2, 3...
        for name, items in values.items():
            if isinstance(items, list):
                lines.append(f"[{policy}\\{name}]")
                lines += [_reg_value(str(n), item) for n, item in enumerate(items, 1)]
                lines.append("")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-16-le")


def _payload(build, kind, name, content):
    identifier = f"org.practice-guide.{build.extension_id}.{name}"
    return {
        "PayloadType": kind,
        "PayloadIdentifier": identifier,
        "PayloadUUID": str(uuid.uuid5(UUID_NAMESPACE, identifier)).upper(),
        "PayloadVersion": 1,
        "PayloadEnabled": True,
        "PayloadDisplayName": name,
        **content,
    }


def macos_mobileconfig(build, values, organisation="Digital Practice Guide"):
    """A configuration profile: each browser's force-install list, and the extension's
    settings in the browser's per-extension preference domain."""
    content = []
    for domain in MACOS_DOMAINS:
        content.append(
            _payload(
                build, domain, domain, {"ExtensionInstallForcelist": [_forcelist_entry(build)]}
            )
        )
        extension_domain = f"{domain}.extensions.{build.extension_id}"
        content.append(_payload(build, extension_domain, f"{domain}.extension", dict(values)))
    identifier = f"org.practice-guide.{build.extension_id}"
    profile = {
        "PayloadType": "Configuration",
        "PayloadVersion": 1,
        "PayloadIdentifier": identifier,
        "PayloadUUID": str(uuid.uuid5(UUID_NAMESPACE, identifier)).upper(),
        "PayloadDisplayName": f"{organisation}: browser extension",
        "PayloadOrganization": organisation,
        "PayloadScope": "System",
        "PayloadContent": content,
    }
    return plistlib.dumps(profile)


def firefox_policies(build, values):
    """policies.json for Firefox: the add-on force-installed, its settings as 3rdparty."""
    addon = gecko_id(build.extension_id)
    policy = {
        "policies": {
            "ExtensionSettings": {
                addon: {
                    "installation_mode": "force_installed",
                    "install_url": addresses.xpi(build.server_url),
                }
            },
            "3rdparty": {"Extensions": {addon: values}},
        }
    }
    return json.dumps(policy, indent=2) + "\n"


# name -> (file name, media type, function(build, values) -> str | bytes)
FILES = {
    "chrome-linux": ("digital-practice-guide.json", "application/json", chrome_json),
    "windows": ("digital-practice-guide.reg", "text/plain; charset=utf-16", windows_reg),
    "macos": (
        "digital-practice-guide.mobileconfig",
        "application/x-apple-aspen-config",
        macos_mobileconfig,
    ),
    "firefox": ("policies.json", "application/json", firefox_policies),
}
