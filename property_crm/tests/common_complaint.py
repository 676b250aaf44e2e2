from datetime import datetime

from freezegun import freeze_time

from .common import PropertyCrmCase

# a Monday morning, UTC (Odoo stores naive UTC datetimes)
T0 = datetime(2026, 3, 2, 1, 0, 0)


class ComplaintCase(PropertyCrmCase):
    """Complaint fixtures and helpers to run the SLA watchdog at a given moment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["property.crm.complaint"]
        cls.Sheet = cls.env["property.crm.handling.sheet"]
        cls.Letter = cls.env["property.crm.liaison.letter"]
        cls.cron = cls.env.ref("property_crm.ir_cron_sla_watchdog")
        cls.escalation_type = cls.env.ref("property_crm.mail_activity_type_escalation")
        # each model has its own escalation subtype (bound to it)
        cls.escalation_subtype = cls.env["mail.message.subtype"].browse(
            [
                cls.env.ref(f"property_crm.{xmlid}").id
                for xmlid in (
                    "mt_escalation",
                    "mt_handling_sheet_escalation",
                    "mt_callback_escalation",
                    "mt_callback_unsatisfied",
                    "mt_liaison_letter_escalation",
                    "mt_repair_order_escalation",
                )
            ]
        )
        # the head: a configured user, so that escalations have one known target
        cls.company.property_crm_head_user_id = cls.user_manager

    def create_complaint(self, at=T0, user=None, **vals):
        values = {
            "partner_id": self.customer.id,
            "unit_id": self.unit_east.id,
            "description": "<p>Water leaking from the ceiling</p>",
            "received_at": at,
        }
        values.update(vals)
        with freeze_time(at):
            complaint = self.Complaint.with_user(user or self.user_specialist).create(
                values
            )
            self.env.flush_all()
        return complaint.with_user(self.env.user)

    def run_watchdog(self, at):
        with freeze_time(at):
            self.Complaint._cron_sla_watchdog()
            self.env.flush_all()
            # what a commit does: tracking messages are written in precommit
            self.env.cr.precommit.run()

    def escalations(self, record, user=None):
        activities = record.activity_ids.filtered(
            lambda a: a.activity_type_id == self.escalation_type
        )
        if user is not None:
            activities = activities.filtered(lambda a: a.user_id == user)
        return activities

    def escalation_messages(self, record):
        return record.message_ids.filtered(
            lambda m: m.subtype_id in self.escalation_subtype
        )

    def triggers_at(self, moment):
        return self.env["ir.cron.trigger"].search(
            [("cron_id", "=", self.cron.id), ("call_at", "=", moment)]
        )
