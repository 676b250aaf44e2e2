from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PropertyCrmCase


@tagged("post_install", "-at_install")
class TestPartner(PropertyCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.Unit = cls.env["property.crm.unit"]

    # ------------------------------------------------------------------
    # property structure
    # ------------------------------------------------------------------

    def test_unit_code_unique_per_building(self):
        count = self.Unit.search_count([])
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.Unit.create({"name": "E-1201", "building_id": self.building_east.id})
            self.env.flush_all()
        self.assertEqual(self.Unit.search_count([]), count)
        # the same code in another building is another unit
        unit = self.Unit.create(
            {"name": "E-1201", "building_id": self.building_west.id}
        )
        self.env.flush_all()
        self.assertEqual(unit.area_id, self.area_west)
        self.assertEqual(self.Unit.search_count([]), count + 1)
        # renaming a unit onto an existing code of its building fails as well
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            unit.write({"name": "W-0502"})
            self.env.flush_all()
        self.assertEqual(unit.name, "E-1201")

    def test_unit_floor_area_not_negative(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.Unit.create(
                {"name": "E-0001", "building_id": self.building_east.id, "area_sqm": -5}
            )
            self.env.flush_all()

    def test_unit_display_name_and_area(self):
        self.assertEqual(self.unit_east.display_name, "East Tower 1 E-1201")
        self.assertEqual(self.unit_east.area_id, self.area_east)
        self.assertEqual(self.area_east.building_count, 1)
        self.assertEqual(self.building_east.unit_count, 1)

    # ------------------------------------------------------------------
    # identity documents
    # ------------------------------------------------------------------

    def test_prc_id_number_checked(self):
        for number in (
            "110105194912310021",  # wrong check digit
            "11010519491231002",  # 17 characters
            "1101051949123100X2",  # X not at the end
            "A1010519491231002X",
        ):
            with self.assertRaises(ValidationError, msg=number):
                self.customer.write({"id_number": number})
            self.assertEqual(self.customer.id_number, "11010519491231002X")
        with self.assertRaises(ValidationError):
            self.Partner.create(
                {
                    "name": "Bad ID",
                    "customer_kind": "individual",
                    "id_number": "123456789012345678",
                }
            )
        self.assertFalse(self.Partner.search([("name", "=", "Bad ID")]))
        # a lower-case check letter is stored in upper case, spaces trimmed
        self.customer_west.write({"id_number": " 11010519491231002x "})
        self.assertEqual(self.customer_west.id_number, "11010519491231002X")
        self.customer_west.write({"id_number": "310104198001010017"})
        self.assertEqual(self.customer_west.id_number, "310104198001010017")
        # other documents are not checked against the PRC format
        self.customer_west.write({"id_type": "passport", "id_number": "E12345678"})
        self.assertEqual(self.customer_west.id_number, "E12345678")
        # switching back to a resident card re-checks the number
        with self.assertRaises(ValidationError):
            self.customer_west.write({"id_type": "prc_id"})

    def test_credit_code_format(self):
        with self.assertRaises(ValidationError):
            self.enterprise.write({"id_number": "91350100M000100Y4"})  # 17 characters
        with self.assertRaises(ValidationError):
            self.enterprise.write({"id_number": "91350100M000100YI3"})  # I is not used
        self.assertEqual(self.enterprise.id_number, "91350100M000100Y43")
        self.enterprise.write({"id_number": "91440300MA5DC1234K"})
        self.assertEqual(self.enterprise.id_number, "91440300MA5DC1234K")
        with self.assertRaises(ValidationError):
            self.Partner.create(
                {
                    "name": "Bad Code Ltd.",
                    "customer_kind": "enterprise",
                    "id_type": "credit_code",
                    "id_number": "12345",
                }
            )

    # ------------------------------------------------------------------
    # individual / enterprise
    # ------------------------------------------------------------------

    def test_enterprise_needs_name(self):
        for name in ("", "   "):
            with self.assertRaises(ValidationError, msg=repr(name)):
                self.Partner.create({"name": name, "customer_kind": "enterprise"})
            with self.assertRaises(ValidationError, msg=repr(name)):
                self.enterprise.write({"name": name})
        self.assertEqual(self.enterprise.name, "Shenzhen Example Trading Co., Ltd.")
        # an individual becoming an enterprise must bring a name too
        with self.assertRaises(ValidationError):
            self.customer_west.write({"customer_kind": "enterprise", "name": " "})
        self.assertEqual(self.customer_west.customer_kind, "individual")

    def test_enterprise_is_company(self):
        partner = self.Partner.create(
            {"name": "Guangzhou Tech Ltd.", "customer_kind": "enterprise"}
        )
        self.assertTrue(partner.is_company)
        self.assertTrue(self.enterprise.is_company)
        self.assertFalse(self.customer.is_company)

    def test_customer_kind_onchange(self):
        with Form(self.Partner) as form:
            form.name = "Shenzhen New Ltd."
            form.customer_kind = "enterprise"
            self.assertTrue(form.is_company)
            self.assertEqual(form.id_type, "credit_code")
            form.customer_kind = "individual"
            self.assertFalse(form.is_company)

    # ------------------------------------------------------------------
    # computed fields
    # ------------------------------------------------------------------

    def test_property_fields_follow_unit(self):
        customer = self.customer
        self.assertEqual(customer.property_unit_id, self.unit_east)
        self.assertEqual(customer.property_building_id, self.building_east)
        self.assertEqual(customer.property_area_id, self.area_east)
        self.assertEqual(customer.property_layout, "3室2廳")
        self.assertAlmostEqual(customer.property_floor_area, 98.5)
        # the unit moves to another building (of another area)
        building = self.env["property.crm.building"].create(
            {"name": "West Tower 2", "area_id": self.area_west.id}
        )
        self.unit_east.building_id = building
        self.assertEqual(customer.property_building_id, building)
        self.assertEqual(customer.property_area_id, self.area_west)
        # the building moves to another area
        building.area_id = self.area_east
        self.assertEqual(customer.property_area_id, self.area_east)
        self.assertEqual(
            self.Partner.search(
                [("property_area_id", "=", self.area_east.id), ("id", "=", customer.id)]
            ),
            customer,
            "the stored area must be searchable",
        )
        # the customer moves
        customer.unit_ids = [Command.set(self.unit_west.ids)]
        self.assertEqual(customer.property_unit_id, self.unit_west)
        self.assertEqual(customer.property_area_id, self.area_west)
        self.assertEqual(customer.property_layout, "2室1廳")
        # and owns a second unit: floor areas add up
        customer.unit_ids = [Command.link(self.unit_east.id)]
        self.assertAlmostEqual(customer.property_floor_area, 76.0 + 98.5)
        customer.unit_ids = [Command.clear()]
        self.assertFalse(customer.property_area_id)
        self.assertFalse(customer.property_building_id)
        self.assertEqual(customer.property_floor_area, 0)

    def test_unit_occupants_are_customers(self):
        self.assertEqual(self.unit_east.partner_ids, self.customer | self.enterprise)
        self.unit_west.partner_ids = [Command.link(self.customer.id)]
        self.assertIn(self.unit_west, self.customer.unit_ids)

    @freeze_time("2025-06-15")
    def test_age_from_birthday(self):
        customer = self.customer
        customer.birthday = fields.Date.to_date("1990-06-15")
        self.assertEqual(customer.age, 35)
        customer.birthday = fields.Date.to_date("1990-06-16")
        self.assertEqual(customer.age, 34)
        customer.birthday = fields.Date.to_date("2000-02-29")
        self.assertEqual(customer.age, 25)
        customer.birthday = False
        self.assertEqual(customer.age, 0)

    def test_changes_are_tracked_with_author(self):
        self.customer.with_user(self.user_specialist).write(
            {
                "consent_channel": "paper",
                "legal_representative": False,
                "gender": "female",
            }
        )
        self.env.flush_all()
        self.env.cr.flush()
        message = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.customer.id)], limit=1
        )
        self.assertEqual(message.author_id, self.user_specialist.partner_id)
        self.assertEqual(
            set(message.tracking_value_ids.field_id.mapped("name")),
            {"consent_channel", "gender"},
        )
