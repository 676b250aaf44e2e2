from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_finance import PropertyCrmFinanceCase


class PropertyCrmOwnerRelationsCase(PropertyCrmFinanceCase):
    """An owner lease of the east area, another of the west (seed 000 篇3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Letter = cls.env["property.crm.liaison.letter"]
        cls.Repair = cls.env["property.crm.repair.order"]
        cls.Lead = cls.env["property.crm.owner.lead"]
        cls.lease_east = cls._lease(kind="owner", partner_id=cls.owner.id)
        cls.owner_west = cls.env["res.partner"].create(
            {"name": "PCRM West Owner Group", "is_company": True}
        )
        cls.lease_west = cls._lease(
            kind="owner",
            partner_id=cls.owner_west.id,
            unit_ids=[Command.set(cls.unit_west.ids)],
        )

    def _letter_values(self, **vals):
        values = {
            "from_department_id": self.department_engineering.id,
            "to_department_id": self.department_security.id,
            "subject": "Fire pump replacement",
            "description": "<p>The owner replaces the fire pump.</p>",
            "cooperation_kind": "fire_safety",
        }
        values.update(vals)
        return values

    def _repair_values(self, **vals):
        values = {
            "unit_id": self.unit_east.id,
            "partner_id": self.owner.id,
            "description": "<p>Water main leaking in the plant room.</p>",
        }
        values.update(vals)
        return values

    def _lead_values(self, **vals):
        values = {
            "partner_id": self.owner.id,
            "lease_id": self.lease_east.id,
            "name": "Riverside Office Tower",
            "address": "88 Binhai Avenue",
            "area_sqm": 12500.0,
            "expected_rent": 260000.0,
        }
        values.update(vals)
        return values


@tagged("post_install", "-at_install")
class TestOwnerCooperation(PropertyCrmOwnerRelationsCase):
    """The owner's cooperation requests (維護、消防、水電) linked to the lease."""

    def test_cooperation_request_from_the_lease(self):
        action = self.lease_east.with_user(
            self.user_area_manager
        ).action_new_cooperation_request()
        self.assertEqual(action["res_model"], "property.crm.liaison.letter")
        context = action["context"]
        self.assertEqual(context["default_lease_id"], self.lease_east.id)
        self.assertIn(self.owner.name, context["default_subject"])
        self.assertIn(self.lease_east.name, context["default_subject"])
        form = Form(
            self.Letter.with_user(self.user_area_manager).with_context(**context)
        )
        self.assertEqual(form.lease_id, self.lease_east)
        self.assertEqual(form.lease_partner_id, self.owner)
        form.from_department_id = self.department_engineering
        form.to_department_id = self.department_security
        form.cooperation_kind = "fire_safety"
        letter = form.save()
        self.assertEqual(letter.lease_id, self.lease_east)
        self.assertEqual(letter.area_id, self.area_east)
        self.assertIn(self.lease_east.name, letter.description)
        # finance, who manages the lease, sees the request there, counted
        lease = self.lease_east.with_user(self.user_finance)
        self.assertEqual(lease.liaison_letter_count, 1)
        self.assertEqual(lease.liaison_letter_ids, letter)
        action = lease.action_view_liaison_letters()
        self.assertEqual(
            self.Letter.with_user(self.user_finance).search(action["domain"]), letter
        )
        self.assertEqual(action["context"]["default_lease_id"], lease.id)
        self.assertEqual(self.lease_west.liaison_letter_count, 0)

    def test_repair_order_from_the_lease(self):
        action = self.lease_east.with_user(
            self.user_area_manager
        ).action_new_repair_order()
        context = action["context"]
        self.assertEqual(action["res_model"], "property.crm.repair.order")
        self.assertEqual(context["default_lease_id"], self.lease_east.id)
        self.assertEqual(context["default_unit_id"], self.unit_east.id)
        self.assertEqual(context["default_partner_id"], self.owner.id)
        order = (
            self.Repair.with_user(self.user_area_manager)
            .with_context(**context)
            .create({"description": "<p>Leak</p>", "cooperation_kind": "utilities"})
        )
        self.assertEqual(order.lease_id, self.lease_east)
        self.assertEqual(order.unit_id, self.unit_east)
        self.assertEqual(order.building_id, self.building_east)
        self.assertEqual(order.partner_id, self.owner)
        lease = self.lease_east.with_user(self.user_finance)
        self.assertEqual(lease.repair_order_count, 1)
        action = lease.action_view_repair_orders()
        self.assertEqual(
            self.Repair.with_user(self.user_finance).search(action["domain"]), order
        )
        # finance reads the repairs of leases only; customer service all of them
        other = self.Repair.create(self._repair_values(partner_id=self.customer.id))
        self.assertEqual(
            self.Repair.with_user(self.user_finance).search(
                [("id", "in", (order | other).ids)]
            ),
            order,
        )
        self.assertEqual(
            self.Repair.with_user(self.user_specialist).search(
                [("id", "in", (order | other).ids)]
            ),
            order | other,
        )

    def test_repair_unit_belongs_to_the_lease(self):
        with self.assertRaisesRegex(ValidationError, "not leased"):
            self.Repair.with_user(self.user_manager).create(
                self._repair_values(
                    unit_id=self.unit_west.id, lease_id=self.lease_east.id
                )
            )

    def test_finance_alone_writes_no_letter(self):
        with self.assertRaises(AccessError):
            self.lease_east.with_user(
                self.user_finance
            ).action_new_cooperation_request()
        with self.assertRaises(AccessError):
            self.Letter.with_user(self.user_finance).create(
                self._letter_values(lease_id=self.lease_east.id)
            )

    def test_lease_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "PCRM Other Company"})
        lease_other = self.Lease.create(
            {
                "kind": "owner",
                "company_id": other.id,
                "partner_id": self.owner.id,
                "date_start": "2024-01-01",
                "date_end": "2024-12-31",
                "rent_amount": 500.0,
                "currency_id": other.currency_id.id,
            }
        )
        self.user_manager.company_ids = [Command.link(other.id)]
        manager = self.user_manager.with_context(
            allowed_company_ids=[self.company.id, other.id]
        )
        # a manager of both companies: the letter's company is not the lease's
        with self.assertRaises(UserError):
            self.Letter.with_user(manager).create(
                self._letter_values(lease_id=lease_other.id)
            )
        with self.assertRaises(UserError):
            self.Repair.with_user(manager).create(
                self._repair_values(lease_id=lease_other.id)
            )
        # a user of this company alone does not even read it
        with self.assertRaises(AccessError):
            self.Letter.with_user(self.user_area_manager).create(
                self._letter_values(lease_id=lease_other.id)
            )
        self.assertFalse(self.Letter.search([("lease_id", "=", lease_other.id)]))

    def test_unreadable_lease_refused(self):
        """The east area manager does not read the west lease: no link to it,
        neither in the values, nor as a context default, nor by a later write."""
        user = self.user_area_manager
        with self.assertRaisesRegex(AccessError, self.lease_west.name):
            self.Letter.with_user(user).create(
                self._letter_values(lease_id=self.lease_west.id)
            )
        with self.assertRaises(AccessError):
            self.Letter.with_user(user).with_context(
                default_lease_id=self.lease_west.id
            ).create(self._letter_values())
        letter = self.Letter.with_user(user).create(
            self._letter_values(lease_id=self.lease_east.id)
        )
        with self.assertRaises(AccessError):
            letter.write({"lease_id": self.lease_west.id})
        self.assertEqual(letter.lease_id, self.lease_east)
        with self.assertRaises(AccessError):
            self.Repair.with_user(user).create(
                self._repair_values(
                    unit_id=self.unit_west.id, lease_id=self.lease_west.id
                )
            )
        # a specialist reads no lease at all
        with self.assertRaises(AccessError):
            self.Letter.with_user(self.user_specialist).create(
                self._letter_values(lease_id=self.lease_east.id)
            )
        self.assertEqual(self.lease_west.liaison_letter_count, 0)
        self.assertEqual(self.lease_west.repair_order_count, 0)

    def test_lease_fixed_once_replied(self):
        letter = self.Letter.with_user(self.user_manager).create(
            self._letter_values(lease_id=self.lease_east.id)
        )
        letter._workflow_write({"state": "replied"})
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            letter.with_user(self.user_manager).write({"cooperation_kind": "other"})
        self.assertEqual(letter.cooperation_kind, "fire_safety")


