"""Where a webhook may post: never to internal addresses, unless an admin allowed the host.

Checked at registration and again right before every delivery (DNS can change).
"""

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from backend.core.errors import Invalid

HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
                  r"(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


NAT64_PREFIXES = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries: IPv4-mapped (::ffff:a.b.c.d),
    IPv4-compatible (::a.b.c.d), 6to4 (2002::/16), NAT64 (64:ff9b::/96, 64:ff9b:1::/48)
    or Teredo (the client's). A router or the host's own stack may deliver to that one."""
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if any(address in prefix for prefix in NAT64_PREFIXES + (IPV4_COMPATIBLE,)):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local (cloud metadata), multicast, reserved, unspecified,
    or an IPv6 address that embeds such an IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None and inner != ipaddress.IPv4Address(0):
            return is_internal(inner)
    return (address.is_loopback or address.is_private or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified
            or not address.is_global)


@dataclass(frozen=True)
class Destination:
    url: str
    host: str
    allowed: bool
    addresses: tuple[str, ...] = ()


def _invalid_url(message: str) -> Invalid:
    return Invalid(f"The webhook URL is refused: {message}", fields={"url": message})


def _resolve(host: str, port: int) -> tuple[str, ...]:
    literal = parse_ip(host)
    if literal is not None:
        return (str(literal),)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise _invalid_url(f"the host '{host}' cannot be resolved") from exc
    return tuple(dict.fromkeys(str(info[4][0]) for info in infos))


def check_destination(url: str, allowed_hosts: list[str], *, resolve_allowed: bool) -> Destination:
    """Where a webhook may post: https to public addresses, anything to allowed hosts.

    Raises Invalid (422) with the reason. Every address the host resolves to must be
    public, so a name with one internal record among public ones is refused too.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise _invalid_url("not a valid URL") from exc
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme not in ("http", "https") or not host:
        raise _invalid_url("it must be an absolute https:// URL")
    if not (HOST.fullmatch(host) or parse_ip(host)):
        raise _invalid_url(f"'{host}' is not a valid host name")
    if parts.username is not None or parts.password is not None:
        raise _invalid_url("credentials in the URL are not allowed")
    allowed = host in {h.lower() for h in allowed_hosts}
    if allowed:
        addresses = _resolve(host, port) if resolve_allowed else ()
        return Destination(url.strip(), host, True, addresses)
    if parts.scheme != "https":
        raise _invalid_url("use https (http only for a host an admin has allowed)")
    addresses = _resolve(host, port)
    internal = [a for a in addresses if is_internal(ipaddress.ip_address(a))]
    if internal:
        raise _invalid_url(f"'{host}' resolves to an internal address ({internal[0]}); an "
                           "admin may allow the host (PUT /organisations/{id}/webhook-hosts)")
    return Destination(url.strip(), host, False, addresses)
