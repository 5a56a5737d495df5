"""Ids used twice: one problem each, at the later entry, naming the earlier one.

Ratings are stored under series and couple ids and quotes are picked by snippet id, so an id
may be used once across all files. An entry whose id was changed into a duplicate leaves the
references to its old id dangling. Reporting each of those as "unknown" would offer the
duplicate id as the fix and bury the one real mistake, so the duplicate's problem names the
dangling ids instead (offering the old id back) and they are not reported again.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.catalog.references import KnownTropes, SeriesFile
from bot.catalog.schema import Placed, Problems, Where

_RATED_KEEPS_IT = "ratings are stored under the id, so the one members have rated keeps it"


def check_unique_ids(
    files: list[SeriesFile], known: KnownTropes, problems: Problems
) -> KnownTropes:
    """Report every duplicate id; the tropes as known once dangling references are explained."""
    series = [Placed(f.series.id, Where(f.label, "[series]")) for f in files if f.series]
    for first, later in duplicates(series):
        fix = f"give one of the two series its own id; {_RATED_KEEPS_IT}"
        problems.add(later.where, _duplicate("series", first, later, fix))
    _check_couple_ids(files, problems)
    snippets = [Placed(s.id, where) for f in files for where, s in f.snippets]
    for first, later in duplicates(snippets):
        fix = "give one of the two snippets its own id"
        problems.add(later.where, _duplicate("snippet", first, later, fix))
    return _check_trope_ids(known, files, problems)


def duplicates(entries: Iterable[Placed]) -> list[tuple[Placed, Placed]]:
    """(first, later) for each entry whose id an earlier entry already has."""
    first_by_id: dict[str, Placed] = {}
    found = []
    for entry in entries:
        first = first_by_id.setdefault(entry.ident, entry)
        if first is not entry:
            found.append((first, entry))
    return found


def _duplicate(what: str, first: Placed, later: Placed, fix: str) -> str:
    return f"duplicate {what} id '{later.ident}', already used by {first.where}; {fix}"


# --- couples: snippets name them within their own file ----------------------------------------


def _check_couple_ids(files: list[SeriesFile], problems: Problems) -> None:
    by_label = {f.label: f for f in files}
    couples = [Placed(c.id, where) for f in files for where, c in f.couples]
    for first, later in duplicates(couples):
        involved = [
            by_label[label] for label in dict.fromkeys((later.where.file, first.where.file))
        ]
        dangling = {f.label: ids for f in involved if (ids := _dangling_couples(f))}
        problems.add(later.where, _duplicate("couple", first, later, _couple_fix(dangling)))
        for series_file in involved:
            series_file.explained_couples |= dangling.get(series_file.label, set())


def _dangling_couples(series_file: SeriesFile) -> set[str]:
    """Couple ids this file's snippets name that no couple entry of the file has."""
    declared = set(series_file.declared_couples)
    return {c for _, s in series_file.snippets for c in s.couples if c not in declared}


def _couple_fix(dangling: dict[str, set[str]]) -> str:
    if not dangling:
        return (
            f"give one of the two couples its own id and name it in its snippets; {_RATED_KEEPS_IT}"
        )
    named = "; ".join(
        f"snippets in {label} name {_listed(ids)}, which no couple in that file has"
        for label, ids in dangling.items()
    )
    count = len(set().union(*dangling.values()))
    return f"{named}: if one of these two couples had {_that_id(count)}, put it back"


# --- tropes: one file, named by couples and snippets of every series file ---------------------


def _check_trope_ids(
    known: KnownTropes, files: list[SeriesFile], problems: Problems
) -> KnownTropes:
    found = duplicates(known.placed)
    if not found:
        return known
    dangling = _dangling_tropes(known, files)
    for first, later in found:
        problems.add(later.where, _duplicate("trope", first, later, _trope_fix(dangling)))
    return known._replace(broken=known.broken | frozenset(dangling))


def _dangling_tropes(known: KnownTropes, files: list[SeriesFile]) -> dict[str, list[str]]:
    """Each trope or tag id no entry has, with the series files that use it."""
    used: dict[str, list[str]] = {}
    for series_file in files:
        named = [t for _, c in series_file.couples for t in (*c.tropes, *c.tags)]
        named += [t for _, s in series_file.snippets for t in s.tropes]
        for ident in dict.fromkeys(named):
            if known.needs_report(ident):
                used.setdefault(ident, []).append(series_file.label)
    return used


def _trope_fix(dangling: dict[str, list[str]]) -> str:
    if not dangling:
        return "give one of the two entries its own id and use it in the couples and snippets"
    files = list(dict.fromkeys(label for labels in dangling.values() for label in labels))
    verb = "use" if len(files) > 1 else "uses"
    return (
        f"{', '.join(files)} {verb} {_listed(dangling)}, which no entry has:"
        f" if one of these two entries had {_that_id(len(dangling))}, put it back"
    )


def _listed(ids: Iterable[str]) -> str:
    quoted = [f"'{ident}'" for ident in sorted(ids)]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _that_id(count: int) -> str:
    return "that id" if count == 1 else "one of those ids"
