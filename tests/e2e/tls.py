"""A self-signed certificate for localhost, made with the openssl program (no Python
dependency for one test), and the one Chromium flag value that trusts just it."""

import base64
import hashlib
import shutil
import subprocess

import pytest


def _openssl(*args):
    program = shutil.which("openssl")
    if program is None:
        pytest.skip("the openssl program is not installed")
    return subprocess.run([program, *map(str, args)], check=True, capture_output=True).stdout


def self_signed(folder, host="localhost"):
    """Write cert.pem and key.pem for ``host`` (and 127.0.0.1) into folder; return
    ``(cert_path, key_path, spki_hash)``, the hash as Chromium's
    --ignore-certificate-errors-spki-list wants it (base64 of the key's SHA-256)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    _openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", key, "-out", cert, "-days", "1", "-subj", f"/CN={host}",
        # Browsers read the names from subjectAltName only.
        "-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1",
        "-addext", "basicConstraints=critical,CA:FALSE",
    )  # fmt: skip
    spki = _openssl("pkey", "-in", key, "-pubout", "-outform", "DER")
    return cert, key, base64.b64encode(hashlib.sha256(spki).digest()).decode()
