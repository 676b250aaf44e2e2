"""What the web client's forms post, by the roles that use them: the form's
``onchange`` for the defaults, ``web_save`` with every value the form holds (defaults
included — they are no transition) and the buttons through ``/web/dataset/call_button``.
"""

import json

from lxml import etree

from odoo.tests import HttpCase, tagged

from .common import PropertyCrmCase


@tagged("post_install", "-at_install")
class TestWebForms(PropertyCrmCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the forms are used in Chinese (make test loads the translations)
        cls.env["res.lang"]._activate_lang("zh_CN")

    def rpc(self, url, params):
        """A JSON-RPC request as the browser sends it; a server error fails the test
        with the message the user would read."""
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        decoded = response.json()
        if "error" in decoded:
            self.fail(decoded["error"]["data"]["message"])
        return decoded["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, model, record_id, method, context=None):
        return self.rpc(
            "/web/dataset/call_button",
            {
                "model": model,
                "method": method,
                "args": [[record_id]],
                "kwargs": {"context": context or {}},
            },
        )

    def form_fields(self, model):
        """The fields of the model's form view the client would send."""
        views = self.call(model, "get_views", [[False, "form"]])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        fields_info = views["models"][model]["fields"]
        names = set()
        for node in arch.iter("field"):
            # fields inside a one2many's sub-view are not the record's
            if any(parent.tag in ("list", "kanban") for parent in node.iterancestors()):
                continue
            names.add(node.get("name"))
        return {
            name: fields_info[name]
            for name in names
            if name in fields_info
            and not fields_info[name].get("readonly")
            and fields_info[name]["type"] not in ("one2many", "many2many")
        }

    def form_create(self, login, model, values, context=None):
        """Open a new form (onchange gives its defaults), fill ``values``, save."""
        self.authenticate(login, login)
        context = dict(context or {}, lang="zh_CN")
        sent = self.form_fields(model)
        result = self.call(
            model, "onchange", [], {}, [], {name: {} for name in sent}, context=context
        )
        form_values = {}
        for name, value in result["value"].items():
            if name not in sent:
                continue
            if isinstance(value, dict):  # a many2one: {"id", "display_name"}
                value = value.get("id")
            form_values[name] = value
        form_values.update(values)
        saved = self.call(
            model,
            "web_save",
            [],
            form_values,
            specification={"state": {}, "display_name": {}},
            context=context,
        )
        return saved[0]["id"]

    def form_write(self, login, model, record_id, values):
        self.authenticate(login, login)
        return self.call(
            model,
            "web_save",
            [record_id],
            values,
            specification={"state": {}},
            context={"lang": "zh_CN"},
        )[0]

    def test_complaint_sheet_callback_through_the_forms(self):
        specialist = self.user_specialist.login
        complaint_id = self.form_create(
            specialist,
            "property.crm.complaint",
            {
                "partner_id": self.customer.id,
                "unit_id": self.unit_east.id,
                "description": "<p>Water leaking</p>",
            },
        )
        complaint = self.env["property.crm.complaint"].browse(complaint_id)
        self.assertEqual(complaint.state, "new")
        self.assertTrue(complaint.feedback_deadline)
        self.button("property.crm.complaint", complaint_id, "action_start_handling")
        sheet_id = self.form_create(
            specialist,
            "property.crm.handling.sheet",
            {"department_id": self.department_engineering.id},
            context={"default_complaint_id": complaint_id},
        )
        self.button("property.crm.handling.sheet", sheet_id, "action_send")
        sheet = self.env["property.crm.handling.sheet"].browse(sheet_id)
        self.assertEqual(sheet.state, "sent")
        # the department's 負責人 fills the handling method and signs
        manager = self.user_department_manager.login
        self.form_write(
            manager,
            "property.crm.handling.sheet",
            sheet_id,
            {"handling_method": "<p>Replace the joint</p>"},
        )
        self.button("property.crm.handling.sheet", sheet_id, "action_accept")
        self.form_write(
            manager, "property.crm.handling.sheet", sheet_id, {"result": "<p>Done</p>"}
        )
        self.button("property.crm.handling.sheet", sheet_id, "action_done")
        self.form_write(
            specialist,
            "property.crm.handling.sheet",
            sheet_id,
            {"verification_result": "Checked with the customer"},
        )
        self.button("property.crm.handling.sheet", sheet_id, "action_verify")
        self.form_write(
            specialist,
            "property.crm.complaint",
            complaint_id,
            {"resolution": "<p>Joint replaced</p>", "customer_agreed": True},
        )
        self.button("property.crm.complaint", complaint_id, "action_resolve")
        callback = complaint.callback_ids
        self.assertEqual(len(callback), 1)
        self.form_write(
            specialist,
            "property.crm.callback",
            callback.id,
            {"outcome": "satisfied", "rating_satisfaction": "5"},
        )
        self.button("property.crm.callback", callback.id, "action_done")
        self.button("property.crm.complaint", complaint_id, "action_close")
        self.assertEqual(complaint.state, "closed")

    def test_letter_through_the_form(self):
        complaint = (
            self.env["property.crm.complaint"]
            .with_user(self.user_specialist)
            .create({"partner_id": self.customer.id, "description": "<p>Noise</p>"})
        )
        letter_id = self.form_create(
            self.user_specialist.login,
            "property.crm.liaison.letter",
            {
                "from_department_id": self.department_security.id,
                "to_department_id": self.department_engineering.id,
                "subject": "Noise at night",
                "description": "<p>Please check the pump</p>",
            },
            context={"default_complaint_id": complaint.id},
        )
        self.button("property.crm.liaison.letter", letter_id, "action_send")
        self.form_write(
            self.user_handler.login,
            "property.crm.liaison.letter",
            letter_id,
            {"reply": "<p>Pump fixed</p>"},
        )
        self.button("property.crm.liaison.letter", letter_id, "action_reply")
        letter = self.env["property.crm.liaison.letter"].browse(letter_id)
        self.assertEqual(letter.state, "replied")

    def test_repair_order_through_the_form(self):
        order_id = self.form_create(
            self.user_specialist.login,
            "property.crm.repair.order",
            {
                "partner_id": self.customer.id,
                "unit_id": self.unit_east.id,
                "description": "<p>Broken tap</p>",
                "scheduled_start": "2026-12-03 02:00:00",
            },
        )
        self.button("property.crm.repair.order", order_id, "action_schedule")
        self.form_write(
            self.user_specialist.login,
            "property.crm.repair.order",
            order_id,
            {"work_done": "<p>Tap replaced</p>"},
        )
        self.button("property.crm.repair.order", order_id, "action_done")
        order = self.env["property.crm.repair.order"].browse(order_id)
        self.assertEqual(order.state, "done")
        self.assertEqual(len(order.callback_ids), 1)

    def test_grade_evaluation_through_the_form(self):
        evaluation_id = self.form_create(
            self.user_supervisor.login,
            "property.crm.grade.evaluation",
            {
                "partner_id": self.customer.id,
                "proposed_grade_id": self.grade_a.id,
                "score_payment": 9,
            },
        )
        self.button("property.crm.grade.evaluation", evaluation_id, "action_submit")
        self.authenticate(self.user_manager.login, self.user_manager.login)
        self.button("property.crm.grade.evaluation", evaluation_id, "action_approve")
        self.assertEqual(self.customer.grade_id, self.grade_a)
