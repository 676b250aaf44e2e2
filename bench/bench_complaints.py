#!/usr/bin/env python3
"""Benchmark of property_crm complaints and clocks (it measures, never fails).

1. Creation: N complaints (property.crm.complaint, which start their clock lines)
   against N tickets of OCA helpdesk_mgmt + helpdesk_mgmt_sla (a team using SLAs, two
   SLAs), on the same database in the same run: records/s, queries per record.
2. Escalations: 1,000 complaints whose 24 h feedback line is past due (copies in SQL
   of an ORM-created complaint and its clock lines); the watchdog
   (``property.crm.clock._cron_watchdog``) escalates them in batches: seconds and
   queries per escalation (target <= 8), next to the naive way (one
   ``activity_schedule`` + ``message_post`` per record).
3. Watchdog: the same due lines among few and among 100,000 open, not-yet-due
   complaints (with their lines): time ratio large / small (target <= 1.5).
4. Reports at 1,000,000 complaints with their clock lines (made in SQL over 24
   months, 2 areas): a pivot (read_group) of the complaint report for one month by
   area and the ZC-QR-029 monthly record of one area (target < 1 s each), with the
   EXPLAIN ANALYZE of the report's SQL.

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

ESCALATION_QUERY_TARGET = 8
WATCHDOG_TARGET = 1.5
REPORT_TARGET = 1.0  # seconds
QUICK = {
    "records": 200,
    "due": 200,
    "large_open": 5000,
    "naive": 50,
    "reports_size": 20000,
    "reports_customers": 200,
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("-c", "--config", required=True, help="Odoo configuration file")
    add(
        "-d",
        "--database",
        required=True,
        help="database with property_crm and helpdesk_mgmt_sla",
    )
    add("--records", type=int, default=2000, help="part 1: records per model (2000)")
    add("--batch", type=int, default=0, help="part 1: records per create() (all)")
    add("--due", type=int, default=1000, help="parts 2-3: breached lines (1000)")
    add(
        "--naive",
        type=int,
        default=1000,
        help="part 2: records escalated the naive way (default 1000, 0: skip)",
    )
    add(
        "--small-open",
        type=int,
        default=0,
        help="part 3: open not-due complaints besides the due ones, small case (0)",
    )
    add(
        "--large-open",
        type=int,
        default=100000,
        help="part 3: open not-due complaints besides the due ones, large (1e5)",
    )
    add(
        "--reports-size",
        type=int,
        default=1000000,
        help="part 4: complaints made in SQL (default 1,000,000)",
    )
    add("--reports-months", type=int, default=24, help="part 4: months spread (24)")
    add(
        "--reports-timeout",
        type=float,
        default=300,
        help="part 4: statement timeout of each measured call, seconds (300)",
    )
    add(
        "--reports-customers",
        type=int,
        default=2000,
        help="part 4: customers (and units) the complaints are spread over (2000)",
    )
    add(
        "--quick",
        action="store_true",
        help="smoke run: small sizes ("
        + ", ".join(f"{k}={v}" for k, v in QUICK.items())
        + ")",
    )
    add(
        "--repeat",
        type=int,
        default=1,
        help="runs of each measure, the fastest one reported (default 1)",
    )
    add("--skip-create", action="store_true", help="skip part 1 (creation)")
    add("--skip-escalations", action="store_true", help="skip part 2 (escalations)")
    add("--skip-watchdog", action="store_true", help="skip part 3 (watchdog)")
    add("--skip-reports", action="store_true", help="skip part 4 (reports)")
    add(
        "--no-diagnose",
        action="store_true",
        help="part 4: no diagnosis (re-timing with candidate indexes)",
    )
    add(
        "--profile",
        action="store_true",
        help="cProfile each measured phase: top functions printed, .prof in .cache/",
    )
    add("--profile-top", type=int, default=25, help="functions shown per profile")
    args = parser.parse_args(argv)
    if args.quick:
        for key, value in QUICK.items():
            if getattr(args, key) == parser.get_default(key):
                setattr(args, key, value)
    return args


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
    # customer notices (mail/SMS per state) are measured apart: off, as OCA helpdesk's
    # own new-ticket mail is off in the peer
    env.company.property_crm_customer_notice = "none"
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
        "complaint clock lines": env["property.crm.clock"].search_count(
            [("res_model", "=", complaints._name), ("res_id", "in", complaints.ids)]
        ),
        "complaints with feedback deadline": len(
            complaints.filtered("feedback_deadline")
        ),
        "complaints on track": len(
            complaints.filtered(lambda c: c.sla_status == "on_track")
        ),
    }
    return results, checks


# ------------------------------------------------------------------------------
# bulk data: SQL copies of an ORM-created complaint and of its clock lines
# ------------------------------------------------------------------------------

COMPLAINT = "property.crm.complaint"


def create_template(env, data):
    """A complaint created by the ORM (with its clock lines and followers): the rows
    inserted in SQL copy its columns."""
    complaint = env[COMPLAINT].create(complaint_vals(data, 1, offset=2 * 10**6))
    env.flush_all()
    return complaint


def drop_template(env, template):
    """The template goes away: the counts are exactly the inserted rows."""
    for query in (
        "DELETE FROM mail_followers WHERE res_model = %s AND res_id = %s",
        "DELETE FROM mail_message WHERE model = %s AND res_id = %s",
        "DELETE FROM mail_activity WHERE res_model = %s AND res_id = %s",
        "DELETE FROM property_crm_clock WHERE res_model = %s AND res_id = %s",
    ):
        env.cr.execute(query, [template._name, template.id])
    env.cr.execute(f"DELETE FROM {template._table} WHERE id = %s", [template.id])
    env.invalidate_all()


def table_columns(cr, table):
    """[(column, is_timestamp)] of ``table`` but id."""
    cr.execute(
        "SELECT column_name, data_type LIKE 'timestamp%%'"
        " FROM information_schema.columns"
        " WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
        [table],
    )
    return cr.fetchall()


def bulk_copy(env, template, data, count, kind, now):
    """Insert ``count`` copies of ``template``, of its clock lines and of its
    followers, in one statement. Every timestamp of a copy and of its lines
    (received_at, deadlines, next_check_at…) is the template's shifted by the same
    interval: the copy is what the ORM would have made at that receipt time.

    open: received within the last 12 h: every line's next check is in the future
    due:  received 36 h+ ago, no feedback: the 24 h feedback line is past due (the
          next escalation level, 24 h after the deadline, is not due yet)
    """
    if count <= 0:
        return 0
    cr = env.cr
    received = {
        "open": "%(now)s::timestamp - make_interval(mins => (g %% 720) + 1)",
        "due": "%(now)s::timestamp - interval '36 hours'"
        " - make_interval(mins => g %% 600)",
    }[kind]
    complaint_overrides = {
        "name": "%(prefix)s || lpad(g::text, 7, '0')",
        "partner_id": "(%(partners)s::int[])[1 + g %% %(n_partners)s]",
        "unit_id": "(%(units)s::int[])[1 + g %% %(n_partners)s]",
    }
    cols = table_columns(cr, template._table)
    select = ", ".join(
        complaint_overrides.get(col)
        or (f't."{col}" + r.shift' if is_ts else f't."{col}"')
        for col, is_ts in cols
    )
    line_cols = table_columns(cr, "property_crm_clock")
    line_overrides = {"res_id": "n.id"}
    line_select = ", ".join(
        line_overrides.get(col) or (f'l."{col}" + n.shift' if is_ts else f'l."{col}"')
        for col, is_ts in line_cols
    )
    line_names = ", ".join(f'"{c}"' for c, _ts in line_cols)
    query = f"""
        WITH new_rows AS (
            INSERT INTO {template._table} ({", ".join(f'"{c}"' for c, _ts in cols)})
            SELECT {select}
              FROM {template._table} t
             CROSS JOIN generate_series(1, %(count)s) g
             CROSS JOIN LATERAL (SELECT ({received}) - t.received_at AS shift) r
             WHERE t.id = %(template)s
            RETURNING id, received_at
        ), shifted AS (
            SELECT n.id, n.received_at - t.received_at AS shift
              FROM new_rows n, {template._table} t
             WHERE t.id = %(template)s
        ), lines AS (
            INSERT INTO property_crm_clock ({line_names})
            SELECT {line_select}
              FROM shifted n, property_crm_clock l
             WHERE l.res_model = %(model)s AND l.res_id = %(template)s
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
        SELECT (SELECT count(*) FROM new_rows), (SELECT count(*) FROM lines)
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
    return cr.fetchone()


def make_clock_data(env, data, n_open, n_due, label):
    from odoo import fields

    now = fields.Datetime.now()
    log(f"{label}: inserting {n_open} open not-due + {n_due} due complaints in SQL")
    template = create_template(env, data)
    t0 = time.perf_counter()
    rows = [bulk_copy(env, template, data, n_open, "open", now)]
    rows.append(bulk_copy(env, template, data, n_due, "due", now))
    drop_template(env, template)
    for table in ("property_crm_complaint", "property_crm_clock", "mail_followers"):
        env.cr.execute(f"ANALYZE {table}")
    seconds = time.perf_counter() - t0
    env.invalidate_all()
    before = clock_figures(env, fields.Datetime.now())
    log(f"{label}: {rows} (complaints, lines) in {seconds:.1f} s; before: {before}")
    return before


def clock_figures(env, now):
    env.cr.execute(
        """
        SELECT count(DISTINCT res_id) FILTER (WHERE state IN ('running', 'paused')),
               count(*) FILTER (WHERE next_check_at > %(now)s),
               count(*) FILTER (WHERE next_check_at <= %(now)s),
               count(*) FILTER (WHERE breached),
               count(*) FILTER (WHERE escalated_at IS NOT NULL)
          FROM property_crm_clock WHERE res_model = %(model)s
        """,
        {"now": now, "model": COMPLAINT},
    )
    keys = ("open complaints", "lines not due", "lines due", "breached", "escalated")
    figures = dict(zip(keys, env.cr.fetchone(), strict=True))
    env.cr.execute(
        "SELECT (SELECT count(*) FROM mail_activity WHERE res_model = %(model)s),"
        " (SELECT count(*) FROM mail_message"
        "   WHERE model = %(model)s AND subtype_id = %(subtype)s)",
        {"model": COMPLAINT, "subtype": env.ref("property_crm.mt_escalation").id},
    )
    figures["activities"], figures["escalation notes"] = env.cr.fetchone()
    return figures


def run_watchdog(env, label, profiles):
    """``_cron_watchdog()`` called until it has nothing left (one call = one batch,
    as ir.cron re-runs the job while it reports remaining work)."""
    clock = env["property.crm.clock"]
    calls = []
    with Measure(label, profiles) as measure:
        while True:
            q0 = threading.current_thread().query_count
            t_call = time.perf_counter()
            done = clock._cron_watchdog()
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
    return measure, calls


# ------------------------------------------------------------------------------
# part 2: escalations, batched (the watchdog) and naive
# ------------------------------------------------------------------------------


def escalate_naive(env, now):
    """What the old per-model watchdog did: per breached line, a write, one
    ``activity_schedule`` and one ``message_post`` on its record."""
    clock = env["property.crm.clock"]
    lines = clock.search([("next_check_at", "<=", now)])
    activity_type = env.ref("property_crm.mail_activity_type_escalation")
    for line in lines:
        record = env[line.res_model].browse(line.res_id)
        line.write(
            {
                "state": "breached",
                "breached": True,
                "due_soon": True,
                "escalated_at": now,
                "escalation_level": 1,
            }
        )
        users = record._clock_recipients(line.type_id.escalate_to)
        for user in users:
            summary, body = line._message(record, "breach", user.lang)
            record.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=body,
                user_id=user.id,
                date_deadline=line._local_date(now, user),
            )
        record.message_post(
            body=line._message(record, "breach", env.lang)[1],
            subtype_xmlid="property_crm.mt_escalation",
            message_type="notification",
        )
        env.flush_all()
    return len(lines)


