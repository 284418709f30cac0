"""The round's allocation: optimal against brute force (including where greedy is wrong), every
capacity respected, components solved apart equal to one solve, degenerate inputs."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence

import pytest

from services.matching.domain import allocation as allocation_module
from services.matching.domain.allocation import Allocation, allocate, greedy
from services.matching.domain.scoring import Edge, candidate_graph
from tests.matching.test_scoring import random_scoring_instance as scoring_instance


def brute_force(needs: Mapping[str, int], offers: Mapping[str, int], edges: Sequence[Edge]) -> int:
    """The best objective by trying every quantity on every edge (small instances only)."""
    best = 0

    def walk(k: int, left_need: dict[str, int], left_offer: dict[str, int], value: int) -> None:
        nonlocal best
        if k == len(edges):
            best = max(best, value)
            return
        e = edges[k]
        top = min(e.capacity, left_need.get(e.need_id, 0), left_offer.get(e.offer_id, 0))
        for q in range(max(0, top) + 1):
            left_need[e.need_id] -= q
            left_offer[e.offer_id] -= q
            walk(k + 1, left_need, left_offer, value + q * e.score)
            left_need[e.need_id] += q
            left_offer[e.offer_id] += q

    walk(0, dict(needs), dict(offers), 0)
    return best


def assert_feasible(
    result: Allocation,
    needs: Mapping[str, int],
    offers: Mapping[str, int],
    edges: Sequence[Edge],
) -> None:
    """Every capacity holds, each assignment is an edge, and the objective is what they add to."""
    by_pair: dict[tuple[str, str], Edge] = {}
    for e in edges:
        if (e.need_id, e.offer_id) not in by_pair or e.score > by_pair[
            (e.need_id, e.offer_id)
        ].score:
            by_pair[(e.need_id, e.offer_id)] = e
    per_need: Counter[str] = Counter()
    per_offer: Counter[str] = Counter()
    objective = 0
    pairs = [(n, o) for n, o, _ in result.assignments]
    assert len(pairs) == len(set(pairs)), "one assignment per (need, offer)"
    for n, o, q in result.assignments:
        assert q >= 1
        edge = by_pair[(n, o)]
        assert q <= edge.capacity
        per_need[n] += q
        per_offer[o] += q
        objective += q * edge.score
    for n, q in per_need.items():
        assert q <= needs[n]
    for o, q in per_offer.items():
        assert q <= offers[o]
    assert result.objective == objective


def count_components(edges: Sequence[Edge]) -> int:
    """Connected pieces of the graph the edges make, by a plain union-find."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for e in edges:
        parent[find("n:" + e.need_id)] = find("o:" + e.offer_id)
    return len({find(x) for x in parent})


def random_instance(
    rng: random.Random, max_needs: int = 5, max_offers: int = 4, max_edges: int = 7
) -> tuple[dict[str, int], dict[str, int], list[Edge]]:
    needs = {f"n{i}": rng.randrange(0, 4) for i in range(rng.randrange(1, max_needs + 1))}
    offers = {f"o{i}": rng.randrange(0, 4) for i in range(rng.randrange(1, max_offers + 1))}
    pairs = [(n, o) for n in needs for o in offers]
    rng.shuffle(pairs)
    edges = [
        Edge(n, o, rng.randrange(0, 30), rng.randrange(1, 4))
        for n, o in pairs[: rng.randrange(0, max_edges + 1)]
    ]
    return needs, offers, edges


def greedy_trap(rng: random.Random) -> tuple[dict[str, int], dict[str, int], list[Edge]]:
    """Instances where greedy is provably worse than the optimum.

    Gadget: need A can use offers X (score s + d) or Y (score s); need B only X (score s).
    Greedy gives X to A and leaves B empty (s + d); the optimum is A→Y, B→X (2s). With d < s
    greedy loses s - d per gadget. Several gadgets with random unit capacities and a few random
    extra edges that cannot repair the trap (they hang off fresh nodes).
    """
    needs: dict[str, int] = {}
    offers: dict[str, int] = {}
    edges: list[Edge] = []
    for g in range(rng.randrange(1, 3)):
        q = rng.randrange(1, 3)
        s = rng.randrange(5, 30)
        d = rng.randrange(1, s)
        a, b, x, y = f"A{g}", f"B{g}", f"X{g}", f"Y{g}"
        needs |= {a: q, b: q}
        offers |= {x: q, y: q}
        edges += [Edge(a, x, s + d, q), Edge(a, y, s, q), Edge(b, x, s, q)]
    for k in range(rng.randrange(0, 2)):
        needs[f"m{k}"] = rng.randrange(1, 3)
        offers[f"p{k}"] = rng.randrange(1, 3)
        edges.append(Edge(f"m{k}", f"p{k}", rng.randrange(1, 20), 2))
    rng.shuffle(edges)
    return needs, offers, edges


