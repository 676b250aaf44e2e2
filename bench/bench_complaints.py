#!/usr/bin/env python3
"""Benchmark of property_crm complaints (it measures; it never fails on a figure).

1. Batch creation: N complaints (property.crm.complaint) against N tickets of OCA
   helpdesk_mgmt + helpdesk_mgmt_sla (a team using SLAs, two SLAs), on the same
   database in the same run: records/s, queries per record, ratio complaint / ticket.
2. SLA watchdog: the same due complaints among few and among many open, not-yet-due
   complaints (bulk-inserted in SQL, copies of a complaint created by the ORM);
   ``_cron_sla_watchdog`` is called until it has nothing left to do: time, batches,
   queries per batch, and the ratio large / small (target <= 1.5).

Everything happens in one transaction that is rolled back at the end (each part in a
savepoint), so the script can be re-run on the same database. Run it through
``make bench`` (scripts/bench.sh), or directly (PYTHONPATH holding Odoo):

    python bench/bench_complaints.py -c .cache/bench.conf -d property_crm_bench
"""

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import threading
import time

WATCHDOG_TARGET = 1.5


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument(
        "-d",
        "--database",
        required=True,
        help="database with property_crm and helpdesk_mgmt_sla",
    )
    parser.add_argument(
        "--records",
        type=int,
        default=2000,
        help="records created per model (default 2000)",
    )
    parser.add_argument(
        "--batch",
        type=int,
        default=0,
        help="records per create() call (default: all at once)",
    )
    parser.add_argument(
        "--due",
        type=int,
        default=1000,
        help="due complaints for the watchdog (default 1000)",
    )
    parser.add_argument(
        "--small-open",
        type=int,
        default=0,
        help="open not-due complaints besides the due ones, small case (default 0)",
    )
    parser.add_argument(
        "--large-open",
        type=int,
        default=100000,
        help="open not-due complaints besides the due ones, large case (default 1e5)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each measure, the fastest one reported (default 1)",
    )
    parser.add_argument(
        "--skip-create", action="store_true", help="skip part 1 (creation)"
    )
    parser.add_argument(
        "--skip-watchdog", action="store_true", help="skip part 2 (watchdog)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile each measured phase: top functions printed, .prof in .cache/",
    )
    parser.add_argument(
        "--profile-top", type=int, default=25, help="functions shown per profile"
    )
    return parser.parse_args(argv)


# ------------------------------------------------------------------------------
# measuring
# ------------------------------------------------------------------------------


class Measure:
    """Wall time, SQL queries and time spent in SQL: odoo.sql_db.Cursor.execute counts
    both per thread in ``query_count`` / ``query_time`` (as for Odoo's profiler)."""

    def __init__(self, label, profile=None):
        self.label = label
        self.profile = profile
        self.seconds = self.sql_seconds = 0.0
        self.queries = 0
        self.profiler = None

    def __enter__(self):
        thread = threading.current_thread()
        thread.query_count = 0
        thread.query_time = 0.0
        if self.profile:
            self.profiler = cProfile.Profile()
            self.profiler.enable()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        if self.profiler:
            self.profiler.disable()
        thread = threading.current_thread()
        self.queries = thread.query_count
        self.sql_seconds = thread.query_time
        if self.profiler and exc[0] is None:
            self.profile.report(self.label, self.profiler)
        return False


class Profiles:
    def __init__(self, folder, top):
        self.folder = folder
        self.top = top
        self.texts = []

    def report(self, label, profiler):
        os.makedirs(self.folder, exist_ok=True)
        path = os.path.join(self.folder, f"bench_{label.replace(' ', '_')}.prof")
        profiler.dump_stats(path)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(self.top)
        stats.sort_stats("tottime").print_stats(self.top)
        self.texts.append((label, path, out.getvalue()))


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------
# common data (no demo data in the bench database)
# ------------------------------------------------------------------------------