def bench_escalations(env, data, args, profiles):
    from odoo import fields

    results = {}
    for key in ("batched", "naive"):
        if key == "naive" and not args.naive:
            continue
        n_due = args.due if key == "batched" else args.naive
        for run in range(args.repeat):
            with contextlib.closing(env.cr.savepoint()):
                make_clock_data(env, data, 0, n_due, f"escalations {key}")
                log(f"escalations {key}: {n_due} breaches (run {run + 1})")
                if key == "batched":
                    measure, calls = run_watchdog(env, "escalate_batched", profiles)
                else:
                    with Measure("escalate_naive", profiles) as measure:
                        escalate_naive(env, fields.Datetime.now())
                    calls = []
                env.invalidate_all()
                after = clock_figures(env, fields.Datetime.now())
            env.invalidate_all()
            log(f"escalations {key}: {measure.seconds:.2f} s; after: {after}")
            if key not in results or measure.seconds < results[key][0].seconds:
                results[key] = (measure, calls, after, n_due)
    return results


def report_escalations(results):
    rows = []
    for key, label in (
        ("batched", "watchdog, batched"),
        ("naive", "naive (1 activity_schedule + message_post each)"),
    ):
        if key not in results:
            continue
        m, calls, after, _n_due = results[key]
        escalations = max(after["escalated"], 1)
        rows.append(
            (
                label,
                after["escalated"],
                after["activities"],
                after["escalation notes"],
                f"{m.seconds:.2f}",
                f"{1000 * m.seconds / escalations:.2f}",
                m.queries,
                f"{m.queries / escalations:.2f}",
                f"{m.sql_seconds:.2f}",
            )
        )
    batched = results.get("batched")
    naive = results.get("naive")
    if batched and naive:
        b_esc = max(batched[2]["escalated"], 1)
        n_esc = max(naive[2]["escalated"], 1)
        b_ms, n_ms = batched[0].seconds / b_esc, naive[0].seconds / n_esc
        b_q, n_q = batched[0].queries / b_esc, naive[0].queries / n_esc
        rows.append(
            (
                "ratio naive / batched",
                "",
                "",
                "",
                "",
                f"{n_ms / b_ms:.2f}",
                "",
                f"{n_q / b_q:.2f}",
                "",
            )
        )
    print()
    print(
        "2. Escalations: complaints whose 24 h feedback line is past due "
        "(activity for the area manager + chatter note each)"
    )
    print(
        table(
            (
                "way",
                "escalated",
                "activities",
                "notes",
                "seconds",
                "ms/escalation",
                "queries",
                "queries/escalation",
                "SQL s",
            ),
            rows,
        )
    )
    if batched:
        m, calls, after, n_due = batched
        per_escalation = m.queries / max(after["escalated"], 1)
        met = per_escalation <= ESCALATION_QUERY_TARGET
        print(
            f"   -> watchdog: {per_escalation:.2f} queries per escalation "
            f"(target <= {ESCALATION_QUERY_TARGET}): "
            + ("MET" if met else "NOT MET")
            + f"; {after['escalated']} of {n_due} breaches escalated"
            + f" in {len(calls)} calls"
        )
        per_call = ", ".join(f"({d}, {s:.2f}, {q})" for d, s, q in calls)
        print(f"   per call (lines done, s, queries): {per_call}")


