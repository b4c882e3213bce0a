"""What a service built on the other services shares: the composition root it was made by
(``Services``) and the engine of its store."""

from __future__ import annotations

from typing import Any


class OnServices:
    """A service that reads and writes through the composition root's other services;
    ``engine`` is the store's, looked up on each use (the store it was opened with)."""

    def __init__(self, services: Any) -> None:
        self.services = services

    @property
    def engine(self) -> Any:
        return self.services.store.engine