def setup_common(env, n_partners=20):
    """The head of asset management, an area they manage, a building, its units and
    their customers; a helpdesk team using SLAs, with two SLAs."""
    group_user = env.ref("base.group_user")
    head = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nosubscribe=True)
        .create(
            {
                "name": "Bench Head",
                "login": "bench_head",
                "email": "bench.head@example.com",
                "groups_id": [
                    (6, 0, [group_user.id, env.ref("property_crm.group_manager").id])
                ],
            }
        )
    )
    env.company.property_crm_head_user_id = head
    area = env["property.crm.area"].create(
        {"name": "Bench Area", "manager_id": head.id}
    )
    building = env["property.crm.building"].create(
        {"name": "Bench Building", "area_id": area.id}
    )
    units = env["property.crm.unit"].create(
        [
            {"name": f"B-{i:03d}", "building_id": building.id, "floor": 1 + i // 4}
            for i in range(n_partners)
        ]
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench Customer {i:02d}",
                "customer_kind": "individual",
                "email": f"customer{i:02d}@example.com",
                "unit_ids": [(6, 0, [unit.id])],
            }
            for i, unit in enumerate(units)
        ]
    )
    category = env["property.crm.complaint.category"].search([], limit=1)

    calendar = env.company.resource_calendar_id
    team = env["helpdesk.ticket.team"].create(
        {
            "name": "Bench Team",
            "use_sla": True,
            "resource_calendar_id": calendar.id,
            "user_ids": [(6, 0, head.ids)],
        }
    )
    stage_in_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
    stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    slas = env["helpdesk.sla"].create(
        [
            {
                "name": "First response (4 h)",
                "team_ids": [(6, 0, team.ids)],
                "hours": 4,
                "stage_id": stage_in_progress.id,
            },
            {
                "name": "Resolution (2 days)",
                "team_ids": [(6, 0, team.ids)],
                "days": 2,
                "stage_id": stage_done.id,
            },
        ]
    )
    env.flush_all()
    return {
        "head": head,
        "area": area,
        "building": building,
        "units": units,
        "partners": partners,
        "category": category,
        "team": team,
        "slas": slas,
        "calendar": calendar,
    }


# ------------------------------------------------------------------------------
# part 1: creation
# ------------------------------------------------------------------------------


def complaint_vals(data, n, offset=0):
    partners, units, category = data["partners"], data["units"], data["category"]
    return [
        {
            "partner_id": partners[(offset + i) % len(partners)].id,
            "unit_id": units[(offset + i) % len(units)].id,
            "category_id": category.id,
            "channel": "phone",
            "description": f"<p>Complaint {offset + i}: the lift is out of order.</p>",
            "customer_demand": "Repair it today.",
        }
        for i in range(n)
    ]


def ticket_vals(data, n, offset=0):
    partners = data["partners"]
    return [
        {
            "name": f"Bench ticket {offset + i}",
            "partner_id": partners[(offset + i) % len(partners)].id,
            "team_id": data["team"].id,
            "description": f"<p>Ticket {offset + i}: the lift is out of order.</p>",
        }
        for i in range(n)
    ]


def create_batches(model, vals_list, batch):
    records = model.browse()
    batch = batch or len(vals_list)
    for start in range(0, len(vals_list), batch):
        records |= model.create(vals_list[start : start + batch])
    model.env.flush_all()
    return records