# ------------------------------------------------------------------------------
# part 3: the watchdog with few and many open complaints
# ------------------------------------------------------------------------------


def bench_watchdog(env, data, args, profiles):
    from odoo import fields

    results = []
    for label, n_open in (("small", args.small_open), ("large", args.large_open)):
        best = None
        for run in range(args.repeat):
            with contextlib.closing(env.cr.savepoint()):
                before = make_clock_data(
                    env, data, n_open, args.due, f"watchdog {label}"
                )
                log(f"watchdog {label}: run {run + 1}")
                measure, calls = run_watchdog(env, f"watchdog_{label}", profiles)
                after = clock_figures(env, fields.Datetime.now())
            env.invalidate_all()
            log(f"watchdog {label}: {measure.seconds:.2f} s, {len(calls)} calls")
            res = {
                "label": label,
                "n_open": before["open complaints"],
                "n_not_due": n_open,
                "n_due": before["lines due"],
                "measure": measure,
                "calls": calls,
                "after": after,
            }
            if best is None or measure.seconds < best["measure"].seconds:
                best = res
        results.append(best)
    return results


def report_watchdog(results):
    rows = []
    for res in results:
        m = res["measure"]
        calls = res["calls"]
        rows.append(
            (
                res["label"],
                res["n_open"],
                res["n_not_due"],
                res["n_due"],
                f"{m.seconds:.2f}",
                f"{1000 * m.seconds / max(res['n_due'], 1):.2f}",
                len(calls),
                m.queries,
                f"{m.sql_seconds:.2f}",
            )
        )
    small, large = results
    ratio = large["measure"].seconds / small["measure"].seconds
    small_sql = max(small["measure"].sql_seconds, 1e-9)
    rows.append(
        (
            "ratio large / small",
            "",
            "",
            "",
            f"{ratio:.2f}",
            "",
            "",
            f"{large['measure'].queries / max(small['measure'].queries, 1):.2f}",
            f"{large['measure'].sql_seconds / small_sql:.2f}",
        )
    )
    print()
    print(
        "3. Watchdog: the same due lines among few and many open, not-yet-due "
        "complaints; _cron_watchdog() called until it does nothing"
    )
    print(
        table(
            (
                "case",
                "open complaints",
                "not due",
                "lines due",
                "seconds",
                "ms/due",
                "calls",
                "queries",
                "SQL s",
            ),
            rows,
        )
    )
    print(
        f"   -> time ratio large / small = {ratio:.2f} (target <= {WATCHDOG_TARGET}): "
        + ("MET" if ratio <= WATCHDOG_TARGET else "NOT MET")
    )
    for res in results:
        per_call = ", ".join(f"({d}, {s:.2f}, {q})" for d, s, q in res["calls"])
        print(f"   {res['label']}: per call (lines done, s, queries): {per_call}")
        print(f"   {res['label']} after: {res['after']}")


# ------------------------------------------------------------------------------
# part 4: reports at 1,000,000 complaints
# ------------------------------------------------------------------------------

CHANNELS = ["phone", "hotline", "email", "portal", "wechat", "qq", "walk_in", "letter"]


