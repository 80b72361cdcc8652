"""What every probe shares: the server's address, the personas' sessions, the planted data and one API
token."""

from __future__ import annotations

import re

from report import check
from web import Client
from world import Plants


class ProbeBase:
    def __init__(self, base: str, password: str, plants: Plants) -> None:
        self.base = base
        self.password = password
        self.plants = plants
        self.sessions: dict[str, Client] = {}

    def client(self, role: str) -> Client:
        check(role in self.sessions, f"{role} could not sign in, so this probe cannot run")
        return self.sessions[role]

    _token: str = ""

    def api_token(self) -> str:
        if not self._token:
            client = self.client("marac-coordinator")
            page = client.get("/account/api-tokens/")
            check(page.status == 200, f"GET /account/api-tokens/ answered {page.status}")
            made = client.submit("/account/api-tokens/new/", {"name": "Probe token"}, page=page)
            found = re.search(r"vawg_[A-Za-z0-9_\-]+", made.text)
            check(found is not None, f"no token on the page after creating one ({made.status})")
            self._token = found.group(0) if found else ""
        return self._token