def bench_create(env, data, args, profiles):
    n = args.records
    complaints_model = env["property.crm.complaint"]
    tickets_model = env["helpdesk.ticket"]
    # warm-up: both code paths once (sequences, ORM caches), then an empty cache
    log("creation: warm-up")
    create_batches(complaints_model, complaint_vals(data, 20, offset=10**6), 0)
    create_batches(tickets_model, ticket_vals(data, 20, offset=10**6), 0)
    env.invalidate_all()

    results = {}
    for run in range(args.repeat):
        # each run but the last one rolled back; the fastest run of each model is kept
        with contextlib.ExitStack() as stack:
            if run < args.repeat - 1:
                stack.enter_context(contextlib.closing(env.cr.savepoint()))
            for key, model, vals in (
                ("ticket", tickets_model, ticket_vals(data, n)),
                ("complaint", complaints_model, complaint_vals(data, n)),
            ):
                log(f"creation: {n} {model._name} records (run {run + 1})")
                with Measure(f"create_{key}", profiles) as measure:
                    records = create_batches(model, vals, args.batch)
                assert len(records) == n
                env.invalidate_all()
                if key not in results or measure.seconds < results[key].seconds:
                    results[key] = measure
            env.invalidate_all()

    # sanity: what got created (the SLAs of the tickets, the clocks of the complaints)
    tickets = tickets_model.search(
        [("name", "=like", "Bench ticket %")], order="id desc", limit=n
    )
    ticket_slas = env["helpdesk.ticket.sla"].search_count(
        [("ticket_id", "in", tickets.ids)]
    )
    complaints = complaints_model.search(
        [("customer_demand", "=", "Repair it today.")], order="id desc", limit=n
    )
    checks = {
        "ticket SLA lines": ticket_slas,
        "complaints with feedback deadline": len(
            complaints.filtered("feedback_deadline")
        ),
        "complaints on track": len(
            complaints.filtered(lambda c: c.sla_status == "on_track")
        ),
    }
    return results, checks


# ------------------------------------------------------------------------------
# part 2: the watchdog
# ------------------------------------------------------------------------------


def create_template(env, data):
    """A complaint created by the ORM: the rows inserted in SQL copy its columns."""
    complaint = env["property.crm.complaint"].create(
        complaint_vals(data, 1, offset=2 * 10**6)
    )
    env.flush_all()
    return complaint


def drop_template(env, template):
    """The model row goes away: the counts are exactly the inserted rows."""
    for query in (
        "DELETE FROM mail_followers WHERE res_model = %s AND res_id = %s",
        "DELETE FROM mail_message WHERE model = %s AND res_id = %s",
        "DELETE FROM mail_activity WHERE res_model = %s AND res_id = %s",
    ):
        env.cr.execute(query, [template._name, template.id])
    env.cr.execute(f"DELETE FROM {template._table} WHERE id = %s", [template.id])
    env.invalidate_all()