@contextlib.contextmanager
def query_log():
    """[(seconds, code, params)] of every query run meanwhile."""
    from odoo import sql_db
    from odoo.tools import SQL

    original = sql_db.Cursor.execute
    queries = []

    def execute(self, query, params=None, log_exceptions=True):
        start = time.perf_counter()
        try:
            return original(self, query, params, log_exceptions)
        finally:
            code, prm = (
                (query.code, query.params)
                if isinstance(query, SQL)
                else (query, params)
            )
            queries.append((time.perf_counter() - start, code, prm))

    sql_db.Cursor.execute = execute
    try:
        yield queries
    finally:
        sql_db.Cursor.execute = original


def explain(env, code, params):
    env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + code, params or None)
    return [row[0] for row in env.cr.fetchall()]


def report_customers(env, data, n):
    """A second area (2 areas in all), a building in each, ``n`` units and their
    customers spread over both (ORM)."""
    area2 = env["property.crm.area"].create(
        {"name": "Bench Area 2", "manager_id": data["head"].id}
    )
    building2 = env["property.crm.building"].create(
        {"name": "Bench Building 2", "area_id": area2.id}
    )
    buildings = [data["building"], building2]
    units = env["property.crm.unit"].create(
        [
            {
                "name": f"R-{i:05d}",
                "building_id": buildings[i % 2].id,
                "floor": 1 + (i // 2) % 30,
            }
            for i in range(n)
        ]
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Report Customer {i:05d}",
                "customer_kind": "individual",
                "unit_ids": [(6, 0, [unit.id])],
            }
            for i, unit in enumerate(units)
        ]
    )
    env.flush_all()
    return [data["area"], area2], units, partners


