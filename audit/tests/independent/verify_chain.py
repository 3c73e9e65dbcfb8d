#!/usr/bin/env python3
"""An independent verifier of a strikefund public export, written from
docs/chain-format.md alone, with the Python standard library only.

Usage: verify_chain.py journal.jsonl
Prints "ok <entries> <head hash>" and exits 0, or prints the first problem
as "seq <n>: <reason>" and exits 1.
"""
import hashlib
import json
import re
import sys

PREFIX = b"strikefund-journal-v1\n"
FIELDS = {"seq", "prev", "at", "actor", "kind", "body", "sealed", "hash"}
HEX64 = re.compile(r"^[0-9a-f]{64}$")
AMOUNT = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")


def jcs(value):
    """RFC 8785 for the JSON the journal allows: no floats."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if abs(value) > 2**53 - 1:
            raise ValueError("integer out of range")
        return str(value)
    if isinstance(value, float):
        raise ValueError("floats are not allowed")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + jcs(value[k]) for k in keys) + "}"
    raise ValueError("unsupported JSON value")


def minor_units(amount):
    if not AMOUNT.match(amount):
        raise ValueError("amount %r is not a decimal string" % amount)
    whole, _, fraction = amount.lstrip("-").partition(".")
    sign = -1 if amount.startswith("-") else 1
    return sign * int(whole + fraction), len(fraction)


def bounded(account):
    if account.startswith("assets:"):
        return "holding"
    if account.startswith("liabilities:") or account.startswith("equity:funds:"):
        return "envelope"
    return None


def main(path):
    prev = "0" * 64
    balances = {}
    decimals = {}
    count = 0
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            entry = json.loads(line, parse_float=lambda text: float(text))
            if set(entry) != FIELDS:
                return fail(number, "fields are %s" % sorted(entry))
            seq = entry["seq"]
            if seq != count + 1:
                return fail(count + 1, "gap or duplicate: found seq %s" % seq)
            if entry["prev"] != prev:
                return fail(seq, "broken link")
            claimed = entry.pop("hash")
            if not HEX64.match(claimed):
                return fail(seq, "hash is not lowercase hex")
            digest = hashlib.sha256(PREFIX + jcs(entry).encode("utf-8")).hexdigest()
            if digest != claimed:
                return fail(seq, "hash mismatch")
            sums = {}
            for posting in entry["body"].get("postings", []):
                minor, digits = minor_units(posting["amount"])
                currency = posting["currency"]
                if decimals.setdefault(currency, digits) != digits:
                    return fail(seq, "%s written with %d decimals" % (currency, digits))
                sums[currency] = sums.get(currency, 0) + minor
                key = (posting["account"], currency)
                balances[key] = balances.get(key, 0) + minor
            for currency, total in sums.items():
                if total != 0:
                    return fail(seq, "unbalanced %s" % currency)
            for (account, currency), balance in balances.items():
                kind = bounded(account)
                if (kind == "holding" and balance < 0) or (kind == "envelope" and balance > 0):
                    return fail(seq, "overdrawn %s" % account)
            prev = claimed
            count = seq
    print("ok", count, prev)
    for (account, currency), balance in sorted(balances.items()):
        digits = decimals[currency]
        sign = "-" if balance < 0 else ""
        whole, fraction = divmod(abs(balance), 10**digits)
        text = "%s%d.%0*d" % (sign, whole, digits, fraction) if digits else "%s%d" % (sign, whole)
        print("balance", account, currency, text)
    return 0


def fail(seq, reason):
    print("seq %d: %s" % (seq, reason))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
