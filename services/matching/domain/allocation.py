"""A round's allocation: the most total score the candidate graph allows, under every capacity.

The problem is a capacitated b-matching, solved exactly as a minimum-cost flow::

    need n  --(capacity min(q_n, r_o, edge), cost -score)-->  offer o  --(r_o, 0)-->  sink
    need n  --(q_n, 0)-->  sink                                  (a need may stay unfilled)

with a supply of q_n (the quantity still wanted) at each need and the sum of them as the sink's
demand. Every arc's capacity is an integer, so an optimal flow is integral (the constraint matrix
of a network is totally unimodular) and its cost is minus the largest objective
sum(score × quantity). OR-Tools' ``SimpleMinCostFlow`` (cost scaling, integer arithmetic) solves
it and says ``OPTIMAL`` only when it has proven so; see docs/decisions.md for why this solver.

The candidate graph falls apart by resource kind, domain and region: connected components are
found first (numpy, pointer jumping) and solved apart. Components are packed into batches of
roughly equal size (a batch of disjoint components is still one independent problem each; the
packing only saves per-solve overhead on thousands of tiny ones), and the batches are solved in
a process pool when ``workers`` > 1.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

import numpy as np
from ortools.graph.python import min_cost_flow

from services.matching.domain.scoring import CandidateGraph, Edge

__all__ = ["Allocation", "allocate", "greedy"]

log = logging.getLogger(__name__)

#: A batch is closed once it holds this many arcs (a larger component is a batch of its own).
BATCH_ARCS = 250_000


@dataclass(frozen=True, slots=True)
class Allocation:
    """What a round proposes: quantities of needs served by offers, and how good that is."""

    assignments: list[tuple[str, str, int]]  # (need_id, offer_id, quantity), quantity >= 1
    objective: int  # sum of edge.score * quantity
    optimal: bool
    solve_ms: float
    components: int
    #: where the time went (milliseconds per phase) and the pieces' sizes; for benchmarks
    detail: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class _Graph:
    """The usable edges as arrays, one best edge per (need, offer), with dense node numbers."""

    need_ids: list[str]
    offer_ids: list[str]
    need_qty: np.ndarray  # int64 per need
    offer_rem: np.ndarray  # int64 per offer
    tail: np.ndarray  # need index per edge
    head: np.ndarray  # offer index per edge
    cap: np.ndarray  # int64 per edge
    score: np.ndarray  # int64 per edge


def _graph(
    needs: Mapping[str, int],
    offers: Mapping[str, int],
    edges: Iterable[Edge] | CandidateGraph,
) -> _Graph:
    if isinstance(edges, CandidateGraph):
        need_ids, offer_ids = edges.need_ids, edges.offer_ids
        tail, head = edges.need, edges.offer
        cap, score = edges.capacity, edges.score
    else:
        listed = edges if isinstance(edges, list) else list(edges)
        need_index: dict[str, int] = {}
        offer_index: dict[str, int] = {}
        tail = np.asarray(
            [need_index.setdefault(e.need_id, len(need_index)) for e in listed], dtype=np.int64
        )
        head = np.asarray(
            [offer_index.setdefault(e.offer_id, len(offer_index)) for e in listed], dtype=np.int64
        )
        cap = np.asarray([e.capacity for e in listed], dtype=np.int64)
        score = np.asarray([e.score for e in listed], dtype=np.int64)
        need_ids, offer_ids = list(need_index), list(offer_index)
    # What each side can still take; an id the mappings do not know takes nothing.
    quantity = np.asarray([max(0, needs.get(n, 0)) for n in need_ids], dtype=np.int64)
    remaining = np.asarray([max(0, offers.get(o, 0)) for o in offer_ids], dtype=np.int64)
    if len(tail):
        cap = np.minimum(cap, np.minimum(quantity[tail], remaining[head]))
        usable = (cap > 0) & (score > 0)  # such an edge can never raise the objective
        tail, head, cap, score = tail[usable], head[usable], cap[usable], score[usable]
    if len(tail) and not isinstance(edges, CandidateGraph):  # a graph has each pair once
        # One arc per (need, offer): the best-scoring edge of a pair given twice.
        key = tail * len(offer_ids) + head
        order = np.lexsort((-score, key))
        first = np.ones(len(order), dtype=bool)
        first[1:] = key[order][1:] != key[order][:-1]
        keep = order[first]
        tail, head, cap, score = tail[keep], head[keep], cap[keep], score[keep]
    # Number only the nodes an edge still touches.
    needs_used, tail = np.unique(tail, return_inverse=True)
    offers_used, head = np.unique(head, return_inverse=True)
    return _Graph(
        need_ids=[need_ids[i] for i in needs_used.tolist()],
        offer_ids=[offer_ids[i] for i in offers_used.tolist()],
        need_qty=quantity[needs_used],
        offer_rem=remaining[offers_used],
        tail=tail.astype(np.int64).reshape(-1),
        head=head.astype(np.int64).reshape(-1),
        cap=cap,
        score=score,
    )


def _components(n_needs: int, n_offers: int, tail: np.ndarray, head: np.ndarray) -> np.ndarray:
    """A component label (its smallest node) for every node: needs first, then offers.

    Hook every edge's larger root onto its smaller one, then compress paths by pointer jumping,
    until no edge joins two roots: O(log n) rounds of array operations, no Python loop per edge.
    """
    parent = np.arange(n_needs + n_offers, dtype=np.int64)
    u, v = tail, head + n_needs
    while True:
        pu, pv = parent[u], parent[v]
        differ = pu != pv
        if not differ.any():
            return parent
        lo = np.minimum(pu[differ], pv[differ])
        hi = np.maximum(pu[differ], pv[differ])
        np.minimum.at(parent, hi, lo)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
        u, v = u[differ], v[differ]


def _solve(
    need_qty: np.ndarray,
    offer_rem: np.ndarray,
    tail: np.ndarray,
    head: np.ndarray,
    cap: np.ndarray,
    score: np.ndarray,
) -> tuple[np.ndarray, bool]:
    """Solve one independent problem (local node numbers); the flow per edge and optimality."""
    n, m = len(need_qty), len(offer_rem)
    sink = n + m
    flow = min_cost_flow.SimpleMinCostFlow()
    needs = np.arange(n, dtype=np.int64)
    offers = np.arange(n, sink, dtype=np.int64)
    sinks = np.full(n + m, sink, dtype=np.int64)
    zeros = np.zeros(n + m, dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(tail, head + n, cap, -score)
    first_other = len(tail)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([offers, needs]), sinks, np.concatenate([offer_rem, need_qty]), zeros
    )
    total = int(need_qty.sum())
    flow.set_nodes_supplies(
        np.concatenate([needs, np.asarray([sink], dtype=np.int64)]),
        np.concatenate([need_qty, np.asarray([-total], dtype=np.int64)]),
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        log.warning("min-cost flow ended %s on %d arcs; falling back to greedy", status, len(tail))
        return _greedy_flows(need_qty, offer_rem, tail, head, cap, score), False
    return flow.flows(np.arange(first_other, dtype=np.int64)), True


def _solve_packed(args: tuple[np.ndarray, ...]) -> tuple[np.ndarray, bool, float]:
    """One batch, with the CPU milliseconds it took (in whichever process solved it)."""
    cpu = time.process_time()
    flows, optimal = _solve(*args)
    return flows, optimal, (time.process_time() - cpu) * 1000.0


def _greedy_flows(
    need_qty: np.ndarray,
    offer_rem: np.ndarray,
    tail: np.ndarray,
    head: np.ndarray,
    cap: np.ndarray,
    score: np.ndarray,
) -> np.ndarray:
    """Best edge first, as much as it takes: the baseline, and the fallback if a solve fails."""
    left_need = need_qty.tolist()
    left_offer = offer_rem.tolist()
    tails, heads, caps = tail.tolist(), head.tolist(), cap.tolist()
    out = [0] * len(tails)
    for k in np.lexsort((head, tail, -score)).tolist():
        n, o = tails[k], heads[k]
        q = min(caps[k], left_need[n], left_offer[o])
        if q > 0:
            out[k] = q
            left_need[n] -= q
            left_offer[o] -= q
    return np.asarray(out, dtype=np.int64)


def _result(
    g: _Graph,
    flows: np.ndarray,
    optimal: bool,
    started: float,
    comps: int,
    detail: dict[str, float] | None = None,
) -> Allocation:
    mark = time.perf_counter()
    used = np.flatnonzero(flows > 0)
    assignments = sorted(
        (g.need_ids[n], g.offer_ids[o], q)
        for n, o, q in zip(
            g.tail[used].tolist(), g.head[used].tolist(), flows[used].tolist(), strict=True
        )
    )
    return Allocation(
        assignments=assignments,
        # in Python integers: exact whatever the scores (numpy's int64 would wrap silently)
        objective=sum(
            q * s for q, s in zip(flows[used].tolist(), g.score[used].tolist(), strict=True)
        ),
        optimal=optimal,
        solve_ms=(time.perf_counter() - started) * 1000.0,
        components=comps,
        detail=(detail or {}) | {"result_ms": (time.perf_counter() - mark) * 1000.0},
    )


def allocate(
    needs: Mapping[str, int],
    offers: Mapping[str, int],
    edges: Iterable[Edge] | CandidateGraph,
    *,
    workers: int = 1,
    batch_arcs: int = BATCH_ARCS,
) -> Allocation:
    """The allocation of greatest total score over ``edges`` that respects every capacity.

    ``needs`` maps a need id to the quantity still wanted, ``offers`` an offer id to its
    remaining capacity; an edge serves at most its own capacity. Not every need must be filled.
    ``edges`` may be :class:`Edge` objects or the arrays of
    :func:`~services.matching.domain.scoring.candidate_graph` (no object per edge: faster).
    Each connected component of the graph is solved apart (``workers`` > 1: in a process pool);
    ``optimal`` is true only when the solver proved every one optimal. ``solve_ms`` covers the
    whole call.
    """
    started = mark = time.perf_counter()
    detail: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        detail[f"{name}_ms"] = (now - mark) * 1000.0
        mark = now

    g = _graph(needs, offers, edges)
    lap("graph")
    if not len(g.tail):
        return _result(g, g.tail, True, started, 0, detail)

    n_needs = len(g.need_ids)
    label = _components(n_needs, len(g.offer_ids), g.tail, g.head)
    edge_label = label[g.tail]
    roots, edge_count = np.unique(edge_label, return_counts=True)
    lap("components")

    # Pack components, largest first, into batches of about batch_arcs arcs; for a pool, small
    # enough that each worker gets about two (a component is never cut).
    if workers > 1:
        batch_arcs = min(batch_arcs, max(1, len(g.tail) // (2 * workers)))
    batch_of_root: dict[int, int] = {}
    batch_sizes: list[int] = []
    for root, count in sorted(
        zip(roots.tolist(), edge_count.tolist(), strict=True), key=lambda rc: -rc[1]
    ):
        if batch_sizes and batch_sizes[-1] + count <= batch_arcs:
            batch_sizes[-1] += count
        else:
            batch_sizes.append(count)
        batch_of_root[root] = len(batch_sizes) - 1
    root_batch = np.zeros(n_needs + len(g.offer_ids), dtype=np.int64)
    root_batch[roots] = [batch_of_root[r] for r in roots.tolist()]
    edge_batch = root_batch[edge_label]

    order = np.argsort(edge_batch, kind="stable")
    bounds = np.searchsorted(edge_batch[order], np.arange(len(batch_sizes) + 1))
    problems: list[tuple[np.ndarray, ...]] = []
    slices: list[np.ndarray] = []
    for b in range(len(batch_sizes)):
        idx = order[bounds[b] : bounds[b + 1]]
        need_nodes, local_tail = np.unique(g.tail[idx], return_inverse=True)
        offer_nodes, local_head = np.unique(g.head[idx], return_inverse=True)
        problems.append(
            (
                g.need_qty[need_nodes],
                g.offer_rem[offer_nodes],
                local_tail.astype(np.int64),
                local_head.astype(np.int64),
                g.cap[idx],
                g.score[idx],
            )
        )
        slices.append(idx)
    detail["batches"] = len(problems)
    detail["largest_component_arcs"] = int(edge_count.max())
    lap("split")

    results: Iterable[tuple[np.ndarray, bool, float]]
    if workers > 1 and len(problems) > 1:
        with ProcessPoolExecutor(
            max_workers=min(workers, len(problems)), mp_context=get_context("forkserver")
        ) as pool:
            results = list(pool.map(_solve_packed, problems))
    else:
        results = [_solve_packed(p) for p in problems]

    lap("solve")
    flows = np.zeros(len(g.tail), dtype=np.int64)
    optimal = True
    cpu_ms: list[float] = []
    for idx, (batch_flows, batch_optimal, batch_cpu_ms) in zip(slices, results, strict=True):
        flows[idx] = batch_flows
        optimal = optimal and batch_optimal
        cpu_ms.append(batch_cpu_ms)
    detail["solve_cpu_ms"] = sum(cpu_ms)
    detail["solve_cpu_ms_largest_batch"] = max(cpu_ms)
    return _result(g, flows, optimal, started, len(roots), detail)


def greedy(
    needs: Mapping[str, int], offers: Mapping[str, int], edges: Iterable[Edge]
) -> Allocation:
    """The baseline: take edges best score first, each as far as both sides still allow.

    Never claims optimality (``optimal`` false, ``components`` 0: it does not split the graph).
    """
    started = time.perf_counter()
    g = _graph(needs, offers, edges)
    flows = _greedy_flows(g.need_qty, g.offer_rem, g.tail, g.head, g.cap, g.score)
    return _result(g, flows, False, started, 0)  # greedy looks at the graph whole