def make_report_data(env, data, args, now):
    """``count`` complaints received over ``months`` months, spread over the
    customers and both areas, and their clock lines: one INSERT … SELECT per table,
    then ANALYZE. Older than 7 days (and every major one): closed; 1 in 20 major
    (report and resolution lines), 1 in 25 unreasonable (no lines); feedback after
    1–30 h (late after 24 h), reports after 1–14 min, major resolutions after 2–15 h.
    """
    from dateutil.relativedelta import relativedelta

    cr = env.cr
    t0 = time.perf_counter()
    areas, units, partners = report_customers(env, data, args.reports_customers)
    t_customers = time.perf_counter() - t0
    template = create_template(env, data)
    month0 = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    start = month0 - relativedelta(months=args.reports_months - 1)
    x = {
        "received": "x.received",
        "major": "(g %% 20 = 0)",
        "valid": "(g %% 25 != 1)",
    }
    closed = f"(x.received < %(now)s::timestamp - interval '7 days' OR {x['major']})"
    feedback_at = "CASE WHEN x.received + x.fh <= %(now)s THEN x.received + x.fh END"
    fb_deadline = f"CASE WHEN {x['valid']} THEN x.received + interval '24 hours' END"
    fb_late = (
        f"({x['valid']} AND (x.fh > interval '24 hours'"
        " AND x.received + interval '24 hours' <= %(now)s))"
    )
    resolved = (
        f"CASE WHEN {x['major']} THEN x.received + x.rh"
        f" WHEN {closed} THEN LEAST(x.received + x.rd, %(now)s::timestamp"
        " - interval '1 hour') END"
    )
    reported = f"CASE WHEN {x['major']} THEN x.received + x.rm END"
    overrides = {
        "name": "'BENCH/R/' || lpad(g::text, 7, '0')",
        "partner_id": "(%(partners)s::int[])[1 + x.k]",
        "unit_id": "(%(units)s::int[])[1 + x.k]",
        "building_id": "(%(buildings)s::int[])[1 + x.k]",
        "area_id": "(%(areas)s::int[])[1 + x.k]",
        "channel": "(%(channels)s::varchar[])[1 + g %% %(n_channels)s]",
        "received_at": "x.received",
        "create_date": "x.received",
        "write_date": "x.received",
        "state": f"CASE WHEN {closed} THEN 'closed' ELSE 'handling' END",
        "severity": f"CASE WHEN {x['major']} THEN 'major' ELSE 'minor' END",
        "major_reason": f"CASE WHEN {x['major']} THEN 'a_contract' END",
        "major_since": f"CASE WHEN {x['major']} THEN x.received END",
        "validity": f"CASE WHEN {x['valid']} THEN 'valid' ELSE 'unreasonable' END",
        "is_group_complaint": "(g %% 100 = 7)",
        "feedback_at": feedback_at,
        "feedback_deadline": fb_deadline,
        "feedback_escalated": fb_late,
        "feedback_breached": fb_late,
        "feedback_sla": f"CASE WHEN NOT {x['valid']} THEN NULL WHEN {fb_late}"
        f" THEN 'breached' WHEN {closed} OR ({feedback_at}) IS NOT NULL THEN 'done'"
        " ELSE 'on_track' END",
        "reported_at": reported,
        "reported_by_id": f"CASE WHEN {x['major']} THEN t.received_by_id END",
        "report_deadline": f"CASE WHEN {x['major']} THEN x.received"
        " + interval '10 minutes' END",
        "report_breached": f"({x['major']} AND x.rm > interval '10 minutes')",
        "report_sla": f"CASE WHEN {x['major']} THEN CASE WHEN x.rm > interval"
        " '10 minutes' THEN 'breached' ELSE 'done' END END",
        "resolve_deadline": f"CASE WHEN {x['major']} THEN x.received"
        " + interval '12 hours' END",
        "resolve_escalated": f"({x['major']} AND x.rh > interval '12 hours')",
        "resolve_breached": f"({x['major']} AND x.rh > interval '12 hours')",
        "resolve_sla": f"CASE WHEN {x['major']} THEN CASE WHEN x.rh > interval"
        " '12 hours' THEN 'breached' ELSE 'done' END END",
        "upgrade_deadline": f"CASE WHEN {x['valid']} AND NOT {closed}"
        " THEN x.received + interval '10 days' END",
        "resolved_at": resolved,
        "closed_at": f"CASE WHEN {closed} THEN ({resolved}) + interval '30 minutes'"
        " END",
        "sla_deadline": f"CASE WHEN NOT {closed} AND {x['valid']} THEN"
        f" CASE WHEN ({feedback_at}) IS NULL AND NOT {fb_late}"
        " THEN x.received + interval '24 hours'"
        " ELSE x.received + interval '10 days' END END",
        "sla_status": f"CASE WHEN NOT {x['valid']} THEN NULL WHEN {closed}"
        f" THEN 'done' WHEN {fb_late} THEN 'breached' ELSE 'on_track' END",
    }
    cols = table_columns(cr, template._table)
    select = ", ".join(overrides.get(col, f't."{col}"') for col, _ts in cols)
    params = {
        "now": now,
        "start": start,
        "span": month0 + relativedelta(months=1) - start,
        "count": args.reports_size,
        "n": len(units),
        "template": template.id,
        "partners": [p.id for p in partners],
        "units": units.ids,
        "buildings": [u.building_id.id for u in units],
        "areas": [u.building_id.area_id.id for u in units],
        "channels": CHANNELS,
        "n_channels": len(CHANNELS),
    }
    log(f"reports: inserting {args.reports_size} complaints in SQL")
    t1 = time.perf_counter()
    cr.execute(
        f"""
        INSERT INTO {template._table} ({", ".join(f'"{c}"' for c, _ts in cols)})
        SELECT {select}
          FROM {template._table} t
         CROSS JOIN generate_series(1, %(count)s) g
         CROSS JOIN LATERAL (
             SELECT LEAST(%(start)s::timestamp
                          + ((g - 1)::float8 / %(count)s) * %(span)s::interval,
                          %(now)s::timestamp - interval '1 minute') AS received,
                    ((g::bigint * 7919) %% %(n)s)::int AS k,
                    make_interval(hours => 1 + (g * 37) %% 30) AS fh,
                    make_interval(mins => 1 + (g * 11) %% 14) AS rm,
                    make_interval(hours => 2 + (g * 13) %% 14) AS rh,
                    make_interval(days => 1 + (g * 17) %% 9) AS rd
         ) x
         WHERE t.id = %(template)s
        """,
        params,
    )
    # the repeat flag the complaint stores when it is received (_compute_is_repeat)
    cr.execute(
        f"""
        UPDATE {template._table} c
           SET is_repeat = EXISTS (
                   SELECT 1 FROM {template._table} prev
                    WHERE prev.partner_id = c.partner_id AND prev.id != c.id
                      AND prev.state != 'cancelled'
                      AND prev.received_at < c.received_at
                      AND prev.received_at >= c.received_at - interval '90 days')
               OR EXISTS (
                   SELECT 1 FROM {template._table} prev
                    WHERE prev.unit_id = c.unit_id AND prev.id != c.id
                      AND prev.state != 'cancelled'
                      AND prev.received_at < c.received_at
                      AND prev.received_at >= c.received_at - interval '90 days')
         WHERE c.name LIKE 'BENCH/R/%%'
        """
    )
    t_complaints = time.perf_counter() - t1
    drop_template(env, template)
    log(f"reports: complaints in {t_complaints:.0f} s; inserting their clock lines")
    t2 = time.perf_counter()
    cr.execute(
        """
        INSERT INTO property_crm_clock (
            type_id, code, res_model, res_id, company_id, started_at, deadline,
            stopped_at, state, breached, due_soon, warned_at, escalated_at,
            escalation_level, next_check_at, paused_hours,
            create_uid, create_date, write_uid, write_date)
        SELECT ct.id, ct.code, 'property.crm.complaint', c.id, c.company_id,
               v.started, v.deadline, v.stopped,
               CASE WHEN v.stopped IS NULL AND NOT v.breached THEN 'running'
                    WHEN v.breached THEN 'breached' ELSE 'met' END,
               v.breached,
               v.breached OR v.stopped IS NOT NULL
                   OR v.started + (v.deadline - v.started) * 0.8 <= %(now)s,
               CASE WHEN ct.warning_hours > 0 AND v.stopped IS NULL
                     AND v.deadline - make_interval(hours => ct.warning_hours::int)
                         <= %(now)s
                    THEN v.deadline - make_interval(hours => ct.warning_hours::int)
               END,
               CASE WHEN v.breached THEN v.deadline END,
               CASE WHEN v.breached THEN 1 ELSE 0 END,
               CASE WHEN v.stopped IS NOT NULL THEN NULL
                    WHEN v.breached THEN v.deadline + interval '24 hours'
                    ELSE COALESCE((SELECT min(m) FROM unnest(ARRAY[
                        v.deadline,
                        v.started + (v.deadline - v.started) * 0.8,
                        v.deadline - make_interval(hours => ct.warning_hours::int)
                    ]) m WHERE m > %(now)s), v.deadline)
               END,
               0, 1, c.received_at, 1, c.received_at
          FROM property_crm_complaint c
          JOIN property_crm_clock_type ct
            ON ct.res_model = 'property.crm.complaint'
           AND (ct.code IN ('complaint_feedback', 'complaint_upgrade')
                OR (c.severity = 'major'
                    AND ct.code IN ('complaint_report', 'complaint_resolve')))
         CROSS JOIN LATERAL (
             SELECT CASE ct.code
                        WHEN 'complaint_feedback' THEN c.received_at
                        WHEN 'complaint_upgrade' THEN c.received_at
                        ELSE c.major_since END AS started,
                    CASE ct.code
                        WHEN 'complaint_feedback' THEN c.feedback_deadline
                        WHEN 'complaint_upgrade'
                            THEN c.received_at + interval '10 days'
                        WHEN 'complaint_report' THEN c.report_deadline
                        ELSE c.resolve_deadline END AS deadline,
                    CASE ct.code
                        WHEN 'complaint_feedback' THEN c.feedback_at
                        WHEN 'complaint_upgrade' THEN COALESCE(
                            c.major_since, c.resolved_at)
                        WHEN 'complaint_report' THEN c.reported_at
                        ELSE c.resolved_at END AS stopped,
                    CASE ct.code
                        WHEN 'complaint_feedback' THEN c.feedback_breached
                        WHEN 'complaint_upgrade' THEN FALSE
                        WHEN 'complaint_report' THEN c.report_breached
                        ELSE c.resolve_breached END AS breached
         ) v
         WHERE c.name LIKE 'BENCH/R/%%' AND c.validity = 'valid'
        """,
        {"now": now},
    )
    n_lines = cr.rowcount
    t_lines = time.perf_counter() - t2
    t3 = time.perf_counter()
    for table_name in ("property_crm_complaint", "property_crm_clock"):
        cr.execute(f"ANALYZE {table_name}")
    t_analyze = time.perf_counter() - t3
    env.invalidate_all()
    timings = {
        "customers (ORM)": t_customers,
        "complaints (SQL)": t_complaints,
        "clock lines (SQL)": t_lines,
        "ANALYZE": t_analyze,
    }
    log(f"reports: {n_lines} clock lines; {timings}")
    return areas, start, month0, n_lines, timings


