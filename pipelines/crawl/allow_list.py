"""Hosts the crawler may be sent to: configured hosts, the sources' hosts, and (optionally)
hosts a source links to. Redirects anywhere else are refused, so a compromised or
misconfigured page cannot steer the crawler to arbitrary sites.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.urls import host_key


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


class HostAllowList:
    """An entry matches its own host[:port] and every subdomain of it."""

    def __init__(self, hosts: Iterable[str] = (), *, allow_linked: bool = True) -> None:
        self.allow_linked = allow_linked
        self._fixed: set[str] = set()
        self._linked: set[str] = set()
        for host in hosts:
            self.add(host)

    def add(self, host: str) -> None:
        """Allow a host named by configuration (a bare host or a URL)."""
        self._fixed.add(_bare(_as_host(host)))

    def add_linked(self, url: str) -> bool:
        """A configured source links to ``url``; allow its host if linked hosts are trusted."""
        if self.allows(url):
            return True
        if not self.allow_linked:
            return False
        self._linked.add(_bare(host_key(url)))
        return True

    def allows(self, url: str) -> bool:
        """Set look-ups per domain suffix: cheap however many hosts are allowed."""
        hostname, _, port = _bare(host_key(url)).partition(":")
        labels = hostname.split(".")
        for i in range(len(labels)):
            suffix = ".".join(labels[i:])
            for entry in (suffix, f"{suffix}:{port}") if port else (suffix,):
                if entry in self._fixed or entry in self._linked:
                    return True
        return False

    @property
    def hosts(self) -> list[str]:
        return sorted(self._fixed | self._linked)


def _as_host(value: str) -> str:
    value = value.strip().lower()
    if "://" in value:
        return host_key(value)
    return value.rstrip("/").rstrip(".")
