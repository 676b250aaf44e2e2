#!/usr/bin/env python3
"""Benchmark of the care cron (``property.crm.care.occasion._cron_schedule_greetings``)
over many customers (it measures, never fails).

1. Nothing due: N consenting customers (default 100,000) whose birthdays all fall in
   July; the cron runs on 10 August, when no festival and no birthday is in its
   window — against the same run over 1,000 customers: seconds and queries must not
   grow with N (the cron reads only the customers of the indexed month-day column).
2. Birthdays due: the same customers with their birthdays spread over the year; the
   cron runs on one day: greetings made, seconds, queries per greeting; a second run
   the same day (exactly once: nothing new).
3. A festival (optional, ``--festival``): 中秋 for M consenting customers (default
   5,000): greetings, mails queued, seconds.

Customers are copies in SQL of one ORM-created customer. Everything happens in one
transaction that is rolled back at the end, so the script can be re-run. Run it with
PYTHONPATH holding Odoo, on a database with property_crm (no demo data needed):

    python bench/bench_care.py -c .cache/odoo.conf -d pcrm_care [--customers 100000]
"""

import argparse
import contextlib
import sys
import threading
import time
from datetime import date


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("-c", "--config", required=True, help="Odoo configuration file")
    add("-d", "--database", required=True, help="database with property_crm")
    add("--customers", type=int, default=100000, help="customers (100000)")
    add("--small", type=int, default=1000, help="customers of the small case (1000)")
    add("--festival", type=int, default=0, help="part 3: customers greeted (0: skip)")
    return parser.parse_args(argv)


class Measure:
    """Wall time and SQL queries (``odoo.sql_db`` counts them per thread)."""

    def __init__(self, label):
        self.label = label
        self.seconds = 0.0
        self.queries = 0

    def __enter__(self):
        thread = threading.current_thread()
        thread.query_count = 0
        thread.query_time = 0.0
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        self.queries = threading.current_thread().query_count
        return False


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def make_customers(env, count, birthday_sql):
    """``count`` consenting individual customers, copies in SQL of one ORM-created
    customer; ``birthday_sql`` gives the birthday from the series number ``n``."""
    template = env["res.partner"].create(
        {
            "name": "Bench Care Customer",
            "customer_kind": "individual",
            "property_crm_contact_consent": True,
            "email": "bench.care@example.com",
            "lang": "en_US",
            "birthday": date(1980, 1, 1),
        }
    )
    env.flush_all()
    cr = env.cr
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'res_partner' AND column_name != 'id'"
    )
    columns = [row[0] for row in cr.fetchall()]
    override = {
        "name": "'Bench Care Customer ' || n",
        "email": "'bench.care' || n || '@example.com'",
        "email_normalized": "'bench.care' || n || '@example.com'",
        "commercial_partner_id": "NULL",
        "birthday": birthday_sql,
        "property_crm_birthday_md": f"(EXTRACT(MONTH FROM {birthday_sql}) * 100 "
        f"+ EXTRACT(DAY FROM {birthday_sql}))::int",
        "complete_name": "'Bench Care Customer ' || n",
    }
    select = ", ".join(override.get(col, f'p."{col}"') for col in columns)
    cr.execute(
        f"""
        INSERT INTO res_partner ({", ".join(f'"{col}"' for col in columns)})
        SELECT {select}
          FROM res_partner p, generate_series(1, %s) n
         WHERE p.id = %s
        """,  # noqa: S608 - the bench's own column list
        (count - 1, template.id),
    )
    cr.execute("ANALYZE res_partner")
    env.invalidate_all()
    return template


def run_cron(env, day):
    from freezegun import freeze_time

    Occasion = env["property.crm.care.occasion"]
    with freeze_time(day):
        Occasion._cron_schedule_greetings()
        env.flush_all()


def greetings_count(env):
    env.cr.execute("SELECT COUNT(*) FROM property_crm_care_greeting")
    return env.cr.fetchone()[0]


