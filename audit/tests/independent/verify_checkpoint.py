#!/usr/bin/env python3
"""An independent check of a strikefund signed checkpoint and inclusion
proof, written from docs/chain-format.md (section 6) and the C2SP
signed-note / tlog-checkpoint formats, with the Python standard library and
the `cryptography` package only.

Usage: verify_checkpoint.py journal.jsonl checkpoint.note VERIFIER_KEY [inclusion.json]

Checks the note's Ed25519 signature by VERIFIER_KEY, recomputes every entry
hash of the export (with verify_chain.py's JCS) and the RFC 6962 Merkle tree
hash of the first `size` entries, compares it with the signed root, and
checks the inclusion proof (RFC 9162 section 2.1.3.2) against that root.
Prints "ok ..." lines and exits 0, or prints the problem and exits 1.
"""
import base64
import hashlib
import json
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verify_chain import PREFIX, jcs  # noqa: E402

ED25519 = b"\x01"


def sha256(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def parse_verifier_key(text):
    """<name>+<key id hex>+<base64(0x01 || public key)>"""
    name, key_id, key = text.strip().split("+", 2)
    raw = base64.b64decode(key, validate=True)
    if raw[:1] != ED25519 or len(raw) != 33:
        raise ValueError("not an Ed25519 verifier key")
    public = raw[1:]
    if sha256(name.encode(), b"\n", ED25519, public)[:4].hex() != key_id:
        raise ValueError("key id does not match the key")
    return name, bytes.fromhex(key_id), public


def open_note(note, key):
    """The signed text of a C2SP signed note, if key signed it."""
    name, key_id, public = key
    split = note.rindex("\n\n")
    text, signatures = note[: split + 1], note[split + 2 :]
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            raise ValueError("signature line must start with an em dash")
        signer, blob = line[2:].split(" ", 1)
        blob = base64.b64decode(blob, validate=True)
        if signer != name or blob[:4] != key_id or len(blob) != 68:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(blob[4:], text.encode())
        except InvalidSignature:
            raise ValueError("the signature by %s does not verify" % name)
        return text
    raise ValueError("no signature by %s" % name)


def leaf(entry_hash):
    return sha256(b"\x00", entry_hash)


def node(left, right):
    return sha256(b"\x01", left, right)


def tree_hash(leaves):
    """RFC 6962 MTH, taken literally."""
    if not leaves:
        return sha256()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node(tree_hash(leaves[:k]), tree_hash(leaves[k:]))


def verify_inclusion(index, size, leaf_hash, path, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def entry_hashes(path):
    hashes = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            claimed = entry.pop("hash")
            if hashlib.sha256(PREFIX + jcs(entry).encode("utf-8")).hexdigest() != claimed:
                raise ValueError("seq %s: hash mismatch" % entry["seq"])
            hashes.append(bytes.fromhex(claimed))
    return hashes


def main(export, note_path, key_text, proof_path=None):
    key = parse_verifier_key(key_text)
    with open(note_path, encoding="utf-8") as f:
        text = open_note(f.read(), key)
    origin, size, root = text.splitlines()[:3]
    size, root = int(size), base64.b64decode(root, validate=True)
    if origin != key[0]:
        raise ValueError("origin %r is not the key's name" % origin)
    hashes = entry_hashes(export)
    if len(hashes) < size:
        raise ValueError("the export has %d entries, the checkpoint covers %d" % (len(hashes), size))
    if tree_hash([leaf(h) for h in hashes[:size]]) != root:
        raise ValueError("the Merkle root of the first %d entries is not the signed root" % size)
    print("ok checkpoint %s %d" % (origin, size))
    if proof_path:
        with open(proof_path, encoding="utf-8") as f:
            proof = json.load(f)
        seq = proof["seq"]
        if proof["size"] != size or bytes.fromhex(proof["entry_hash"]) != hashes[seq - 1]:
            raise ValueError("the proof is not about entry %d of this checkpoint" % seq)
        path = [bytes.fromhex(h) for h in proof["hashes"]]
        if not verify_inclusion(seq - 1, size, leaf(hashes[seq - 1]), path, root):
            raise ValueError("the inclusion proof of entry %d fails" % seq)
        print("ok inclusion %d" % seq)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(*sys.argv[1:]))
    except (ValueError, KeyError, IndexError) as problem:
        print("FAIL", problem)
        sys.exit(1)