class TestOptimal:
    @pytest.mark.parametrize("seed", range(400))
    def test_equals_brute_force_on_random_instances(self, seed: int) -> None:
        needs, offers, edges = random_instance(random.Random(seed))
        result = allocate(needs, offers, edges)
        assert_feasible(result, needs, offers, edges)
        assert result.optimal
        assert result.objective == brute_force(needs, offers, edges)
        assert result.objective >= greedy(needs, offers, edges).objective

    @pytest.mark.parametrize("seed", range(150))
    def test_beats_greedy_where_greedy_is_wrong(self, seed: int) -> None:
        needs, offers, edges = greedy_trap(random.Random(seed))
        result = allocate(needs, offers, edges)
        baseline = greedy(needs, offers, edges)
        assert_feasible(result, needs, offers, edges)
        assert_feasible(baseline, needs, offers, edges)
        assert result.optimal
        assert not baseline.optimal
        assert result.objective == brute_force(needs, offers, edges)
        assert result.objective > baseline.objective

    def test_the_textbook_trap(self) -> None:
        needs, offers = {"A": 1, "B": 1}, {"X": 1, "Y": 1}
        edges = [Edge("A", "X", 10, 1), Edge("A", "Y", 9, 1), Edge("B", "X", 9, 1)]
        assert greedy(needs, offers, edges).assignments == [("A", "X", 1)]
        result = allocate(needs, offers, edges)
        assert result.assignments == [("A", "Y", 1), ("B", "X", 1)]
        assert result.objective == 18
        assert result.components == 1

    def test_splits_a_need_across_offers_and_leaves_a_need_unfilled_when_better(self) -> None:
        needs = {"big": 5, "tiny": 1}
        offers = {"o1": 2, "o2": 2}
        edges = [
            Edge("big", "o1", 100, 5),
            Edge("big", "o2", 80, 5),
            Edge("tiny", "o1", 50, 1),
        ]
        result = allocate(needs, offers, edges)
        assert result.assignments == [("big", "o1", 2), ("big", "o2", 2)]
        assert result.objective == 360


class TestCapacities:
    @pytest.mark.parametrize("seed", range(60))
    def test_never_exceeded_on_larger_random_graphs(self, seed: int) -> None:
        rng = random.Random(10_000 + seed)
        needs = {f"n{i}": rng.randrange(1, 6) for i in range(80)}
        offers = {f"o{i}": rng.randrange(1, 6) for i in range(60)}
        edges = [
            Edge(n, f"o{rng.randrange(60)}", rng.randrange(1, 1000), rng.randrange(1, 6))
            for n in needs
            for _ in range(rng.randrange(0, 6))
        ]
        result = allocate(needs, offers, edges)
        assert_feasible(result, needs, offers, edges)
        assert result.optimal
        assert result.objective >= greedy(needs, offers, edges).objective

    def test_edge_capacity_is_bounded_by_both_sides(self) -> None:
        """An edge claiming more than the need wants or the offer has is cut to both."""
        result = allocate({"n": 2}, {"o": 3}, [Edge("n", "o", 7, 50)])
        assert result.assignments == [("n", "o", 2)]
        result = allocate({"n": 9}, {"o": 3}, [Edge("n", "o", 7, 50)])
        assert result.assignments == [("n", "o", 3)]
        result = allocate({"n": 9}, {"o": 9}, [Edge("n", "o", 7, 4)])
        assert result.assignments == [("n", "o", 4)]

    def test_a_pair_given_twice_counts_once_at_its_best(self) -> None:
        edges = [Edge("n", "o", 5, 3), Edge("n", "o", 9, 1)]
        result = allocate({"n": 3}, {"o": 3}, edges)
        assert result.assignments == [("n", "o", 1)]
        assert result.objective == 9


class TestComponents:
    @pytest.mark.parametrize("seed", range(40))
    def test_solved_apart_equal_one_global_solve(self, seed: int) -> None:
        rng = random.Random(20_000 + seed)
        needs: dict[str, int] = {}
        offers: dict[str, int] = {}
        edges: list[Edge] = []
        clusters = rng.randrange(1, 8)
        for c in range(clusters):  # disjoint clusters, as domains and regions make them
            ns = [f"c{c}n{i}" for i in range(rng.randrange(1, 10))]
            os_ = [f"c{c}o{i}" for i in range(rng.randrange(1, 8))]
            needs |= {n: rng.randrange(1, 5) for n in ns}
            offers |= {o: rng.randrange(1, 5) for o in os_}
            edges += [
                Edge(n, rng.choice(os_), rng.randrange(1, 500), rng.randrange(1, 5))
                for n in ns
                for _ in range(3)
            ]
        apart = allocate(needs, offers, edges, batch_arcs=1)  # each component its own solve
        together = allocate(needs, offers, edges, batch_arcs=10**9)  # all in one solve
        assert apart.objective == together.objective
        assert apart.components == together.components
        assert apart.components == count_components(edges) >= clusters
        assert_feasible(apart, needs, offers, edges)
        # each component alone, summed
        alone = 0
        for c in range(clusters):
            sub = [e for e in edges if e.need_id.startswith(f"c{c}n")]
            alone += allocate(needs, offers, sub).objective
        assert apart.objective == alone

    def test_components_counts_the_pieces(self) -> None:
        edges = [
            Edge("a", "x", 1, 1),
            Edge("b", "x", 1, 1),  # a, b, x: one piece
            Edge("c", "y", 1, 1),  # c, y: another
            Edge("d", "z", 1, 1),
            Edge("d", "w", 1, 1),  # d, z, w: a third
        ]
        ones = dict.fromkeys("abcd", 1)
        result = allocate(ones, dict.fromkeys("xyzw", 1), edges)
        assert result.components == 3
        assert result.objective == 3  # a and b share the one unit of x

    def test_a_process_pool_gives_the_same_answer(self) -> None:
        needs, offers, edges = greedy_trap(random.Random(7))
        in_process = allocate(needs, offers, edges, batch_arcs=1)
        pooled = allocate(needs, offers, edges, workers=2, batch_arcs=1)
        assert pooled.objective == in_process.objective
        assert pooled.optimal
        assert_feasible(pooled, needs, offers, edges)