def month_bounds(env, month):
    """The month's first and next first day, local midnights (Asia/Shanghai), as
    naive UTC."""
    import pytz
    from dateutil.relativedelta import relativedelta

    tz = pytz.timezone(env.company.resource_calendar_id.tz or "Asia/Shanghai")
    begin = tz.localize(month).astimezone(pytz.utc).replace(tzinfo=None)
    end = (
        tz.localize(month + relativedelta(months=1))
        .astimezone(pytz.utc)
        .replace(tzinfo=None)
    )
    return begin, end


PIVOT_MEASURES = [
    "__count",
    "major_count:sum",
    "repeat_count:sum",
    "feedback_late_count:sum",
    "feedback_on_time:avg",
    "response_on_time:avg",
    "report_on_time:avg",
    "resolve_on_time:avg",
    "callback_rate:avg",
    "satisfaction:avg",
]


SLOW_RUN = 10.0  # seconds: a slower run is not repeated


def timed_runs(env, runs, func, timeout):
    """[(Measure, queries log, result, timed out)] of up to ``runs`` calls with an
    empty ORM cache, each under a statement timeout (a run that times out or takes
    more than SLOW_RUN seconds is not repeated)."""
    import psycopg2

    out = []
    for run in range(runs):
        env.invalidate_all()
        result, timed_out = None, False
        with query_log() as queries, Measure(f"report_run{run}", None) as measure:
            try:
                with env.cr.savepoint():
                    env.cr.execute(
                        "SET LOCAL statement_timeout = %s", [int(timeout * 1000)]
                    )
                    result = func()
                    env.cr.execute("SET LOCAL statement_timeout = 0")
            except psycopg2.errors.QueryCanceled:
                timed_out = True
        env.invalidate_all()
        out.append((measure, queries, result, timed_out))
        if timed_out or measure.seconds > SLOW_RUN:
            break
    return out


def explain_slowest(env, queries, timeout):
    """(seconds, code, plan, analyzed) of the slowest query: EXPLAIN ANALYZE, or a
    plain EXPLAIN when it would take longer than ``timeout``."""
    import psycopg2

    seconds, code, params = max(queries, key=lambda q: q[0])
    if seconds < timeout:
        try:
            with env.cr.savepoint():
                env.cr.execute(
                    "SET LOCAL statement_timeout = %s", [int(timeout * 1000)]
                )
                plan = explain(env, code, params)
                env.cr.execute("SET LOCAL statement_timeout = 0")
            return seconds, code, plan, True
        except psycopg2.errors.QueryCanceled:
            pass
    env.cr.execute("EXPLAIN " + code, params or None)
    return seconds, code, [row[0] for row in env.cr.fetchall()], False


CANDIDATE_INDEXES = (
    "CREATE INDEX bench_complaint_partner_received"
    " ON property_crm_complaint (partner_id, received_at)",
    "CREATE INDEX bench_complaint_unit_received"
    " ON property_crm_complaint (unit_id, received_at)",
)


def create_candidate_indexes(env):
    """The candidate indexes of the repeat count's EXISTS, created before the data
    (an index created in a transaction after it updated the table may be unusable
    in that transaction: pg_index.indcheckxmin)."""
    t0 = time.perf_counter()
    for statement in CANDIDATE_INDEXES:
        env.cr.execute(statement)
    return time.perf_counter() - t0


def diagnose_reports(env, runs, timeout, domain, report, analysis, build):
    """The measures with the candidate indexes (in this transaction only, rolled
    back; not the module's code), the pivot's SQL with the repeat count rewritten as
    two EXISTS, and without parallel workers; then the indexes are dropped."""
    log("reports: diagnosis with candidate indexes")
    env.cr.execute(
        "SELECT bool_or(indcheckxmin) FROM pg_index WHERE indexrelid::regclass::text"
        " IN ('bench_complaint_partner_received', 'bench_complaint_unit_received')"
    )
    checkxmin = env.cr.fetchone()[0]
    pivot = timed_runs(
        env,
        runs,
        lambda: report.read_group(domain, PIVOT_MEASURES, ["area_id"], lazy=False),
        timeout,
    )
    monthly = timed_runs(env, runs, analysis.action_compute, timeout)
    plan = explain_slowest(env, pivot[-1][1], timeout)
    log(f"reports: with indexes: {[round(r[0].seconds, 2) for r in pivot]} s")
    # the pivot's SQL with the repeat count as two EXISTS (one per index)
    _s, code, params = max(pivot[-1][1], key=lambda q: q[0])
    rewritten = split_repeat_exists(code, params)
    split = None
    split_plan = []
    if rewritten:
        split_plan = explain(env, *rewritten)
        split = next(
            (line for line in split_plan if line.startswith("Execution Time")), "-"
        )
        log(f"reports: split EXISTS: {split}")
    # and without parallel workers
    env.cr.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    serial = explain_times(env, code, params)
    if rewritten:
        serial_split = explain_times(env, *rewritten)
    env.cr.execute("RESET max_parallel_workers_per_gather")
    log(f"reports: serial: {serial}")
    env.cr.execute(
        "DROP INDEX bench_complaint_partner_received, bench_complaint_unit_received"
    )
    return {
        "checkxmin": checkxmin,
        "split_plan": split_plan,
        "indexes": CANDIDATE_INDEXES,
        "build": build,
        "pivot": pivot,
        "monthly": monthly,
        "plan": plan,
        "split": split,
        "serial": serial,
        "serial_split": serial_split if rewritten else None,
        "rewritten": rewritten[0] if rewritten else None,
    }


def explain_times(env, code, params):
    lines = explain(env, code, params)
    return next((line for line in lines if line.startswith("Execution Time")), "-")