def bulk_insert(env, template, data, count, kind, now):
    """Insert ``count`` copies of ``template`` (and of its followers) in one statement.

    open:     received within the last 12 h, every deadline in the future, on track
    feedback: received 36 h+ ago, no feedback yet: the 24 h feedback clock is due
    upgrade:  received 11 days+ ago, feedback given, still minor: the 10-day upgrade
              (to a major complaint, reason D) is due
    """
    if count <= 0:
        return 0
    cr = env.cr
    table = template._table
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    received = (
        "%(now)s::timestamp - "
        + {
            "open": "make_interval(mins => (g %% 720) + 1)",
            "feedback": "interval '36 hours' - make_interval(mins => g %% 2880)",
            "upgrade": "interval '11 days' - make_interval(mins => g %% 2880)",
        }[kind]
    )
    feedback_deadline = "r.received + interval '24 hours'"
    upgrade_deadline = "r.received + interval '10 days'"
    due_soon = {  # start + 80 % of each clock: min over the pending clocks
        "open": "r.received + interval '19.2 hours'",
        "feedback": "r.received + interval '19.2 hours'",
        "upgrade": "r.received + interval '8 days'",
    }[kind]
    overrides = {
        "name": "%(prefix)s || lpad(g::text, 6, '0')",
        "partner_id": "(%(partners)s::int[])[1 + g %% %(n_partners)s]",
        "unit_id": "(%(units)s::int[])[1 + g %% %(n_partners)s]",
        "received_at": "r.received",
        "create_date": "r.received",
        "write_date": "r.received",
        "state": "'new'",
        "severity": "'minor'",
        "feedback_deadline": feedback_deadline,
        "upgrade_deadline": upgrade_deadline,
        "feedback_at": "r.received + interval '2 hours'"
        if kind == "upgrade"
        else "NULL",
        "feedback_escalated": "false",
        "sla_deadline": upgrade_deadline if kind == "upgrade" else feedback_deadline,
        "sla_due_soon_at": due_soon,
        # a due complaint went through its due-soon run long ago
        "sla_status": "'on_track'" if kind == "open" else "'due_soon'",
    }
    select = ", ".join(overrides.get(col, f't."{col}"') for col in columns)
    query = f"""
        WITH new_rows AS (
            INSERT INTO {table} ({", ".join(f'"{col}"' for col in columns)})
            SELECT {select}
              FROM {table} t
             CROSS JOIN generate_series(1, %(count)s) g
             CROSS JOIN LATERAL (SELECT {received} AS received) r
             WHERE t.id = %(template)s
            RETURNING id
        ), followers AS (
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT %(model)s, new_rows.id, f.partner_id
              FROM new_rows, mail_followers f
             WHERE f.res_model = %(model)s AND f.res_id = %(template)s
            RETURNING id, partner_id
        ), subtypes AS (
            INSERT INTO mail_followers_mail_message_subtype_rel
                   (mail_followers_id, mail_message_subtype_id)
            SELECT followers.id, rel.mail_message_subtype_id
              FROM followers
              JOIN mail_followers f
                ON f.res_model = %(model)s AND f.res_id = %(template)s
               AND f.partner_id = followers.partner_id
              JOIN mail_followers_mail_message_subtype_rel rel
                ON rel.mail_followers_id = f.id
        )
        SELECT count(*) FROM new_rows
    """
    cr.execute(
        query,
        {
            "now": now,
            "count": count,
            "template": template.id,
            "model": template._name,
            "prefix": f"BENCH/{kind.upper()}/",
            "partners": data["partners"].ids,
            "units": data["units"].ids,
            "n_partners": len(data["partners"]),
        },
    )
    return cr.fetchone()[0]


def complaint_figures(env, now):
    env.cr.execute(
        """
        SELECT count(*) FILTER (WHERE state IN ('new', 'handling')),
               count(*) FILTER (WHERE state IN ('new', 'handling')
                                  AND sla_status = 'on_track'
                                  AND feedback_deadline > %(now)s
                                  AND upgrade_deadline > %(now)s),
               count(*) FILTER (WHERE feedback_escalated),
               count(*) FILTER (WHERE severity = 'major'
                                  AND major_reason = 'd_overdue'),
               count(*) FILTER (WHERE state IN ('new', 'handling') AND (
                   (upgrade_deadline <= %(now)s AND severity = 'minor')
                   OR (feedback_deadline <= %(now)s AND feedback_at IS NULL
                       AND feedback_escalated IS NOT TRUE)))
          FROM property_crm_complaint
        """,
        {"now": now},
    )
    keys = ("open", "open not due", "feedback escalated", "upgraded (D)", "still due")
    return dict(zip(keys, env.cr.fetchone(), strict=False))


