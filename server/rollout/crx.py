"""CRX3 files, written in Python.

Written here rather than by Chromium's --pack-extension so that a server needs no
browser installed to build its packages. A CRX3 file is the magic ``Cr24``, the format
version 3, the length of a protobuf ``CrxFileHeader``, the header, then the zip archive.
The header holds the public key and an RSA PKCS#1 v1.5 SHA-256 signature over a fixed
prefix, the signed header data (the 16-byte crx id) and the archive.
"""

import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_public_key

from .keys import crx_id, public_der

MAGIC = b"Cr24"
FORMAT_VERSION = 3
SIGNATURE_CONTEXT = b"CRX3 SignedData\x00"
# Field numbers in Chromium's crx3.proto.
HEADER_RSA_PROOF = 2
HEADER_SIGNED_DATA = 10000
PROOF_PUBLIC_KEY = 1
PROOF_SIGNATURE = 2
SIGNED_DATA_CRX_ID = 1


class CrxInvalid(ValueError):
    """The bytes are not a CRX3 file this module can read."""


def _varint(number):
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _field(number, payload):
    """One length-delimited protobuf field (wire type 2)."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _signed_payload(signed_data, archive):
    return SIGNATURE_CONTEXT + struct.pack("<I", len(signed_data)) + signed_data + archive


def write_crx3(archive, key):
    """The CRX3 file of the zip ``archive``, signed with the RSA private ``key``."""
    der = public_der(key)
    signed_data = _field(SIGNED_DATA_CRX_ID, crx_id(der))
    signature = key.sign(_signed_payload(signed_data, archive), padding.PKCS1v15(), hashes.SHA256())
    proof = _field(PROOF_PUBLIC_KEY, der) + _field(PROOF_SIGNATURE, signature)
    header = _field(HEADER_RSA_PROOF, proof) + _field(HEADER_SIGNED_DATA, signed_data)
    return MAGIC + struct.pack("<II", FORMAT_VERSION, len(header)) + header + archive


def _read_varint(data, at):
    number = shift = 0
    while True:
        if at >= len(data):
            raise CrxInvalid("truncated varint")
        byte = data[at]
        number |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return number, at


def _fields(data):
    """The length-delimited fields of a protobuf message, as (number, bytes) pairs."""
    at, fields = 0, []
    while at < len(data):
        tag, at = _read_varint(data, at)
        if tag & 7 != 2:
            raise CrxInvalid(f"unexpected wire type {tag & 7}")
        length, at = _read_varint(data, at)
        if at + length > len(data):
            raise CrxInvalid("truncated field")
        fields.append((tag >> 3, data[at : at + length]))
        at += length
    return fields


def read_crx3(data):
    """Check a CRX3 file as a browser would; return (public key DER, crx id, archive).

    Raises CrxInvalid when the magic, version, crx id or signature is wrong.
    """
    if len(data) < 12 or data[:4] != MAGIC:
        raise CrxInvalid("not a CRX file")
    version, length = struct.unpack("<II", data[4:12])
    if version != FORMAT_VERSION:
        raise CrxInvalid(f"CRX version {version}, not 3")
    header, archive = data[12 : 12 + length], data[12 + length :]
    fields = _fields(header)
    signed = [payload for number, payload in fields if number == HEADER_SIGNED_DATA]
    proofs = [dict(_fields(payload)) for number, payload in fields if number == HEADER_RSA_PROOF]
    if len(signed) != 1 or not proofs:
        raise CrxInvalid("no signed header data or no RSA proof")
    named = dict(_fields(signed[0])).get(SIGNED_DATA_CRX_ID)
    der = proofs[0][PROOF_PUBLIC_KEY]
    if named != crx_id(der):
        raise CrxInvalid("the crx id is not the key's")
    try:
        load_der_public_key(der).verify(
            proofs[0][PROOF_SIGNATURE],
            _signed_payload(signed[0], archive),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except InvalidSignature as exc:
        raise CrxInvalid("the signature does not match") from exc
    return der, named, archive