def split_repeat_exists(code, params):
    """(code, params) of the report's query with ``EXISTS (… partner OR unit …)``
    rewritten as two EXISTS, each served by one (…, received_at) index; None when
    the query has no such subquery (the report changed)."""
    import re

    match = re.search(
        r"CASE WHEN EXISTS \(\s*SELECT 1 FROM property_crm_complaint prev.*?"
        r"\) THEN 1 ELSE 0 END AS repeat_count",
        code,
        re.DOTALL,
    )
    if (
        not match
        or match.group(0).count("%s") != 1
        or not isinstance(params, list | tuple)
    ):
        return None
    index = code[: match.start()].count("%s")
    window = int(params[index])
    exists = (
        "EXISTS (SELECT 1 FROM property_crm_complaint prev"
        " WHERE prev.{col} = c.{col} AND prev.received_at < c.received_at"
        f" AND prev.received_at >= c.received_at - interval '{window} days'"
        " AND prev.id != c.id AND prev.state != 'cancelled')"
    )
    replacement = (
        f"CASE WHEN {exists.format(col='partner_id')}"
        f" OR {exists.format(col='unit_id')} THEN 1 ELSE 0 END AS repeat_count"
    )
    code = code[: match.start()] + replacement + code[match.end() :]
    return code, list(params[:index]) + list(params[index + 1 :])


