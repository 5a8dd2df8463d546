"""Errors of the routes package: a route catalog, lexicon, linking rule or override file that cannot be used."""
from __future__ import annotations

from sources._errors import DataError


class RoutesDataError(DataError):
    """A routes data file (catalog, lexicon, waypoints, linking rules, overrides) with problems; carries them all."""
