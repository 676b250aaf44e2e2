from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_desk import T0, DeskCase


@tagged("post_install", "-at_install")
class TestRequestRouting(DeskCase):
    def test_pool_type_routes_to_department_pool(self):
        request = self.create_request()
        self.assertTrue(request.name.startswith("XQ"))
        self.assertEqual(request.department_id, self.department_engineering)
        self.assertFalse(request.user_id)
        self.assertEqual(request.state, "new")
        self.assertEqual(request.first_contact_user_id, self.user_call_agent)
        self.assertEqual(request.received_at, T0)

    def test_area_type_routes_to_area_manager_of_unit(self):
        east = self.create_request(type_id=self.type_area.id)
        west = self.create_request(
            type_id=self.type_area.id,
            unit_id=self.unit_west.id,
            partner_id=self.customer_west.id,
        )
        self.assertEqual(east.user_id, self.user_area_manager)
        self.assertEqual(west.user_id, self.user_area_manager_west)
        self.assertEqual(east.state, "assigned")

    def test_manager_type_routes_to_department_manager(self):
        request = self.create_request(type_id=self.type_manager.id)
        self.assertEqual(request.user_id, self.user_department_manager)
        self.assertEqual(request.completion_deadline, T0 + timedelta(hours=168))

    def test_deadlines_per_type_and_urgency(self):
        normal = self.create_request()
        urgent = self.create_request(urgency="urgent")
        # no line for emergency: the normal line applies
        emergency = self.create_request(urgency="emergency")
        self.assertEqual(normal.response_deadline, T0 + timedelta(hours=2))
        self.assertEqual(normal.completion_deadline, T0 + timedelta(hours=24))
        self.assertEqual(urgent.response_deadline, T0 + timedelta(minutes=30))
        self.assertEqual(urgent.completion_deadline, T0 + timedelta(hours=4))
        self.assertEqual(emergency.completion_deadline, T0 + timedelta(hours=24))
        lines = {line.code: line for line in urgent.clock_ids}
        self.assertEqual(lines["request_response"].deadline, T0 + timedelta(minutes=30))
        self.assertEqual(lines["request_completion"].deadline, T0 + timedelta(hours=4))

    def test_urgency_change_moves_deadlines(self):
        request = self.create_request()
        request.with_user(self.user_specialist).urgency = "urgent"
        self.assertEqual(request.completion_deadline, T0 + timedelta(hours=4))
        line = request.clock_ids.filtered(lambda c: c.code == "request_completion")
        self.assertEqual(line.deadline, T0 + timedelta(hours=4))

    def test_workflow_fields_refused_to_every_caller(self):
        with self.assertRaises(UserError):
            self.create_request(state="done")
        with self.assertRaises(UserError):
            self.create_request(user_id=self.user_handler.id)
        request = self.create_request()
        for vals in (
            {"state": "closed"},
            {"user_id": self.user_specialist.id},
            {"completion_deadline": T0 + timedelta(days=30)},
            {"chase_count": 0, "department_id": self.department_security.id},
        ):
            with self.assertRaises(UserError):
                request.with_user(self.user_supervisor).write(vals)
        self.assertEqual(request.state, "new")
        self.assertEqual(request.completion_deadline, T0 + timedelta(hours=24))
        self.assertEqual(request.department_id, self.department_engineering)

    def test_handler_writes_only_the_answer(self):
        request = self.create_request()
        with self.assertRaises(AccessError):
            request.with_user(self.user_handler).write({"urgency": "urgent"})
        with self.assertRaises(AccessError):
            request.with_user(self.user_handler).write({"description": "<p>x</p>"})
        request.with_user(self.user_handler).write({"answer": "<p>Fixed</p>"})
        self.assertEqual(request.urgency, "normal")

    def test_only_call_agents_and_customer_service_log_demands(self):
        with self.assertRaises(AccessError):
            self.create_request(user=self.user_handler)
        with self.assertRaises(AccessError):
            self.create_request(user=self.user_finance)
        self.assertTrue(self.create_request(user=self.user_specialist))


