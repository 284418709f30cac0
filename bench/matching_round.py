"""A full Matching round at province scale: candidate generation plus the exact allocation.

Synthetic data, seeded: ``--regions`` regions in a realistic tree (a receiving "west" province and
a supporting "east" one, province → city → county → township → village), ``--needs`` open needs
in western villages and townships, ``--offers`` open offers (local organizations, volunteers and
donors serving their township, county or city; eastern organizations serving western counties
or reaching them through the collaborations between eastern and western cities and counties),
``--domains`` service domains (a few common, many rare), eight resource kinds, capacities 1-5,
grades, ratings, pairings.

Phases, each timed in wall and CPU seconds (CPU is what counts on a machine other work loads):
building the facts (not part of a round), ``candidate_graph`` (per need the ``--per-need`` best
offers, as arrays), ``allocate`` (components, solve), and ``greedy`` for the ratio; then the same
round through the interface's list of ``Edge`` objects (``candidate_edges``), unless
``--no-objects``. Peak memory is the process's peak RSS during a round (``VmHWM``, reset before
it; the data alone is reported apart). ``--variants`` also solves the graph as one problem, one
component per solve and in a pool of two processes, to show whether splitting and parallelism
pay on this machine.

    .venv/bin/python bench/matching_round.py                       # 100,000 × 100,000
    .venv/bin/python bench/matching_round.py --variants            # + one global solve, pool
    .venv/bin/python bench/matching_round.py --needs 20000 --offers 20000
    .venv/bin/python bench/matching_round.py --smoke               # tiny, a few seconds

Prints a table and one JSON line (``--json`` alone prints only that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from services.matching.domain.allocation import allocate, greedy  # noqa: E402
from services.matching.domain.scoring import (  # noqa: E402
    Context,
    NeedFacts,
    OfferFacts,
    candidate_edges,
    candidate_graph,
    rank,
)

KINDS = {  # resource kind -> share of needs and offers
    "team": 0.25,
    "technique": 0.18,
    "volunteers": 0.17,
    "talent": 0.1,
    "goods": 0.12,
    "funds": 0.08,
    "venue": 0.05,
    "jobs": 0.05,
}
URGENCY = {"low": 0.2, "normal": 0.55, "high": 0.2, "critical": 0.05}
YEAR = dt.date(2026, 1, 1)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Tree:
    """Regions: code -> parent, with the codes of each level per province."""

    def __init__(self, total: int, rng: random.Random) -> None:
        self.parent: dict[str, str | None] = {}
        self.levels: dict[str, list[list[str]]] = {}
        # About 4/5 of the regions in the receiving province, 1/5 in the supporting one; the
        # shares of each level follow a Guizhou-like province (cities ≈ 0.3 %, counties 3 %,
        # townships ≈ 30 %, villages the rest).
        for province, share in (("52", 0.8), ("33", 0.2)):
            n = max(5, int(total * share))
            cities = max(1, round(n * 0.003))
            counties = max(cities, round(n * 0.03))
            towns = max(counties, round(n * 0.3))
            villages = max(0, n - 1 - cities - counties - towns) if province == "52" else 0
            if province == "33":  # the east's villages do not matter: its regions are providers'
                towns = max(counties, n - 1 - cities - counties)
            self.parent[province] = None
            level = [[province]]
            for count, width in ((cities, 2), (counties, 2), (towns, 3), (villages, 3)):
                parents = level[-1]
                codes: list[str] = []
                children: dict[str, int] = {}
                for i in range(count):
                    p = parents[i % len(parents)] if i < len(parents) else rng.choice(parents)
                    children[p] = children.get(p, 0) + 1
                    code = f"{p}{children[p]:0{width}d}"
                    codes.append(code)
                    self.parent[code] = p
                if codes:
                    level.append(codes)
            self.levels[province] = level

    def path(self, code: str) -> tuple[str, ...]:
        out = [code]
        while (p := self.parent[out[-1]]) is not None:
            out.append(p)
        return tuple(out)


def weighted(rng: random.Random, table: dict[str, float]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def window(rng: random.Random, short: int, long: int) -> tuple[dt.date, dt.date]:
    start = YEAR + dt.timedelta(days=rng.randrange(300))
    return start, start + dt.timedelta(days=rng.randrange(short, long))


def build(
    n_needs: int, n_offers: int, n_regions: int, n_domains: int, seed: int
) -> tuple[list[NeedFacts], list[OfferFacts], Context, dict[str, Any]]:
    rng = random.Random(seed)
    tree = Tree(n_regions, rng)
    west, east = tree.levels["52"], tree.levels["33"]
    w_cities, w_counties, w_towns = west[1], west[2], west[3]
    w_villages = west[4] if len(west) > 4 else w_towns
    e_cities, e_counties, e_towns = east[1], east[2], east[3]
    # Domains: a few common, a long tail (Zipf-like weights).
    domains = [f"d{i:02d}" for i in range(n_domains)]
    domain_weights = [1 / (i + 1) ** 0.8 for i in range(n_domains)]

    def some_domains(k: int) -> frozenset[str]:
        return frozenset(rng.choices(domains, weights=domain_weights, k=k))

    # East-west collaborations: each eastern city supports one or two western cities, and some
    # eastern counties support a western county (paired assistance).
    collaborations = set()
    for city in e_cities:
        for target in rng.sample(w_cities, min(len(w_cities), rng.randrange(1, 3))):
            collaborations.add((city, target))
    for county in rng.sample(e_counties, len(e_counties) // 2):
        collaborations.add((county, rng.choice(w_counties)))

    needs = []
    communities = w_villages + w_towns[: len(w_towns) // 5]
    for i in range(n_needs):
        code = rng.choice(communities)
        start, end = window(rng, 7, 120)
        needs.append(
            NeedFacts(
                id=f"need-{i:06d}",
                community_id=f"community-{code}",
                region_path=tree.path(code),
                domain=rng.choices(domains, weights=domain_weights)[0],
                resource_kind=weighted(rng, KINDS),
                quantity=rng.randint(1, 5),
                window_start=start,
                window_end=end,
                urgency=weighted(rng, URGENCY),
            )
        )

    organizations = [(f"org-{i:05d}", rng.random() < 0.3) for i in range(max(1, n_offers // 5))]
    pairings = {
        (org, f"community-{rng.choice(communities)}")
        for org, _ in rng.sample(organizations, len(organizations) // 4)
    }
    org_home = {org: rng.choice(e_towns if eastern else w_towns) for org, eastern in organizations}
    offers = []
    for i in range(n_offers):
        kind = rng.choices(["organization", "volunteer", "donor"], weights=[0.6, 0.3, 0.1])[0]
        if kind == "organization":
            provider, eastern = rng.choice(organizations)
            home = org_home[provider]
        else:
            provider, eastern = f"{kind}-{i:06d}", rng.random() < 0.2
            home = rng.choice(e_towns if eastern else w_towns)
        path = tree.path(home)
        if eastern:
            # an eastern provider serves a western county or two, or only through collaborations
            served = (
                frozenset(rng.sample(w_counties, rng.randint(1, 2)))
                if rng.random() < 0.4
                else frozenset()
            )
        else:
            reach = rng.random()
            level = 1 if reach < 0.1 else 2 if reach < 0.6 else 3  # city, county or township
            served = frozenset({path[len(path) - 1 - level]})
        start, end = window(rng, 30, 365)
        rated = rng.random() < 0.6
        offers.append(
            OfferFacts(
                id=f"offer-{i:06d}",
                provider_kind=kind,
                provider_id=provider,
                domains=some_domains(rng.randint(1, 3)),
                resource_kind=weighted(rng, KINDS),
                remaining=rng.randint(1, 5),
                service_region_codes=served,
                window_start=start,
                window_end=end,
                provider_region_path=path,
                grade=rng.randint(1, 5) if kind == "organization" and rng.random() < 0.5 else None,
                rating_average=round(rng.uniform(2.5, 5.0), 2) if rated else None,
                rating_count=rng.randrange(1, 80) if rated else 0,
            )
        )
    ctx = Context(collaborations=frozenset(collaborations), pairings=frozenset(pairings))
    shape = {
        "regions": len(tree.parent),
        "west_villages": len(w_villages),
        "collaborations": len(collaborations),
        "pairings": len(pairings),
    }
    return needs, offers, ctx, shape


class Phase:
    """Wall and CPU seconds of a block (CPU is the honest figure on a loaded machine)."""

    def __init__(self, out: dict[str, Any], name: str) -> None:
        self.out, self.name = out, name

    def __enter__(self) -> Phase:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.out[f"{self.name}_s"] = round(time.perf_counter() - self.wall, 3)
        self.out[f"{self.name}_cpu_s"] = round(time.process_time() - self.cpu, 3)


def reset_peak() -> None:
    """Start a new peak RSS (VmHWM) from the current RSS (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def hwm_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return peak_mb()


def run(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {
        "needs": args.needs,
        "offers": args.offers,
        "domains": args.domains,
        "per_need": args.per_need,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    with Phase(out, "build"):
        needs, offers, ctx, shape = build(
            args.needs, args.offers, args.regions, args.domains, args.seed
        )
    out |= shape
    gc.collect()
    gc.freeze()  # the facts live for the whole run: keep the collector off them
    need_qty = {n.id: n.quantity for n in needs}
    offer_rem = {o.id: o.remaining for o in offers}
    out["rss_data_mb"] = round(rss_mb())
    reset_peak()

    # The round as a service would run it: the graph as arrays into the solver.
    with Phase(out, "round"):
        with Phase(out, "candidates"):
            graph = candidate_graph(needs, offers, ctx, per_need=args.per_need)
        with Phase(out, "allocate"):
            result = allocate(need_qty, offer_rem, graph, workers=args.workers)
    out["peak_rss_mb"] = round(hwm_mb())
    out["edges"] = len(graph)
    out["objective"] = result.objective
    out["optimal"] = result.optimal
    out["components"] = result.components
    out["allocate_detail"] = {k: round(v, 1) for k, v in result.detail.items()}
    out["assigned_units"] = sum(q for _, _, q in result.assignments)
    out["needs_served"] = len({n for n, _, _ in result.assignments})

    with Phase(out, "greedy"):
        base = greedy(need_qty, offer_rem, graph)
    out["greedy_objective"] = base.objective
    out["greedy_ratio"] = round(base.objective / result.objective, 4) if result.objective else 1.0

    if args.variants:
        for name, kwargs in (
            ("one_solve", {"batch_arcs": 10**12}),
            ("per_component", {"batch_arcs": 1}),
            ("pool2", {"workers": 2}),
        ):
            with Phase(out, name):
                other = allocate(need_qty, offer_rem, graph, **kwargs)
            out[f"{name}_detail"] = {k: round(v, 1) for k, v in other.detail.items()}
            if other.objective != result.objective:
                raise SystemExit(f"{name} found {other.objective}, not {result.objective}")

    if args.rank_sample:
        # rank() for single needs (the candidates endpoint), over every open offer of the need's
        # kind and domain: a superset of what the endpoint's query returns (it also filters by
        # region reach and window), so an upper bound on the scoring part of that request.
        by_kind_domain: dict[tuple[str, str], list[OfferFacts]] = {}
        for o in offers:
            for d in o.domains:
                by_kind_domain.setdefault((o.resource_kind, d), []).append(o)
        rng = random.Random(args.seed + 1)
        timings, cpu_timings, sizes = [], [], []
        for n in rng.sample(needs, min(args.rank_sample, len(needs))):
            pool = by_kind_domain.get((n.resource_kind, n.domain), [])
            t, c = time.perf_counter(), time.process_time()
            rank(n, pool, ctx, limit=20)
            cpu_timings.append((time.process_time() - c) * 1000)
            timings.append((time.perf_counter() - t) * 1000)
            sizes.append(len(pool))
        timings.sort()
        cpu_timings.sort()
        out["rank_ms_p50"] = round(timings[len(timings) // 2], 2)
        out["rank_ms_p95"] = round(timings[int(len(timings) * 0.95)], 2)
        out["rank_cpu_ms_p50"] = round(cpu_timings[len(cpu_timings) // 2], 2)
        out["rank_cpu_ms_p95"] = round(cpu_timings[int(len(cpu_timings) * 0.95)], 2)
        out["rank_offers_looked_at_mean"] = round(sum(sizes) / len(sizes))

    if not args.no_objects:
        # The same through the interface's list of Edge objects (candidate_edges' return).
        del graph
        gc.collect()
        reset_peak()
        with Phase(out, "objects_round"):
            with Phase(out, "objects_candidates"):
                edges = candidate_edges(needs, offers, ctx, per_need=args.per_need)
            with Phase(out, "objects_allocate"):
                again = allocate(need_qty, offer_rem, edges, workers=args.workers)
        out["objects_peak_rss_mb"] = round(hwm_mb())
        if again.objective != result.objective:
            raise SystemExit(f"Edge objects found {again.objective}, not {result.objective}")
    out["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--regions", type=int, default=3_000)
    parser.add_argument("--domains", type=int, default=30)
    parser.add_argument("--per-need", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--variants", action="store_true", help="also one solve, pool of 2")
    parser.add_argument("--no-objects", action="store_true", help="skip the Edge-object round")
    parser.add_argument(
        "--rank-sample", type=int, default=200, help="needs ranked one by one (0: none)"
    )
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, a few seconds")
    args = parser.parse_args()
    if args.smoke:
        args.needs, args.offers, args.regions = 2_000, 2_000, 300
        args.variants = True
    out = run(args)
    if out["edges"] == 0 or not out["optimal"] or out["greedy_ratio"] > 1.0:
        raise SystemExit(f"implausible round: {out}")
    if not args.json:

        def t(name: str) -> str:
            return f"{out[name + '_s']:.2f} s wall, {out[name + '_cpu_s']:.2f} s CPU"

        rows = [
            (
                "data",
                f"{out['needs']:,} needs, {out['offers']:,} offers, {out['regions']:,} regions,"
                f" {out['domains']} domains, {out['collaborations']} collaborations",
            ),
            ("building the facts", f"{t('build')} (not part of a round)"),
            ("candidate_graph", f"{t('candidates')}, {out['edges']:,} edges"),
            (
                "allocate",
                f"{t('allocate')}, {out['components']:,} components, optimal={out['optimal']}",
            ),
            (
                "allocate, by phase (wall ms)",
                ", ".join(f"{k} {v:,.0f}" for k, v in out["allocate_detail"].items()),
            ),
            ("ROUND (candidates + allocate)", t("round")),
            (
                "memory",
                f"{out['rss_data_mb']} MB with the data, peak {out['peak_rss_mb']} MB in the round",
            ),
            (
                "objective",
                f"{out['objective']:,}; {out['assigned_units']:,} units to"
                f" {out['needs_served']:,} needs",
            ),
            (
                "greedy",
                f"{out['greedy_objective']:,} = {out['greedy_ratio']} of optimal, {t('greedy')}",
            ),
        ]
        if args.variants:
            for name in ("one_solve", "per_component", "pool2"):
                d = out[f"{name}_detail"]
                rows.append(
                    (
                        f"allocate: {name}",
                        f"{t(name)}; {d['batches']:.0f} batches, solver CPU"
                        f" {d['solve_cpu_ms']:,.0f} ms, largest batch"
                        f" {d['solve_cpu_ms_largest_batch']:,.0f} ms",
                    )
                )
        if args.rank_sample:
            rows.append(
                (
                    "rank() one need",
                    f"wall p50 {out['rank_ms_p50']} ms, p95 {out['rank_ms_p95']} ms; CPU p50"
                    f" {out['rank_cpu_ms_p50']} ms, p95 {out['rank_cpu_ms_p95']} ms; over"
                    f" {out['rank_offers_looked_at_mean']:,} offers of its kind and domain (mean)",
                )
            )
        if not args.no_objects:
            rows.append(
                (
                    "round via Edge objects",
                    f"{t('objects_round')} (candidate_edges {t('objects_candidates')};"
                    f" allocate {t('objects_allocate')}), peak {out['objects_peak_rss_mb']} MB",
                )
            )
        rows.append(("load average", f"{out['load_average']} → {out['load_average_after']}"))
        for name, value in rows:
            print(f"{name:32} {value}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