def bench_watchdog_case(env, data, label, n_open, n_due, profiles):
    from odoo import fields

    now = fields.Datetime.now()
    n_upgrade = n_due // 5
    n_feedback = n_due - n_upgrade
    complaint_model = env["property.crm.complaint"]
    log(f"watchdog {label}: inserting {n_open} open not-due + {n_due} due complaints")
    template = create_template(env, data)
    t0 = time.perf_counter()
    inserted = bulk_insert(env, template, data, n_open, "open", now)
    inserted += bulk_insert(env, template, data, n_feedback, "feedback", now)
    inserted += bulk_insert(env, template, data, n_upgrade, "upgrade", now)
    drop_template(env, template)
    env.cr.execute("ANALYZE property_crm_complaint")
    env.cr.execute("ANALYZE mail_followers")
    insert_seconds = time.perf_counter() - t0
    env.invalidate_all()
    before = complaint_figures(env, now)
    log(
        f"watchdog {label}: {inserted} rows in {insert_seconds:.1f} s; before: {before}"
    )

    # one call per batch: ir.cron re-runs the job while it notifies remaining work
    calls = []
    with Measure(f"watchdog_{label}", profiles) as measure:
        while True:
            q0 = threading.current_thread().query_count
            t_call = time.perf_counter()
            done = complaint_model._cron_sla_watchdog()
            env.flush_all()
            env.invalidate_all()  # a cron run is a new transaction with an empty cache
            calls.append(
                (
                    done,
                    time.perf_counter() - t_call,
                    threading.current_thread().query_count - q0,
                )
            )
            if not done or len(calls) > 1000:
                break
    after = complaint_figures(env, now)
    log(
        f"watchdog {label}: {measure.seconds:.2f} s, {len(calls)} calls; after: {after}"
    )
    return {
        "label": label,
        "n_open": before["open"],
        "n_not_due": before["open not due"],
        "n_due": before["still due"],
        "n_feedback": n_feedback,
        "n_upgrade": n_upgrade,
        "measure": measure,
        "calls": calls,
        "before": before,
        "after": after,
    }


def bench_watchdog(env, data, args, profiles):
    results = []
    for label, n_open in (("small", args.small_open), ("large", args.large_open)):
        best = None
        for run in range(args.repeat):
            log(f"watchdog {label}: run {run + 1}")
            with contextlib.closing(env.cr.savepoint()):
                res = bench_watchdog_case(env, data, label, n_open, args.due, profiles)
            env.invalidate_all()
            if best is None or res["measure"].seconds < best["measure"].seconds:
                best = res
        results.append(best)
    return results


# ------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------


def table(headers, rows):
    widths = [
        max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)
    ]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    fmt = (
        "|"
        + "|".join(
            " {:" + ("<" if i == 0 else ">") + str(w) + "} "
            for i, w in enumerate(widths)
        )
        + "|"
    )
    out = [line, fmt.format(*headers), line]
    out += [fmt.format(*row) for row in rows]
    out.append(line)
    return "\n".join(out)


def report_create(results, checks, args):
    n = args.records
    t, c = results["ticket"], results["complaint"]
    rows = []
    for name, m in (("helpdesk.ticket (+ 2 SLAs)", t), ("property.crm.complaint", c)):
        rows.append(
            (
                name,
                n,
                f"{m.seconds:.2f}",
                f"{n / m.seconds:.0f}",
                m.queries,
                f"{m.queries / n:.2f}",
                f"{m.sql_seconds:.2f}",
                f"{100 * m.sql_seconds / m.seconds:.0f}%",
            )
        )
    rows.append(
        (
            "ratio complaint / ticket",
            "",
            f"{c.seconds / t.seconds:.2f}",
            f"{t.seconds / c.seconds:.2f}",
            "",
            f"{c.queries / t.queries:.2f}",
            f"{c.sql_seconds / t.sql_seconds:.2f}" if t.sql_seconds else "",
            "",
        )
    )
    print()
    per_call = args.batch or "all records"
    print(f"1. Batch creation ({per_call} per create() call, flush included)")
    print(
        table(
            (
                "model",
                "records",
                "seconds",
                "records/s",
                "queries",
                "queries/record",
                "SQL s",
                "SQL share",
            ),
            rows,
        )
    )
    verdict = (
        "complaints are FASTER" if c.seconds <= t.seconds else "complaints are SLOWER"
    )
    print(
        f"   -> {verdict}: {n / c.seconds:.0f} vs {n / t.seconds:.0f} records/s "
        f"(x{t.seconds / c.seconds:.2f}); "
        f"{c.queries / n:.2f} vs {t.queries / n:.2f} queries/record"
    )
    print(
        "   checks: " + ", ".join(f"{key} = {value}" for key, value in checks.items())
    )