class TestCandidateGraphInput:
    @pytest.mark.parametrize("seed", range(30))
    def test_the_arrays_give_what_the_edges_give(self, seed: int) -> None:
        needs, offers, ctx = scoring_instance(random.Random(seed))
        graph = candidate_graph(needs, offers, ctx, per_need=3)
        quantities = {n.id: n.quantity for n in needs}
        remaining = {o.id: o.remaining for o in offers}
        from_graph = allocate(quantities, remaining, graph)
        from_edges = allocate(quantities, remaining, graph.edges())
        assert from_graph.objective == from_edges.objective
        assert from_graph.components == from_edges.components
        assert from_graph.optimal
        assert_feasible(from_graph, quantities, remaining, graph.edges())
        assert greedy(quantities, remaining, graph).objective <= from_graph.objective

    def test_needs_and_offers_the_mappings_leave_out_take_nothing(self) -> None:
        needs, offers, ctx = scoring_instance(random.Random(3))
        graph = candidate_graph(needs, offers, ctx)
        assert len(graph) > 0
        assert allocate({}, {o.id: o.remaining for o in offers}, graph).assignments == []
        assert allocate({n.id: n.quantity for n in needs}, {}, graph).assignments == []


class TestDegenerate:
    def test_nothing_in_nothing_out(self) -> None:
        for result in (allocate({}, {}, []), allocate({"n": 1}, {"o": 1}, [])):
            assert result.assignments == []
            assert result.objective == 0
            assert result.optimal
            assert result.components == 0
            assert result.solve_ms >= 0

    def test_edges_to_unknown_or_exhausted_sides_are_ignored(self) -> None:
        edges = [
            Edge("ghost", "o", 50, 1),
            Edge("n", "gone", 50, 1),
            Edge("n", "empty", 50, 1),
            Edge("done", "o", 50, 1),
            Edge("n", "o", 3, 1),
        ]
        result = allocate({"n": 1, "done": 0}, {"o": 1, "empty": 0}, edges)
        assert result.assignments == [("n", "o", 1)]

    def test_zero_score_edges_are_never_used(self) -> None:
        result = allocate({"n": 1}, {"o": 1}, [Edge("n", "o", 0, 1)])
        assert result.assignments == []
        assert result.optimal

    def test_edges_may_be_a_one_shot_iterator(self) -> None:
        edges = iter([Edge("n", "o", 3, 1)])
        assert allocate({"n": 1}, {"o": 1}, edges).objective == 3

    def test_scores_beyond_the_solver_s_range_are_allocated_greedily_not_claimed_optimal(
        self,
    ) -> None:
        """OR-Tools refuses costs whose sums could overflow (BAD_COST_RANGE): a real refusal."""
        huge = 2**60
        needs, offers = {"A": 1, "B": 1}, {"X": 1, "Y": 1}
        edges = [Edge("A", "X", huge, 1), Edge("A", "Y", huge - 1, 1), Edge("B", "X", huge - 1, 1)]
        result = allocate(needs, offers, edges)
        assert not result.optimal
        assert result.assignments == [("A", "X", 1)]
        assert result.objective == huge  # exact: no int64 arithmetic in the sum

    def test_a_solver_failure_falls_back_to_greedy_and_says_not_optimal(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        class Failing:
            OPTIMAL = 1

            def __getattr__(self, name: str) -> object:
                return lambda *args: 0 if name == "solve" else None

        monkeypatch.setattr(allocation_module.min_cost_flow, "SimpleMinCostFlow", Failing)
        needs, offers = {"A": 1, "B": 1}, {"X": 1, "Y": 1}
        edges = [Edge("A", "X", 10, 1), Edge("A", "Y", 9, 1), Edge("B", "X", 9, 1)]
        result = allocate(needs, offers, edges)
        assert not result.optimal
        assert result.assignments == [("A", "X", 1)]
        assert_feasible(result, needs, offers, edges)
