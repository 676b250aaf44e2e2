from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_desk import T0, DeskCase


@tagged("post_install", "-at_install")
class TestHandover(DeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit_new = cls.env["property.crm.unit"].create(
            {"name": "E-0101", "building_id": cls.building_east.id}
        )
        cls.waterproofing = cls.env.ref("property_crm.warranty_component_waterproofing")
        cls.decoration = cls.env.ref("property_crm.warranty_component_decoration")

    def make_handover(self):
        with freeze_time(T0):
            handover = (
                self.env["property.crm.handover"]
                .with_user(self.user_specialist)
                .create(
                    {
                        "unit_id": self.unit_new.id,
                        "partner_id": self.customer.id,
                        "handover_date": date(2026, 3, 2),
                        "item_ids": [
                            Command.create({"name": "Walls", "result": "ok"}),
                            Command.create(
                                {
                                    "name": "Bathroom floor",
                                    "component_id": self.waterproofing.id,
                                    "result": "defect",
                                    "defect": "Water seeps under the door",
                                    "department_id": self.department_engineering.id,
                                    "deadline": T0 + timedelta(days=3),
                                }
                            ),
                        ],
                    }
                )
            )
            self.env.flush_all()
        return handover

    def test_rectification_and_acceptance(self):
        handover = self.make_handover()
        defect = handover.item_ids.filtered(lambda i: i.result == "defect")
        with self.assertRaises(UserError):
            handover.with_user(self.user_specialist).action_accept()
        with freeze_time(T0):
            handover.with_user(self.user_specialist).action_send_rectification()
            self.env.flush_all()
        self.assertEqual(handover.state, "rectifying")
        self.assertEqual(defect.state, "sent")
        line = defect.clock_ids
        self.assertEqual(line.code, "handover_rectification")
        self.assertEqual(line.deadline, T0 + timedelta(days=3))
        # the other department neither sees nor rectifies it
        self.assertFalse(
            self.env["property.crm.handover.item"]
            .with_user(self.user_handler_other)
            .search([("id", "=", defect.id)])
        )
        with self.assertRaises(AccessError):
            defect.with_user(self.user_handler_other).action_rectified()
        # the department's handler writes only the note
        with self.assertRaises(UserError):
            defect.with_user(self.user_handler).write(
                {"deadline": datetime(2027, 1, 1)}
            )
        defect.with_user(self.user_handler).write({"rectification_note": "Resealed"})
        with freeze_time(T0 + timedelta(days=1)):
            defect.with_user(self.user_handler).action_rectified()
            self.env.flush_all()
        self.assertEqual(defect.state, "rectified")
        self.assertEqual(line.state, "met")
        handover.with_user(self.user_specialist).action_accept()
        self.assertEqual(handover.state, "accepted")
        self.assertEqual(self.unit_new.handover_date, date(2026, 3, 2))
        with self.assertRaises(UserError):
            handover.with_user(self.user_supervisor).write(
                {"handover_date": date(2026, 4, 1)}
            )

    def test_overdue_rectification_escalates(self):
        handover = self.make_handover()
        with freeze_time(T0):
            handover.with_user(self.user_specialist).action_send_rectification()
            self.env.flush_all()
        defect = handover.item_ids.filtered(lambda i: i.result == "defect")
        self.run_clocks(T0 + timedelta(days=3, minutes=1))
        self.assertEqual(defect.sla_status, "breached")
        self.assertTrue(self.escalations(defect, self.user_department_manager))

    def test_handover_refused_to_non_staff(self):
        with self.assertRaises(AccessError):
            self.env["property.crm.handover"].with_user(self.user_handler).create(
                {"unit_id": self.unit_new.id, "partner_id": self.customer.id}
            )
        handover = self.make_handover()
        with self.assertRaises(UserError):
            handover.with_user(self.user_specialist).write({"state": "accepted"})
        self.assertEqual(handover.state, "draft")


@tagged("post_install", "-at_install")
class TestWarrantyByComponent(DeskCase):
    def test_component_period_decides_the_warranty(self):
        self.unit_east.handover_date = date(2023, 3, 1)
        Order = self.env["property.crm.repair.order"].with_user(self.user_specialist)
        values = {
            "unit_id": self.unit_east.id,
            "partner_id": self.customer.id,
            "description": "<p>Leak</p>",
            "reported_at": datetime(2026, 3, 2, 1, 0),
        }
        waterproofing = Order.create(
            dict(
                values,
                component_id=self.env.ref(
                    "property_crm.warranty_component_waterproofing"
                ).id,
            )
        )
        decoration = Order.create(
            dict(
                values,
                component_id=self.env.ref(
                    "property_crm.warranty_component_decoration"
                ).id,
            )
        )
        self.assertTrue(waterproofing.in_warranty)
        self.assertEqual(waterproofing.warranty_end, date(2028, 3, 1))
        self.assertFalse(decoration.in_warranty)
        self.assertEqual(decoration.warranty_end, date(2025, 3, 1))
        # the period is configurable
        self.env.ref("property_crm.warranty_component_decoration").years = 5
        self.assertTrue(decoration.in_warranty)