def report_watchdog(results):
    rows = []
    for res in results:
        m = res["measure"]
        calls = res["calls"]
        work_calls = [call for call in calls if call[0]]
        rows.append(
            (
                res["label"],
                res["n_open"],
                res["n_not_due"],
                res["n_due"],
                f"{m.seconds:.2f}",
                f"{1000 * m.seconds / max(res['n_due'], 1):.1f}",
                len(calls),
                m.queries,
                f"{m.queries / len(calls):.0f}",
                f"{sum(c[2] for c in work_calls) / max(len(work_calls), 1):.0f}",
                f"{m.sql_seconds:.2f}",
            )
        )
    small, large = results
    ratio = large["measure"].seconds / small["measure"].seconds
    rows.append(
        (
            "ratio large / small",
            "",
            "",
            "",
            f"{ratio:.2f}",
            "",
            "",
            f"{large['measure'].queries / small['measure'].queries:.2f}",
            "",
            "",
            f"{large['measure'].sql_seconds / small['measure'].sql_seconds:.2f}",
        )
    )
    print()
    print(
        "2. SLA watchdog: _cron_sla_watchdog() called until it does nothing "
        "(one call = one batch)"
    )
    print(
        table(
            (
                "case",
                "open",
                "open, not due",
                "due",
                "seconds",
                "ms/due",
                "calls",
                "queries",
                "queries/call",
                "queries/batch",
                "SQL s",
            ),
            rows,
        )
    )
    print(
        f"   -> time ratio large / small = {ratio:.2f} (target <= {WATCHDOG_TARGET}): "
        + ("OK" if ratio <= WATCHDOG_TARGET else "ABOVE TARGET")
    )
    for res in results:
        per_call = ", ".join(
            f"({done}, {sec:.2f}, {queries})" for done, sec, queries in res["calls"]
        )
        print(
            f"   {res['label']}: due = {res['n_feedback']} feedback (24 h) + "
            f"{res['n_upgrade']} upgrade (10 days); "
            f"per call (done, s, queries): {per_call}"
        )
        print(f"   {res['label']} after: {res['after']}")


# ------------------------------------------------------------------------------


def main(argv=None):
    args = parse_args(argv)
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    profiles = (
        Profiles(os.path.join(repo, ".cache"), args.profile_top)
        if args.profile
        else None
    )

    with registry.cursor() as cr:
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            missing = [
                m
                for m in ("property.crm.complaint", "helpdesk.ticket.sla")
                if m not in env
            ]
            if missing:
                sys.exit(
                    f"database {args.database} lacks {missing}: "
                    "install property_crm and helpdesk_mgmt_sla"
                )
            t0 = time.perf_counter()
            data = setup_common(env)
            created = watchdog = None
            if not args.skip_create:
                with contextlib.closing(cr.savepoint()):
                    created = bench_create(env, data, args, profiles)
                env.invalidate_all()
            if not args.skip_watchdog:
                watchdog = bench_watchdog(env, data, args, profiles)
            total = time.perf_counter() - t0
        finally:
            cr.rollback()  # the benchmark leaves nothing behind

    print()
    print(
        f"property_crm benchmark on database {args.database} "
        f"(Odoo {odoo.release.version}, {os.cpu_count()} CPU); "
        f"{args.repeat} run(s) per measure, the fastest shown"
    )
    if created:
        report_create(*created, args)
    if watchdog:
        report_watchdog(watchdog)
    print()
    print(
        f"total {total:.0f} s (setup and bulk inserts included); everything rolled back"
    )
    if profiles:
        for label, path, text in profiles.texts:
            print()
            print("=" * 30, f"profile of {label} ({path})", "=" * 30)
            print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
