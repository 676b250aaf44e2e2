"""The workflows tried in a real browser: Odoo's tours (static/tests/tours/*.js)
driven in headless Chromium by ``HttpCase.start_tour``, in 简体中文, by the roles
that use them.

Each tour checks what the user reads (Chinese labels and buttons, the SLA badges, the
masked phone), and a console error fails it. A screenshot of each tour's last step is
written to ``.cache/tour_screenshots/<tour>.png`` (``PROPERTY_CRM_TOUR_SCREENSHOTS``
overrides the folder)."""

import base64
import logging
import os
import sys
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from .common import PropertyCrmCase

_logger = logging.getLogger(__name__)

SCREENSHOTS = Path(
    os.environ.get("PROPERTY_CRM_TOUR_SCREENSHOTS")
    or Path(__file__).resolve().parents[2] / ".cache" / "tour_screenshots"
)


@tagged("post_install", "-at_install")
class TestTours(PropertyCrmCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.company.property_crm_head_user_id = cls.user_manager
        cls.portal_user = cls.env["res.users"].create(
            {
                "name": cls.customer.name,
                "login": "pcrm_tour_portal",
                "password": "pcrm_tour_portal",
                "partner_id": cls.customer.id,
                "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
            }
        )
        users = (
            cls.user_specialist
            | cls.user_department_manager
            | cls.user_area_manager
            | cls.user_supervisor
            | cls.user_manager
            | cls.portal_user
        )
        users.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})

    def tour(self, url, name, login):
        """``start_tour`` with a screenshot of the page as the tour left it."""
        stop = ChromeBrowser.stop

        def screenshot_then_stop(browser):
            if hasattr(browser, "ws"):
                try:
                    shot = browser._websocket_send(
                        "Page.captureScreenshot", with_future=True
                    ).result(timeout=15)
                    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                    path = SCREENSHOTS / f"{name}.png"
                    path.write_bytes(base64.b64decode(shot["data"]))
                    _logger.info("tour %s: last step in %s", name, path)
                except Exception as error:  # a missing screenshot fails no tour
                    _logger.warning("tour %s: no screenshot (%s)", name, error)
            return stop(browser)

        handle_console = ChromeBrowser._handle_console

        def print_timings(browser, type, args=None, stackTrace=None, **kw):  # noqa: A002 pylint: disable=redefined-builtin
            # the tours' timings (performance.now): printed (pytest -s shows them) and
            # kept in timings.txt beside the screenshots
            value = (args or [{}])[0].get("value")
            if isinstance(value, str) and value.startswith("property_crm timing:"):
                sys.__stderr__.write(f"{value}\n")
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                with (SCREENSHOTS / "timings.txt").open("a", encoding="utf-8") as log:
                    log.write(f"{name}: {value}\n")
            return handle_console(browser, type, args, stackTrace, **kw)

        with (
            patch.object(ChromeBrowser, "stop", screenshot_then_stop),
            patch.object(ChromeBrowser, "_handle_console", print_timings),
            # the browser in the users' timezone (Odoo's web client shows times in the
            # browser's): Chromium reads TZ when it starts; Python's clock is untouched
            # (no time.tzset())
            patch.dict(os.environ, {"TZ": "Asia/Shanghai"}),
        ):
            self.start_tour(url, name, login=login, timeout=120)

    def _complaint(self, **vals):
        values = {
            "partner_id": self.customer.id,
            "unit_id": self.unit_east.id,
            "description": "<p>PCRM tour complaint</p>",
        }
        values.update(vals)
        return (
            self.env["property.crm.complaint"]
            .with_user(self.user_specialist)
            .create(values)
        )

    def test_1_specialist_logs_a_minor_complaint_and_sends_a_sheet(self):
        self.tour(
            "/odoo/action-property_crm.res_partner_action_customer",
            "property_crm_specialist_minor_complaint",
            self.user_specialist.login,
        )
        complaint = self.env["property.crm.complaint"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertIn("厨房水管漏水 tour1", complaint.description)
        self.assertEqual(complaint.state, "handling")
        self.assertEqual(complaint.severity, "minor")
        self.assertEqual(complaint.unit_id, self.unit_east)
        sheet = complaint.handling_sheet_ids
        self.assertEqual(sheet.state, "sent")
        self.assertEqual(sheet.department_id, self.department_engineering)

    def test_2_department_manager_signs_the_sheet(self):
        complaint = self._complaint()
        complaint.action_start_handling()
        sheet = (
            self.env["property.crm.handling.sheet"]
            .with_user(self.user_specialist)
            .create(
                {
                    "complaint_id": complaint.id,
                    "department_id": self.department_engineering.id,
                }
            )
        )
        sheet.action_send()
        self.tour(
            "/odoo/action-property_crm.property_crm_handling_sheet_action",
            "property_crm_department_sign_sheet",
            self.user_department_manager.login,
        )
        self.assertEqual(sheet.state, "accepted")
        self.assertEqual(sheet.signer_id, self.user_department_manager)
        self.assertIn("更换厨房水管接头", sheet.handling_method)

    def test_3_area_manager_reports_a_major_complaint(self):
        complaint = self._complaint(severity="major", major_reason="c_loss")
        self.tour(
            "/odoo/action-property_crm.property_crm_complaint_action",
            "property_crm_area_manager_report_major",
            self.user_area_manager.login,
        )
        self.assertTrue(complaint.reported_at)
        self.assertEqual(complaint.reported_by_id, self.user_area_manager)
        self.assertEqual(complaint.report_sla, "done")

    def test_4_manager_approves_a_grade_evaluation(self):
        evaluation = (
            self.env["property.crm.grade.evaluation"]
            .with_user(self.user_supervisor)
            .create(
                {
                    "partner_id": self.customer.id,
                    "proposed_grade_id": self.grade_a.id,
                    "score_payment": 9,
                    "score_cooperation": 8,
                    "score_complaint": 8,
                    "score_value": 9,
                    "score_influence": 7,
                }
            )
        )
        evaluation.action_submit()
        self.tour(
            "/odoo/action-property_crm.property_crm_grade_evaluation_action",
            "property_crm_manager_approve_grade",
            self.user_manager.login,
        )
        self.assertEqual(evaluation.state, "approved")
        self.assertEqual(self.customer.grade_id, self.grade_a)

    def test_5_portal_customer_files_a_complaint(self):
        self.tour(
            "/my/complaints/new",
            "property_crm_portal_new_complaint",
            self.portal_user.login,
        )
        complaint = (
            self.env["property.crm.complaint"]
            .sudo()
            .search([("description", "ilike", "楼上深夜噪音 tour5")])
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.customer_demand, "请物业上门劝导")

    def test_6_specialist_phone_intake_and_quick_create(self):
        self.env["property.crm.complaint.category"].create(
            {"name": "PCRM 漏水", "department_id": self.department_engineering.id}
        )
        self._complaint()  # an open complaint whose 24-hour clock counts down
        self.tour(
            "/odoo/action-property_crm.property_crm_complaint_action?view_type=list",
            "property_crm_phone_intake",
            self.user_specialist.login,
        )
        Complaint = self.env["property.crm.complaint"]
        logged = Complaint.search([("description", "ilike", "卫生间天花板渗水 tour6")])
        self.assertEqual(logged.partner_id, self.customer_west)
        self.assertEqual(logged.unit_id, self.unit_west)
        self.assertEqual(logged.category_id.department_id, self.department_engineering)
        self.assertEqual(logged.channel, "phone")
        quick = Complaint.search([("description", "ilike", "电梯异响 tour6")])
        self.assertEqual(quick.partner_id, self.customer)
        self.assertEqual(quick.state, "new")

    def test_7_manager_board(self):
        complaint = self._complaint()
        complaint.with_user(self.user_specialist).action_start_handling()
        # 25 hours later the feedback clock has run out: the watchdog marks it breached
        with freeze_time(complaint.received_at + timedelta(hours=25)):
            self.env["property.crm.complaint"]._cron_sla_watchdog()
        self.env.flush_all()
        self.assertEqual(complaint.sla_status, "breached")
        self.tour(
            "/odoo/action-property_crm.property_crm_board_action",
            "property_crm_manager_board",
            self.user_manager.login,
        )