@tagged("post_install", "-at_install")
class TestRequestClaimDispatch(DeskCase):
    def test_claim_by_department_handler(self):
        request = self.create_request()
        self.assertTrue(request.with_user(self.user_handler).can_claim)
        self.act(request, self.user_handler, "action_claim")
        self.assertEqual(request.user_id, self.user_handler)
        self.assertEqual(request.state, "assigned")
        # a second claim finds it taken
        with self.assertRaisesRegex(UserError, "already taken"):
            self.act(request, self.user_department_manager, "action_claim")
        self.assertEqual(request.user_id, self.user_handler)

    def test_claim_refused_outside_the_department(self):
        request = self.create_request()
        for user in (self.user_specialist, self.user_supervisor):
            with self.assertRaises(AccessError):
                self.act(request, user, "action_claim")
        self.assertFalse(request.user_id)
        self.assertEqual(request.state, "new")

    def test_other_department_does_not_even_see_it(self):
        request = self.create_request()
        Request = self.Request.with_user(self.user_handler_other)
        self.assertFalse(Request.search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            request.with_user(self.user_handler_other).action_claim()

    def test_dispatch_by_department_manager_to_member(self):
        request = self.create_request()
        request.with_user(
            self.user_department_manager
        ).dispatch_user_id = self.user_handler
        self.act(request, self.user_department_manager, "action_dispatch")
        self.assertEqual(request.user_id, self.user_handler)
        self.assertTrue(
            request.activity_ids.filtered(lambda a: a.user_id == self.user_handler)
        )

    def test_dispatch_refused(self):
        request = self.create_request()
        request.with_user(self.user_specialist).dispatch_user_id = self.user_handler
        # a specialist is no dispatcher; the west area manager not of this area
        for user in (self.user_specialist, self.user_area_manager_west):
            with self.assertRaises(AccessError):
                self.act(request, user, "action_dispatch")
        self.assertFalse(request.user_id)
        # only to a member of the department
        request.with_user(
            self.user_supervisor
        ).dispatch_user_id = self.user_handler_other
        with self.assertRaisesRegex(UserError, "is not in"):
            self.act(request, self.user_supervisor, "action_dispatch")
        self.assertFalse(request.user_id)
        # the east area manager dispatches demands of the east area
        request.with_user(self.user_area_manager).dispatch_user_id = self.user_handler
        self.act(request, self.user_area_manager, "action_dispatch")
        self.assertEqual(request.user_id, self.user_handler)

    def test_area_manager_sees_only_their_area(self):
        west = self.create_request(
            unit_id=self.unit_west.id, partner_id=self.customer_west.id
        )
        east = self.create_request()
        found = self.Request.with_user(self.user_area_manager).search(
            [("id", "in", (west | east).ids)]
        )
        self.assertEqual(found, east)


@tagged("post_install", "-at_install")
class TestRequestWork(DeskCase):
    def claimed(self, **vals):
        request = self.create_request(**vals)
        self.act(request, self.user_handler, "action_claim")
        return request

    def test_start_and_done_stop_the_clocks(self):
        request = self.claimed()
        self.act(request, self.user_handler, "action_start", at=T0 + timedelta(hours=1))
        self.assertEqual(request.state, "in_progress")
        lines = {line.code: line for line in request.clock_ids}
        self.assertEqual(lines["request_response"].state, "met")
        with self.assertRaisesRegex(UserError, "answer"):
            self.act(request, self.user_handler, "action_done")
        request.with_user(self.user_handler).answer = "<p>Bulb replaced</p>"
        self.act(request, self.user_handler, "action_done", at=T0 + timedelta(hours=3))
        self.assertEqual(request.state, "done")
        self.assertEqual(lines["request_completion"].state, "met")
        self.assertEqual(request.sla_status, "done")
        # no callback asked by the type: customer service closes it
        with self.assertRaises(AccessError):
            self.act(request, self.user_handler, "action_close")
        self.act(request, self.user_specialist, "action_close")
        self.assertEqual(request.state, "closed")
        with self.assertRaises(UserError):
            request.with_user(self.user_specialist).write({"urgency": "urgent"})

    def test_only_the_handler_starts_and_finishes(self):
        request = self.claimed()
        for user in (self.user_handler_other, self.user_specialist):
            with self.assertRaises(AccessError):
                self.act(request, user, "action_start")
        self.assertEqual(request.state, "assigned")

    def test_breach_escalates_to_department_manager(self):
        request = self.create_request()
        self.run_clocks(T0 + timedelta(hours=2, minutes=1))
        self.assertTrue(request.response_breached)
        self.assertTrue(self.escalations(request, self.user_department_manager))
        self.assertEqual(request.sla_status, "breached")

    def test_callback_closes_the_demand(self):
        request = self.create_request(type_id=self.type_area.id)
        self.assertEqual(request.user_id, self.user_area_manager)
        request.with_user(self.user_area_manager).answer = "<p>Lift repaired</p>"
        self.act(request, self.user_area_manager, "action_done")
        callback = request.callback_ids
        self.assertEqual(callback.callback_type, "request")
        # the call agent records no callback: the area manager of the unit does
        self.assertEqual(callback.user_id, self.user_area_manager)
        # waiting for its callback, a demand is not closed by hand
        with self.assertRaisesRegex(UserError, "callback"):
            self.act(request, self.user_specialist, "action_close")
        callback.with_user(self.user_specialist).write({"outcome": "satisfied"})
        callback.with_user(self.user_specialist).action_done()
        self.assertEqual(request.state, "closed")

    def test_callback_by_the_first_responsible_of_customer_service(self):
        request = self.create_request(
            type_id=self.type_area.id, user=self.user_specialist
        )
        request.with_user(self.user_area_manager).answer = "<p>Done</p>"
        self.act(request, self.user_area_manager, "action_done")
        self.assertEqual(request.callback_ids.user_id, self.user_specialist)

    def test_unsatisfied_callback_reopens(self):
        request = self.create_request(type_id=self.type_area.id)
        request.with_user(self.user_area_manager).answer = "<p>Lift repaired</p>"
        self.act(request, self.user_area_manager, "action_done")
        callback = request.callback_ids.with_user(self.user_specialist)
        callback.write({"outcome": "unsatisfied", "unsatisfied_action": "reopen"})
        callback.action_done()
        self.assertEqual(request.state, "in_progress")
        self.assertFalse(request.done_at)
        self.assertTrue(callback.liaison_letter_id)


@tagged("post_install", "-at_install")
class TestRequestChaseExtension(DeskCase):
    def test_chase_counted_and_escalated_once(self):
        request = self.create_request()
        request.with_user(self.user_call_agent).chase_note = "Still dark"
        self.act(request, self.user_call_agent, "action_chase")
        self.assertEqual(request.chase_count, 1)
        self.assertFalse(request.chase_escalated)
        self.assertIn("Still dark", request.message_ids[0].body)
        self.act(request, self.user_call_agent, "action_chase")
        self.assertTrue(request.chase_escalated)
        self.assertEqual(
            len(self.escalations(request, self.user_department_manager)), 1
        )
        self.act(request, self.user_call_agent, "action_chase")
        self.assertEqual(request.chase_count, 3)
        self.assertEqual(
            len(self.escalations(request, self.user_department_manager)), 1
        )

    def test_chase_refused(self):
        request = self.create_request()
        with self.assertRaises(AccessError):
            self.act(request, self.user_handler, "action_chase")
        with self.assertRaises(UserError):
            request.with_user(self.user_call_agent).write({"chase_count": 5})
        self.assertEqual(request.chase_count, 0)

    def test_extension_approved_moves_the_completion_clock(self):
        request = self.create_request()
        self.act(request, self.user_handler, "action_claim")
        new_deadline = T0 + timedelta(hours=48)
        handler = request.with_user(self.user_handler)
        with self.assertRaises(UserError):
            self.act(request, self.user_handler, "action_request_extension")
        handler.write({"extension_reason": "Part on order"})
        handler.write({"extension_new_deadline": T0 + timedelta(hours=1)})
        with self.assertRaises(ValidationError):
            self.act(request, self.user_handler, "action_request_extension")
        handler.write({"extension_new_deadline": new_deadline})
        self.act(request, self.user_handler, "action_request_extension")
        self.assertEqual(request.extension_state, "requested")
        # fixed while the supervisor decides
        with self.assertRaises(UserError):
            handler.write({"extension_new_deadline": T0 + timedelta(days=30)})
        for user in (
            self.user_handler,
            self.user_department_manager,
            self.user_area_manager,
        ):
            with self.assertRaises(AccessError):
                self.act(request, user, "action_approve_extension")
        self.assertEqual(request.completion_deadline, T0 + timedelta(hours=24))
        asked = request.activity_ids.filtered(
            lambda a: a.summary == f"Extension requested on {request.name}"
        )
        self.assertEqual(asked.user_id, self.user_manager)
        self.act(request, self.user_supervisor, "action_approve_extension")
        self.assertFalse(asked.exists())
        self.assertEqual(request.extension_state, "approved")
        self.assertEqual(request.completion_deadline, new_deadline)
        line = request.clock_ids.filtered(lambda c: c.code == "request_completion")
        self.assertEqual(line.deadline, new_deadline)

    def test_extension_refused_keeps_the_deadline(self):
        request = self.create_request()
        self.act(request, self.user_handler, "action_claim")
        request.with_user(self.user_handler).write(
            {
                "extension_reason": "Busy",
                "extension_new_deadline": T0 + timedelta(hours=30),
            }
        )
        self.act(request, self.user_handler, "action_request_extension")
        self.act(request, self.user_supervisor, "action_refuse_extension")
        self.assertEqual(request.extension_state, "refused")
        self.assertEqual(request.completion_deadline, T0 + timedelta(hours=24))


@tagged("post_install", "-at_install")
class TestRequestConversion(DeskCase):
    def test_convert_to_complaint_keeps_history(self):
        request = self.create_request()
        action = self.act(request, self.user_specialist, "action_convert_to_complaint")
        complaint = self.env["property.crm.complaint"].browse(action["res_id"])
        self.assertEqual(request.state, "converted")
        self.assertEqual(request.complaint_id, complaint)
        self.assertEqual(complaint.request_id, request)
        self.assertEqual(complaint.received_by_id, self.user_call_agent)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertIn(request.name, complaint.message_ids.mapped("body")[0])
        self.assertTrue(
            all(line.state == "cancelled" for line in request.clock_ids)
            or not request.clock_ids.filtered(lambda c: c.state == "running")
        )

    def test_convert_to_repair(self):
        request = self.create_request()
        action = self.act(request, self.user_specialist, "action_convert_to_repair")
        order = self.env["property.crm.repair.order"].browse(action["res_id"])
        self.assertEqual(request.repair_order_id, order)
        self.assertEqual(order.request_id, request)
        self.assertEqual(order.unit_id, self.unit_east)
        self.assertEqual(order.department_id, self.department_engineering)

    def test_conversion_refused(self):
        request = self.create_request()
        for user in (self.user_handler, self.user_call_agent):
            with self.assertRaises(AccessError):
                self.act(request, user, "action_convert_to_complaint")
        self.assertEqual(request.state, "new")
        self.assertFalse(
            self.env["property.crm.complaint"].search([("request_id", "=", request.id)])
        )
