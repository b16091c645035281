"""The organisation's extension signing key, and the ids that follow from it.

Chrome names an extension after its public key: the first 128 bits of the SHA-256 of the
DER-encoded key, written with the letters a-p for the hex digits 0-f. The key is made
once per instance and kept in its folder: a new key would be a new extension to every
browser, so it is never overwritten.
"""

import base64
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_FILE = "extension-key.pem"
KEY_BITS = 2048


def key_path(app):
    return Path(app.config.get("EXTENSION_KEY_PATH") or Path(app.instance_path) / KEY_FILE)


def load_or_create(path):
    """The private key at ``path``, made there first if there is none.

    The file is created exclusively (readable by its owner only), so two processes
    starting at once cannot both write one: the second reads the first's.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def public_der(key):
    """The public half as DER SubjectPublicKeyInfo: what Chrome hashes and what CRX3 holds."""
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def crx_id(der):
    """The 16 bytes a CRX3 header names the extension by."""
    return hashlib.sha256(der).digest()[:16]


def extension_id(der):
    """Chrome's 32-letter id for the extension signed with this public key."""
    return "".join(chr(ord("a") + int(digit, 16)) for digit in crx_id(der).hex())


def manifest_key(der):
    """The manifest's ``key`` field: the public key in base64."""
    return base64.b64encode(der).decode("ascii")


def gecko_id(chrome_id):
    """Firefox's id for the same build, stable because the Chrome id is."""
    return f"{chrome_id}@practice-guide"
