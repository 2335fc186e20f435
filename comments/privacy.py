"""Keyed hashes and truncation for the personal data a comment brings with it.

Hashes are HMACs under a key derived from SECRET_KEY, so nobody without the key can
test a guessed email or address against them, and they are never shown publicly.
"""

import ipaddress

from django.utils.crypto import salted_hmac


def keyed_hash(value: str, purpose: str) -> str:
    if not value:
        return ""
    return salted_hmac(f"comments.{purpose}", value.strip().casefold(), algorithm="sha256").hexdigest()


def email_hash(email: str) -> str:
    return keyed_hash(email, "email")


def truncated_network(ip: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network of ``ip``: enough to see a burst, not a person."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
