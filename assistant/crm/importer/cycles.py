"""Self-references (``users.manager_id``, ``accounts.parent_id``): cycle detection and parents-first order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence


def _close_over_database(
    parent_of: Mapping[str, str | None], fetch: Callable[[set[str]], dict[str, str | None]]
) -> dict[str, str | None]:
    """``parent_of`` extended with the stored parent of every ancestor outside the import."""
    graph: dict[str, str | None] = dict(parent_of)
    frontier = {parent for parent in parent_of.values() if parent is not None and parent not in graph}
    while frontier:
        fetched = fetch(frontier)
        for node in frontier:
            graph[node] = fetched.get(node)
        frontier = {parent for parent in fetched.values() if parent is not None and parent not in graph}
    return graph


def find_cycles(
    order: Sequence[str],
    parent_of: Mapping[str, str | None],
    fetch: Callable[[set[str]], dict[str, str | None]],
) -> list[list[str]]:
    """Every cycle the imported parents (``parent_of``) make together with the stored ones.

    ``order`` is the imported ids in file order; ``fetch`` returns the stored parent of ids outside
    the import. Each cycle is listed once, starting at its member that comes first in ``order``.
    """
    graph = _close_over_database(parent_of, fetch)
    rank = {node: index for index, node in enumerate(order)}
    done: set[str] = set()
    cycles: list[list[str]] = []
    for start in order:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done:
            if node in on_path:
                cycle = path[on_path[node] :]
                first = min(range(len(cycle)), key=lambda i: rank.get(cycle[i], len(rank)))
                cycles.append(cycle[first:] + cycle[:first])
                break
            on_path[node] = len(path)
            path.append(node)
            node = graph.get(node)
        done.update(path)
    return cycles


def parents_first(order: Sequence[str], parent_of: Mapping[str, str | None]) -> list[str]:
    """``order`` rearranged so that an imported parent comes before its imported children (needs no cycles)."""
    placed: set[str] = set()
    result: list[str] = []
    for start in order:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node in parent_of and node not in placed and node not in chain:
            chain.append(node)
            node = parent_of[node]
        for item in reversed(chain):
            placed.add(item)
            result.append(item)
    return result
