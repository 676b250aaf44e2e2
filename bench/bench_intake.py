#!/usr/bin/env python3
"""Benchmark of the service desk's intake (it measures, never fails).

N customer demands come in by the hotline path, one after the other on one worker
(one cursor, one thread), as the telephony endpoint and the agent make them:

1. the telephony event: the caller's number matched to a customer
   (``property.crm.call._match_customer``, formatting and +86 ignored), the call
   logged and the on-duty agent told on the bus
   (``property.crm.call._telephony_event``, what ``/property_crm/telephony/call``
   runs once the token and the body are checked);
2. the agent logs the demand from the call: ``property.crm.request.create`` as the
   agent — routed to its department and person, its two clocks (response,
   completion) started, the watchdog's triggers set.

Printed: seconds, demands/s, queries per demand (each step and both), time in SQL.
With ``--http URL`` the first step also goes through HTTP against a running server
(``odoo-bin --workers=0``, the company token given by ``--token``): requests/s of
the endpoint on one worker.

Everything happens in one transaction rolled back at the end. Run it on a database
with property_crm (no demo data needed):

    python bench/bench_intake.py -c .cache/odoo.conf -d property_crm_bench [-n 10000]
"""

import argparse
import json
import threading
import time
import urllib.request


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", "--demands", type=int, default=10000)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--http", help="base URL of a running server (optional)")
    parser.add_argument("--token", help="the company's telephony token (with --http)")
    return parser.parse_args(argv)


class Measure:
    """Wall time, SQL queries and SQL time of the current thread."""

    def __enter__(self):
        thread = threading.current_thread()
        thread.query_count = 0
        thread.query_time = 0.0
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        thread = threading.current_thread()
        self.seconds = time.perf_counter() - self._start
        self.queries = thread.query_count
        self.sql_seconds = thread.query_time
        return False


def setup(env, args):
    from odoo import Command

    company = env.company
    department = env["hr.department"].create({"name": "Bench Engineering"})
    area = env["property.crm.area"].create({"name": "Bench Area"})
    building = env["property.crm.building"].create(
        {"name": "Bench Tower", "area_id": area.id}
    )
    units = env["property.crm.unit"].create(
        [
            {"name": f"B-{i:04d}", "building_id": building.id}
            for i in range(args.customers)
        ]
    )
    customers = env["res.partner"].create(
        [
            {
                "name": f"Bench Customer {i}",
                "customer_kind": "individual",
                "mobile": f"139{i:08d}",
                "unit_ids": [Command.link(unit.id)],
            }
            for i, unit in enumerate(units)
        ]
    )
    agent = env["res.users"].create(
        {
            "name": "Bench Agent",
            "login": "bench_call_agent",
            "property_crm_on_duty": True,
            "groups_id": [
                Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref("property_crm.group_call_agent").id,
                    ]
                )
            ],
        }
    )
    request_type = env["property.crm.request.type"].create(
        {
            "name": "Bench Report",
            "kind": "report",
            "department_id": department.id,
            "assign_to": "pool",
            "deadline_ids": [
                Command.create(
                    {"urgency": "normal", "response_hours": 1, "completion_hours": 24}
                )
            ],
        }
    )
    env.flush_all()
    return company, customers, agent, request_type


def run(env, args):
    company, customers, agent, request_type = setup(env, args)
    Call = env["property.crm.call"]
    Request = env["property.crm.request"].with_user(agent)
    n = args.demands
    numbers = [f"+86 {c.mobile}" for c in customers]
    matched = 0
    start = time.perf_counter()
    event = Measure()
    event.seconds = event.queries = event.sql_seconds = 0
    logging = Measure()
    logging.seconds = logging.queries = logging.sql_seconds = 0
    for i in range(n):
        payload = {
            "call_ref": f"bench-{i}",
            "number": numbers[i % len(numbers)],
            "direction": "inbound",
            "event": "ringing",
        }
        with Measure() as step:
            call, _created, _told = Call._telephony_event(company, payload)
            env.flush_all()
        event.seconds += step.seconds
        event.queries += step.queries
        event.sql_seconds += step.sql_seconds
        matched += bool(call.partner_id)
        with Measure() as step:
            Request.create(
                {
                    "type_id": request_type.id,
                    "partner_id": call.partner_id.id,
                    "unit_id": customers[i % len(customers)].unit_ids[:1].id,
                    "call_id": call.id,
                    "description": "<p>Bench demand</p>",
                }
            )
            env.flush_all()
        logging.seconds += step.seconds
        logging.queries += step.queries
        logging.sql_seconds += step.sql_seconds
        if i % 500 == 499:
            env.invalidate_all()
    total = Measure()
    total.seconds = time.perf_counter() - start
    total.queries = event.queries + logging.queries
    total.sql_seconds = event.sql_seconds + logging.sql_seconds
    print(f"\nservice-desk intake: {n} demands, {len(customers)} customers, one worker")
    print(
        f"{'step':<28}{'seconds':>10}{'demands/s':>12}"
        f"{'queries/demand':>16}{'SQL s':>9}"
    )
    for label, m in (
        ("telephony event (match+log)", event),
        ("demand logged (route+clocks)", logging),
        ("both", total),
    ):
        print(
            f"{label:<28}{m.seconds:>10.2f}{n / m.seconds:>12.1f}"
            f"{m.queries / n:>16.1f}{m.sql_seconds:>9.2f}"
        )
    print(f"customers matched: {matched}/{n}")


def run_http(args):
    url = args.http.rstrip("/") + "/property_crm/telephony/call"
    start = time.perf_counter()
    for i in range(args.demands):
        body = json.dumps(
            {
                "call_ref": f"bench-http-{time.time()}-{i}",
                "number": f"139{i % args.customers:08d}",
            }
        )
        req = urllib.request.Request(
            url,
            data=body.encode(),
            headers={
                "Content-Type": "application/json",
                "X-Property-CRM-Token": args.token,
            },
            method="POST",
        )
        with urllib.request.urlopen(req) as response:  # noqa: S310 - a given bench URL
            response.read()
    seconds = time.perf_counter() - start
    print(
        f"HTTP endpoint: {args.demands} calls in {seconds:.2f} s: "
        f"{args.demands / seconds:.1f} requests/s"
    )


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
            run(env, args)
        finally:
            cr.rollback()  # the benchmark leaves nothing behind
    if args.http:
        run_http(args)


if __name__ == "__main__":
    main()