def bench_reports(env, data, args, profiles):
    from dateutil.relativedelta import relativedelta

    from odoo import fields

    now = fields.Datetime.now()
    build = 0.0 if args.no_diagnose else create_candidate_indexes(env)
    areas, start, month0, n_lines, timings = make_report_data(env, data, args, now)
    # a full month in the middle of the data
    month = month0 - relativedelta(months=max(args.reports_months // 2, 1))
    begin, end = month_bounds(env, month)
    head = data["head"]
    Report = env["property.crm.complaint.report"].with_user(head)
    domain = [("received_at", ">=", begin), ("received_at", "<", end)]
    runs = max(args.repeat, 3)
    timeout = args.reports_timeout
    Analysis = env["property.crm.complaint.analysis"].with_user(head)
    analysis = Analysis.create(
        {"area_id": areas[0].id, "month": month.date(), "company_id": env.company.id}
    )
    diagnosis = None
    if not args.no_diagnose:
        diagnosis = diagnose_reports(
            env, runs, timeout, domain, Report, analysis, build
        )
    log(f"reports: pivot of {month:%Y-%m} by area (up to {runs} runs)")
    pivot = timed_runs(
        env,
        runs,
        lambda: Report.read_group(domain, PIVOT_MEASURES, ["area_id"], lazy=False),
        timeout,
    )
    log(f"reports: pivot: {[round(r[0].seconds, 2) for r in pivot]} s")
    # the same without the repeat count (its EXISTS over the 90 days before)
    measures = [m for m in PIVOT_MEASURES if not m.startswith("repeat_count")]
    pivot_norepeat = timed_runs(
        env,
        runs,
        lambda: Report.read_group(domain, measures, ["area_id"], lazy=False),
        timeout,
    )
    log(
        f"reports: pivot w/o repeat: {[round(r[0].seconds, 2) for r in pivot_norepeat]}"
    )
    if profiles:
        with Measure("report_pivot", profiles):
            Report.read_group(domain, PIVOT_MEASURES, ["area_id"], lazy=False)
    groups = next((r[2] for r in pivot if r[2] is not None), None) or []
    plan = explain_slowest(env, pivot[-1][1], timeout)
    log("reports: pivot explained")

    log(f"reports: ZC-QR-029 of {areas[0].name} {month:%Y-%m} (up to {runs} runs)")
    monthly = timed_runs(env, runs, analysis.action_compute, timeout)
    log(f"reports: analysis: {[round(r[0].seconds, 2) for r in monthly]} s")
    if profiles:
        with Measure("report_analysis", profiles):
            analysis.action_compute()
    a_queries = monthly[-1][1]
    a_slowest = sorted(a_queries, key=lambda q: -q[0])[:3]
    a_plan = explain_slowest(env, a_queries, timeout)
    env.invalidate_all()
    figures = {
        "complaints": args.reports_size,
        "lines": n_lines,
        "month": f"{month:%Y-%m}",
        "month complaints": sum(g["__count"] for g in groups),
        "groups": [
            (g["area_id"][1] if g["area_id"] else "-", g["__count"]) for g in groups
        ],
        "analysis count": analysis.complaint_count,
        "analysis feedback rate": round(analysis.feedback_rate, 1),
    }
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(repo, ".cache", "bench_report_explain.txt")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for label, (seconds, code, lines, analyzed) in (
            ("pivot", plan),
            ("analysis", a_plan),
        ):
            kind = "EXPLAIN ANALYZE" if analyzed else "EXPLAIN (too slow to analyze)"
            out.write(f"-- {label}: slowest query ({seconds:.3f} s), {kind}\n")
            out.write(code + "\n\n" + "\n".join(lines) + "\n\n")
        if diagnosis:
            _s, _c, lines, _a = diagnosis["plan"]
            out.write("-- pivot with the candidate indexes\n")
            out.write("\n".join(lines) + "\n\n")
            if diagnosis["rewritten"]:
                out.write("-- pivot rewritten (two EXISTS)\n")
                out.write(diagnosis["rewritten"] + "\n\n")
                out.write("\n".join(diagnosis["split_plan"]) + "\n")
    return {
        "timings": timings,
        "pivot": pivot,
        "pivot_norepeat": pivot_norepeat,
        "monthly": monthly,
        "plan": plan,
        "a_plan": a_plan,
        "a_slowest": a_slowest,
        "figures": figures,
        "explain_path": path,
        "timeout": timeout,
        "diagnosis": diagnosis,
    }


def plan_summary(plan, top=6):
    """The plan's first lines, the lines of the repeat-count subquery (alias prev)
    with their conditions, and the planning/execution times."""
    times = [
        line for line in plan if line.startswith(("Planning Time", "Execution Time"))
    ]
    shown = list(range(min(top, len(plan))))
    for index, line in enumerate(plan):
        if " prev" in line or "SubPlan" in line:
            shown += [index, index + 1, index + 2]
    lines = [plan[i] for i in sorted(set(shown)) if i < len(plan)]
    return [
        line for line in lines if not line.startswith(("Planning", "Execution"))
    ], times


def report_reports(res):
    print()
    f = res["figures"]
    print(
        f"4. Reports at {f['complaints']:,} complaints and {f['lines']:,} clock lines"
        " (made in SQL; rolled back)"
    )
    print(
        "   data generation: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in res["timings"].items())
    )
    rows = []
    verdicts = []
    for label, key in (
        (f"(a) pivot of the complaint report, {f['month']} by area", "pivot"),
        ("    the same pivot without repeat_count", "pivot_norepeat"),
        (f"(b) ZC-QR-029 action_compute, one area, {f['month']}", "monthly"),
    ):
        runs = res[key]
        best = min(runs, key=lambda r: (r[3], r[0].seconds))
        timed_out = best[3]
        first = runs[0][0].seconds
        seconds = f"> {res['timeout']:g} (timeout)" if timed_out else ""
        met = not timed_out and best[0].seconds < REPORT_TARGET
        if key != "pivot_norepeat":
            verdicts.append((label.strip(), best[0].seconds, met, timed_out))
        rows.append(
            (
                label,
                len(runs),
                seconds or f"{first:.3f}",
                seconds or f"{best[0].seconds:.3f}",
                best[0].queries,
                f"{best[0].sql_seconds:.3f}",
                f"< {REPORT_TARGET:.0f}" if key != "pivot_norepeat" else "",
                ("MET" if met else "NOT MET") if key != "pivot_norepeat" else "",
            )
        )
    print(
        table(
            ("measure", "runs", "first s", "best s", "queries", "SQL s", "target", ""),
            rows,
        )
    )
    print(
        f"   month: {f['month complaints']} complaints {f['groups']}; analysis: "
        f"{f['analysis count']} complaints, feedback on time "
        f"{f['analysis feedback rate']} %"
    )
    for label, plan in (
        ("the pivot's SQL", res["plan"]),
        ("the slowest query of action_compute", res["a_plan"]),
    ):
        seconds, _code, lines, analyzed = plan
        top, times = plan_summary(lines)
        kind = "EXPLAIN ANALYZE" if analyzed else "EXPLAIN (no ANALYZE: too slow)"
        print(
            f"   {kind} of {label} ({seconds:.3f} s in the run): "
            + ("; ".join(times) or "-")
        )
        for line in top:
            print(f"     {line}")
    print(
        "   slowest queries of action_compute: "
        + ", ".join(f"{q[0]:.3f} s" for q in res["a_slowest"])
    )
    print(f"   full plans and queries: {res['explain_path']}")
    diagnosis = res.get("diagnosis")
    if diagnosis:
        best = {
            key: min(r[0].seconds for r in diagnosis[key])
            for key in ("pivot", "monthly")
        }
        _s, _c, lines, analyzed = diagnosis["plan"]
        _top, times = plan_summary(lines)
        print(
            "   diagnosis (rolled back, not the module's code; indcheckxmin "
            + str(diagnosis["checkxmin"])
            + "): with "
            + "; ".join(i.split(" ON ")[1] for i in diagnosis["indexes"])
            + f" (built in {diagnosis['build']:.1f} s): pivot {best['pivot']:.3f} s,"
            f" ZC-QR-029 {best['monthly']:.3f} s; pivot "
            + ("EXPLAIN ANALYZE: " if analyzed else "EXPLAIN: ")
            + ("; ".join(times) or "-")
        )
        if diagnosis["split"]:
            print(
                "   diagnosis: the pivot's SQL with the repeat count as two EXISTS"
                " (partner, unit), with those indexes: "
                + diagnosis["split"]
                + f"; without parallel workers: {diagnosis['serial_split']}"
            )
        print(
            "   diagnosis: the pivot's SQL unchanged, with those indexes, without"
            f" parallel workers: {diagnosis['serial']}"
        )
    for label, seconds, met, timed_out in verdicts:
        if not met:
            shown = f"> {res['timeout']:g} s" if timed_out else f"{seconds:.3f} s"
            print(
                f"   -> TARGET MISSED: {label}: {shown} (target < {REPORT_TARGET:.0f}"
                " s; see the plan above and bench/README.md)"
            )


# ------------------------------------------------------------------------------
# printing
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
    for name, m in (
        ("helpdesk.ticket (+ 2 SLAs)", t),
        ("property.crm.complaint (+ clock lines)", c),
    ):
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

    created = escalations = watchdog = reports = None
    with registry.cursor() as cr:
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            missing = [
                m for m in ("property.crm.clock", "helpdesk.ticket.sla") if m not in env
            ]
            if missing:
                sys.exit(
                    f"database {args.database} lacks {missing}: "
                    "install property_crm and helpdesk_mgmt_sla"
                )
            t0 = time.perf_counter()
            data = setup_common(env)
            parts = (
                ("create", args.skip_create, bench_create),
                ("escalations", args.skip_escalations, bench_escalations),
                ("watchdog", args.skip_watchdog, bench_watchdog),
            )
            results = {}
            for name, skip, func in parts:
                if skip:
                    continue
                with contextlib.closing(cr.savepoint()):
                    results[name] = func(env, data, args, profiles)
                env.invalidate_all()
            created = results.get("create")
            escalations = results.get("escalations")
            watchdog = results.get("watchdog")
        finally:
            cr.rollback()  # the benchmark leaves nothing behind
    if not args.skip_reports:
        # a transaction of its own, its rows inserted outside any savepoint: rows of
        # a subtransaction make every visibility check of the scans costlier (a
        # suboverflowed snapshot after 64 subtransactions), which committed data of
        # a real database does not pay
        with registry.cursor() as cr:
            try:
                env = api.Environment(cr, SUPERUSER_ID, {})
                reports = bench_reports(env, setup_common(env), args, profiles)
            finally:
                cr.rollback()
    total = time.perf_counter() - t0

    print()
    print(
        f"property_crm benchmark on database {args.database} "
        f"(Odoo {odoo.release.version}, {os.cpu_count()} CPU"
        f", load average {os.getloadavg()[0]:.1f}"
        f"); {args.repeat} run(s) per measure, the fastest shown"
        + (" [--quick: small sizes]" if args.quick else "")
    )
    if created:
        report_create(*created, args)
    if escalations:
        report_escalations(escalations)
    if watchdog:
        report_watchdog(watchdog)
    if reports:
        report_reports(reports)
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