def bench_nothing_due(env, args):
    results = {}
    july = "(DATE '1980-07-01' + MOD(n, 31))"
    for label, count in (("small", args.small), ("large", args.customers)):
        with contextlib.closing(env.cr.savepoint()):
            log(f"nothing due: {count} customers, birthdays in July")
            make_customers(env, count, july)
            run_cron(env, date(2027, 8, 9))  # warm the caches
            env.invalidate_all()
            with Measure(label) as measure:
                run_cron(env, date(2027, 8, 10))
            results[label] = (count, measure.seconds, measure.queries)
            log(f"  {measure.seconds:.3f} s, {measure.queries} queries")
    return results


def bench_birthdays(env, args):
    spread = "(DATE '1980-01-01' + MOD(n, 366))"
    with contextlib.closing(env.cr.savepoint()):
        log(f"birthdays due: {args.customers} customers, birthdays over the year")
        make_customers(env, args.customers, spread)
        before = greetings_count(env)
        with Measure("birthdays") as first:
            run_cron(env, date(2027, 7, 15))
        made = greetings_count(env) - before
        with Measure("again") as second:
            run_cron(env, date(2027, 7, 15))
        again = greetings_count(env) - before - made
        log(f"  {made} greetings in {first.seconds:.2f} s, {first.queries} queries")
        return made, first, again, second


def bench_festival(env, args):
    with contextlib.closing(env.cr.savepoint()):
        log(f"festival: {args.festival} customers, 中秋 2027")
        make_customers(env, args.festival, "(DATE '1980-03-01')")
        before = greetings_count(env)
        env.cr.execute("SELECT COUNT(*) FROM mail_mail")
        mails_before = env.cr.fetchone()[0]
        with Measure("festival") as measure:
            run_cron(env, date(2027, 9, 12))
        made = greetings_count(env) - before
        env.cr.execute("SELECT COUNT(*) FROM mail_mail")
        mails = env.cr.fetchone()[0] - mails_before
        return made, mails, measure


def main(argv=None):
    args = parse_args(argv)
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if "property.crm.care.occasion" not in env:
                sys.exit(f"database {args.database} lacks property_crm's care models")
            # only the bench's customers consent: the others of the database stay out
            cr.execute(
                "UPDATE res_partner SET property_crm_contact_consent = FALSE "
                "WHERE property_crm_contact_consent"
            )
            nothing = bench_nothing_due(env, args)
            made, first, again, second = bench_birthdays(env, args)
            festival = bench_festival(env, args) if args.festival else None
        finally:
            cr.rollback()

    print("\n## Care cron benchmark\n")
    print("| case | customers | seconds | queries |")
    print("|---|---:|---:|---:|")
    for label in ("small", "large"):
        count, seconds, queries = nothing[label]
        print(f"| nothing due ({label}) | {count:,} | {seconds:.3f} | {queries} |")
    per = first.queries / made if made else 0
    print(
        f"| birthdays due: {made:,} greetings | {args.customers:,} | "
        f"{first.seconds:.2f} | {first.queries} ({per:.1f} per greeting) |"
    )
    print(
        f"| same day again: {again} new | {args.customers:,} | "
        f"{second.seconds:.2f} | {second.queries} |"
    )
    if festival:
        made_f, mails, measure = festival
        print(
            f"| festival 中秋: {made_f:,} greetings, {mails:,} mails | "
            f"{args.festival:,} | {measure.seconds:.2f} | {measure.queries} |"
        )
    small, large = nothing["small"], nothing["large"]
    ratio = large[1] / small[1] if small[1] else 0
    print(
        f"\nNothing due: {large[2]} queries at {large[0]:,} customers against "
        f"{small[2]} at {small[0]:,}; time ratio {ratio:.2f}."
    )


if __name__ == "__main__":
    main()