@tagged("post_install", "-at_install")
class TestOwnerLead(PropertyCrmOwnerRelationsCase):
    """業主集團提供的其他物業資源: the leads of other properties, noted on the owner."""

    def test_lead_noted_on_the_owner(self):
        lead = self.Lead.with_user(self.user_finance).create(self._lead_values())
        self.assertEqual(lead.state, "new")
        self.assertEqual(lead.user_id, self.user_finance)
        note = self.owner.message_ids.filtered(
            lambda m: f'data-oe-id="{lead.id}"' in m.body
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn('data-oe-model="property.crm.owner.lead"', note.body)
        self.assertIn(lead.name, note.body)
        self.assertEqual(note.author_id, self.user_finance.partner_id)
        owner = self.owner.with_user(self.user_finance)
        self.assertEqual(owner.property_crm_owner_lead_count, 1)
        action = owner.action_view_property_crm_owner_leads()
        self.assertEqual(
            self.Lead.with_user(self.user_finance).search(action["domain"]), lead
        )
        lease = self.lease_east.with_user(self.user_finance)
        self.assertEqual(lease.owner_lead_count, 1)
        self.assertEqual(
            lease.action_view_owner_leads()["context"]["default_partner_id"],
            self.owner.id,
        )

    def test_state_through_the_buttons_only(self):
        Lead = self.Lead.with_user(self.user_finance)
        with self.assertRaisesRegex(UserError, "workflow buttons"):
            Lead.create(self._lead_values(state="accepted"))
        lead = Lead.with_context(default_state="accepted").create(self._lead_values())
        self.assertEqual(lead.state, "new")
        with self.assertRaisesRegex(UserError, "workflow buttons"):
            lead.write({"state": "accepted"})
        # an area manager reads the lead of an owner of the area, nothing more
        as_area = lead.with_user(self.user_area_manager)
        self.assertEqual(as_area.name, lead.name)
        # refused: the state is no field to write, the lead none to write for them
        with self.assertRaises(UserError):
            as_area.write({"state": "accepted"})
        with self.assertRaises(AccessError):
            as_area.write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            as_area.action_evaluate()
        with self.assertRaises(AccessError):
            self.Lead.with_user(self.user_area_manager).create(self._lead_values())
        self.assertEqual(lead.state, "new")
        self.env.cr.precommit.run()
        lead.action_evaluate()
        with self.assertRaises(UserError):
            lead.action_evaluate()
        lead.action_accept()
        self.env.cr.precommit.run()
        self.assertEqual(lead.state, "accepted")
        tracked = lead.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(
            sorted(tracked.mapped("new_value_char")), ["Accepted", "Evaluating"]
        )
        lead.action_reset()
        lead.with_user(self.user_manager).action_decline()
        self.assertEqual(lead.state, "declined")

    def test_lease_of_another_owner_refused(self):
        Lead = self.Lead.with_user(self.user_finance)
        with self.assertRaisesRegex(ValidationError, "no owner lease"):
            Lead.create(self._lead_values(lease_id=self.lease_west.id))
        tenant = self._lease(unit_ids=[Command.set(self.unit_west.ids)])
        with self.assertRaisesRegex(ValidationError, "no owner lease"):
            Lead.create(
                self._lead_values(lease_id=tenant.id, partner_id=self.customer.id)
            )
        lead = Lead.create(self._lead_values())
        with self.assertRaises(ValidationError):
            lead.write({"partner_id": self.owner_west.id})
        self.assertEqual(lead.partner_id, self.owner)

    def test_bad_figures_refused(self):
        Lead = self.Lead.with_user(self.user_finance)
        with self.assertRaisesRegex(ValidationError, "area"):
            Lead.create(self._lead_values(area_sqm=-5.0))
        with self.assertRaisesRegex(ValidationError, "expected rent"):
            Lead.create(self._lead_values(expected_rent=-1.0))
        lead = Lead.create(self._lead_values(area_sqm=0.0, lease_id=False))
        with self.assertRaises(ValidationError):
            lead.write({"area_sqm": -1.0})
        self.assertEqual(lead.area_sqm, 0.0)

    def test_record_rules(self):
        lead = self.Lead.create(self._lead_values())
        lead_west = self.Lead.create(
            self._lead_values(partner_id=self.owner_west.id, lease_id=False)
        )
        leads = lead | lead_west
        for user in (self.user_specialist, self.user_handler):
            with self.assertRaises(AccessError):
                self.Lead.with_user(user).search([])
            with self.assertRaises(AccessError):
                lead.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.Lead.with_user(user).create(self._lead_values())
        # the west owner has a west lease: the west lead is the west manager's
        self.assertEqual(
            self.Lead.with_user(self.user_area_manager).search(
                [("id", "in", leads.ids)]
            ),
            lead,
        )
        self.assertEqual(
            self.Lead.with_user(self.user_area_manager_west).search(
                [("id", "in", leads.ids)]
            ),
            lead_west,
        )
        with self.assertRaises(AccessError):
            lead_west.with_user(self.user_area_manager).read(["name"])
        self.assertEqual(
            self.Lead.with_user(self.user_finance).search([("id", "in", leads.ids)]),
            leads,
        )
        other = self.env["res.company"].create({"name": "PCRM Other Company"})
        lead_other = self.Lead.create(
            self._lead_values(company_id=other.id, lease_id=False)
        )
        self.assertFalse(
            self.Lead.with_user(self.user_finance).search([("id", "=", lead_other.id)])
        )
