#!/usr/bin/env python3
"""Benchmark of the rent cron (it measures, never fails).

N active tenant leases, each with one rent line due today (SQL copies of one lease
created by the ORM), are posted

1. by the rent cron, ``property.crm.lease.line._cron_rent_invoice`` called until it
   has nothing left (a batch of up to 500 lines per call: one ``account.move.create``
   for the batch, one ``action_post``), and
2. one by one, the naive way: per line ``account.move.create`` of its move,
   ``action_post`` and the link written back to the line,

on the same data (each part in a savepoint rolled back): moves per second, queries
per move, and the ratio (target: the cron >= 3 x faster per move). Everything is
rolled back at the end, so the script can be re-run on the same database:

    PYTHONPATH=/opt/odoo18 python bench/bench_rent.py -c .cache/odoo.conf -d DB \
        [--leases 10000] [--naive 1000]

The database needs property_crm installed and a company with a chart of accounts
(the demo company has the Chinese one; without it the script loads ``cn``).
"""

import argparse
import sys
import time

TARGET_RATIO = 3.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True, help="database")
    parser.add_argument(
        "--leases", type=int, default=10000, help="active leases due today (10000)"
    )
    parser.add_argument(
        "--naive",
        type=int,
        default=1000,
        help="lines posted one by one, the naive way (1000; 0: all)",
    )
    parser.add_argument(
        "--batch", type=int, default=500, help="lines per cron call (500)"
    )
    return parser.parse_args(argv)


def make_leases(env, count):
    """``count`` active leases, each with one line due today: copies in SQL of a
    lease made by the ORM. Returns the ids of the lines."""
    from datetime import timedelta

    from odoo import Command, fields

    today = fields.Date.context_today(env["property.crm.lease"])
    area = env["property.crm.area"].create({"name": "Bench Area"})
    building = env["property.crm.building"].create(
        {"name": "Bench Tower", "area_id": area.id}
    )
    unit = env["property.crm.unit"].create(
        {"name": "BENCH-0001", "building_id": building.id}
    )
    partners = env["res.partner"].create(
        [{"name": f"Bench Tenant {i:05d}"} for i in range(min(count, 500))]
    )
    start = today.replace(day=1)
    lease = env["property.crm.lease"].create(
        {
            "kind": "tenant",
            "partner_id": partners[0].id,
            "unit_ids": [Command.set(unit.ids)],
            "date_start": start,
            "date_end": start.replace(year=start.year + 1) - timedelta(days=1),
            "rent_amount": 3000.0,
            "due_day": today.day,
        }
    )
    lease.action_activate()
    line = lease.line_ids.filtered(lambda rec: rec.date_due == today)
    assert line, "the template lease has a line due today"
    (lease.line_ids - line).unlink()
    env.flush_all()
    cr = env.cr
    # the leases (their units are not copied: the overlap rule is the ORM's)
    cr.execute(
        """
        INSERT INTO property_crm_lease (
            name, kind, company_id, partner_id, user_id, building_id, area_id,
            date_start, date_end, currency_id, rent_amount, billing_period,
            billing_timing, due_day, rent_free_months, yearly_increase,
            notice_days, state, create_uid, create_date, write_uid, write_date)
        SELECT 'BENCH-' || g, kind, company_id,
               (%s::int[])[1 + g %% array_length(%s::int[], 1)], user_id,
               building_id, area_id, date_start, date_end, currency_id,
               rent_amount, billing_period, billing_timing, due_day,
               rent_free_months, yearly_increase, notice_days, 'active',
               create_uid, create_date, write_uid, write_date
          FROM property_crm_lease, generate_series(2, %s) g
         WHERE id = %s
        RETURNING id
        """,
        (partners.ids, partners.ids, count, lease.id),
    )
    lease_ids = [lease.id] + [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO property_crm_lease_line (
            lease_id, sequence, kind, partner_id, company_id, area_id,
            date_start, date_end, date_due, amount, state, amount_collected,
            create_uid, create_date, write_uid, write_date)
        SELECT lease.id, line.sequence, lease.kind, lease.partner_id,
               lease.company_id, lease.area_id, line.date_start, line.date_end,
               line.date_due, line.amount, 'to_invoice', 0,
               line.create_uid, line.create_date, line.write_uid, line.write_date
          FROM property_crm_lease_line line, property_crm_lease lease
         WHERE line.id = %s AND lease.id = ANY(%s) AND lease.id != %s
        """,
        (line.id, lease_ids, lease.id),
    )
    cr.execute("ANALYZE property_crm_lease_line")
    cr.execute("ANALYZE property_crm_lease")
    env.invalidate_all()
    return env["property.crm.lease.line"].search(
        [("lease_id", "in", lease_ids), ("state", "=", "to_invoice")]
    )


def measure(env, label, func):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    t0 = time.perf_counter()
    moves = func()
    env.flush_all()
    elapsed = time.perf_counter() - t0
    return {
        "label": label,
        "moves": moves,
        "seconds": elapsed,
        "per_second": moves / elapsed if elapsed else 0.0,
        "queries": (env.cr.sql_log_count - queries) / moves if moves else 0.0,
    }


def run_cron(env, batch):
    Line = env["property.crm.lease.line"]
    done = 0
    while True:
        n = Line._cron_rent_invoice(batch_size=batch)
        done += n
        if not n:
            return done


def run_naive(env, lines):
    from odoo.addons.property_crm.models.property_crm_lease_line import MOVE_CONTEXT

    # the same context as the cron's: the difference measured is the batching
    Move = env["account.move"].with_context(**MOVE_CONTEXT)
    for line in lines:
        move = Move.create(line._move_values())
        move.action_post()
        line.move_id = move
    return len(lines)


def main(argv=None):
    args = parse_args(argv)
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        if not company.chart_template:
            env["account.chart.template"].try_loading("cn", company)
        print(f"making {args.leases} active leases with one line due today...")
        t0 = time.perf_counter()
        lines = make_leases(env, args.leases)
        print(f"  {len(lines)} lines in {time.perf_counter() - t0:.1f} s")
        results = []
        env.flush_all()
        cr.execute("SAVEPOINT bench_data")
        results.append(
            measure(env, "rent cron (batched)", lambda: run_cron(env, args.batch))
        )
        print(f"  cron posted {len(lines.filtered('move_id'))} of {len(lines)} lines")
        cr.execute("ROLLBACK TO SAVEPOINT bench_data")
        env.invalidate_all()
        env.registry.clear_cache()
        naive_lines = lines[: args.naive] if args.naive else lines
        results.append(
            measure(
                env,
                "one by one (account.move.create)",
                lambda: run_naive(env, naive_lines),
            )
        )
        cr.rollback()
        print()
        print(
            f"{'':36} {'moves':>7} {'seconds':>9} {'moves/s':>9} {'queries/move':>13}"
        )
        for res in results:
            print(
                f"{res['label']:36} {res['moves']:7d} {res['seconds']:9.2f} "
                f"{res['per_second']:9.1f} {res['queries']:13.1f}"
            )
        if len(results) == 2 and results[1]["per_second"]:
            ratio = results[0]["per_second"] / results[1]["per_second"]
            verdict = "met" if ratio >= TARGET_RATIO else "MISSED"
            print(
                f"\ncron vs one by one: {ratio:.2f} x faster per move "
                f"(target >= {TARGET_RATIO:.0f} x: {verdict})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
