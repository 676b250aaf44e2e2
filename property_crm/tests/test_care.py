from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import mute_logger, tagged

from ..models.property_crm_care_occasion import lunar_to_solar
from .common_care import CareCase


@tagged("post_install", "-at_install")
class TestCare(CareCase):
    """The care calendar (seed 002 §四(一)): festivals, birthdays, anniversaries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Occasion = cls.env["property.crm.care.occasion"]
        cls.Greeting = cls.env["property.crm.care.greeting"]
        cls.spring = cls.env.ref("property_crm.care_occasion_spring")
        cls.mid_autumn = cls.env.ref("property_crm.care_occasion_mid_autumn")
        cls.birthday = cls.env.ref("property_crm.care_occasion_birthday")
        cls.anniversary = cls.env.ref("property_crm.care_occasion_anniversary")
        cls.visit_type = cls.env.ref("property_crm.mail_activity_type_care_visit")
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.customer.write({"property_crm_contact_consent": True, "lang": "zh_CN"})
        cls.customer_west.write({"property_crm_contact_consent": True, "lang": "en_US"})
        cls.enterprise.write(
            {
                "property_crm_contact_consent": True,
                "is_key_account": True,
                "key_account_user_id": cls.user_specialist.id,
                "founding_date": date(2008, 9, 20),
            }
        )
        cls.mid_autumn.with_context(lang="zh_CN").name = "中秋節"
        cls.mid_autumn.with_context(lang="en_US").name = "Mid-Autumn Festival"

    def run_cron(self, day):
        with freeze_time(day):
            self.Occasion._cron_schedule_greetings()
            self.env.flush_all()

    def greetings(self, partner, occasion=None):
        domain = [("partner_id", "=", partner.id)]
        if occasion:
            domain.append(("occasion_id", "=", occasion.id))
        return self.Greeting.search(domain)

    def mails(self, greetings):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "property.crm.care.greeting"),
                ("res_id", "in", greetings.ids),
            ]
        )

    def test_lunar_festival_dates(self):
        expected = {
            (2026, "spring"): date(2026, 2, 17),
            (2027, "spring"): date(2027, 2, 6),
            (2028, "spring"): date(2028, 1, 26),
            (2027, "mid_autumn"): date(2027, 9, 15),
            (2028, "mid_autumn"): date(2028, 10, 3),
            (2027, "dragon_boat"): date(2027, 6, 9),
            (2028, "lantern"): date(2028, 2, 9),
            (2028, "double_ninth"): date(2028, 10, 26),
        }
        for (year, code), day in expected.items():
            occasion = self.env.ref(f"property_crm.care_occasion_{code}")
            self.assertEqual(occasion._date_for_year(year), day, f"{code} {year}")
        # a 30th that the lunar month lacks falls on the 29th
        self.assertEqual(lunar_to_solar(2027, 12, 30), date(2028, 1, 25))
        national = self.env.ref("property_crm.care_occasion_national")
        self.assertEqual(national._date_for_year(2027), date(2027, 10, 1))
        with freeze_time("2027-09-01"):
            self.mid_autumn.invalidate_recordset(["next_date"])
            self.assertEqual(self.mid_autumn.next_date, date(2027, 9, 15))

    def test_festival_greeting_exactly_once(self):
        self.run_cron(date(2027, 9, 1))  # 14 days before: too early
        self.assertFalse(self.greetings(self.customer, self.mid_autumn))
        self.run_cron(date(2027, 9, 12))
        self.run_cron(date(2027, 9, 13))
        greeting = self.greetings(self.customer, self.mid_autumn)
        self.assertEqual(len(greeting), 1)
        self.assertEqual(
            (greeting.year, greeting.occasion_date), (2027, date(2027, 9, 15))
        )
        mail = self.mails(greeting)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.customer, mail.recipient_ids)
        # in the customer's language
        self.assertIn("中秋節", mail.subject)
        self.assertEqual(self.customer_west.lang, "en_US")
        west_mail = self.mails(self.greetings(self.customer_west, self.mid_autumn))
        self.assertIn("Mid-Autumn Festival", west_mail.subject)
        # logged on the customer
        self.assertTrue(
            self.customer.message_ids.filtered(lambda m: "2027-09-15" in m.body)
        )
        # next year is another greeting
        self.run_cron(date(2028, 9, 30))
        self.assertEqual(len(self.greetings(self.customer, self.mid_autumn)), 2)

    def test_festival_in_batches(self):
        customers = self.customer | self.customer_west | self.enterprise
        self.env["res.partner"].search(
            [("id", "not in", customers.ids)]
        ).property_crm_contact_consent = False
        made = []
        for _run in range(4):
            with freeze_time(date(2027, 9, 12)):
                made.append(self.Occasion._cron_schedule_greetings(limit=1))
                self.env.flush_all()
        self.assertEqual(made, [1, 1, 1, 0])
        greetings = self.Greeting.search(
            [("occasion_id", "=", self.mid_autumn.id), ("year", "=", 2027)]
        )
        self.assertEqual(greetings.partner_id, customers)

    def test_consent_withdrawn_nothing_sent(self):
        self.customer.property_crm_contact_consent = False
        self.run_cron(date(2027, 9, 12))
        self.assertFalse(self.greetings(self.customer))
        self.assertTrue(self.greetings(self.customer_west, self.mid_autumn))

    def test_key_account_gets_visit_with_gift(self):
        self.run_cron(date(2027, 9, 12))
        greeting = self.greetings(self.enterprise, self.mid_autumn)
        self.assertTrue(greeting.visit)
        visit = self.enterprise.activity_ids.filtered(
            lambda a: a.activity_type_id == self.visit_type
        )
        self.assertEqual(visit.user_id, self.user_specialist)
        self.assertEqual(visit.date_deadline, date(2027, 9, 15))
        self.assertFalse(self.greetings(self.customer, self.mid_autumn).visit)
        self.run_cron(date(2027, 9, 14))
        self.assertEqual(
            len(
                self.enterprise.activity_ids.filtered(
                    lambda a: a.activity_type_id == self.visit_type
                )
            ),
            1,
        )

    def test_lead_days_per_grade(self):
        self.customer_west.sudo().grade_id = self.grade_vip
        # 春節 2027-02-06: VIP greeted 10 days ahead, others 5
        self.run_cron(date(2027, 1, 28))
        self.assertTrue(self.greetings(self.customer_west, self.spring))
        self.assertTrue(
            self.customer_west.activity_ids.filtered(
                lambda a: a.activity_type_id == self.visit_type
            ),
            "a VIP gets a visit with a gift",
        )
        self.assertFalse(self.greetings(self.customer, self.spring))
        self.run_cron(date(2027, 2, 2))
        self.assertTrue(self.greetings(self.customer, self.spring))

    def test_birthday_and_anniversary(self):
        self.customer.birthday = date(1980, 3, 10)
        self.assertEqual(self.customer.property_crm_birthday_md, 310)
        self.run_cron(date(2027, 3, 1))
        self.assertFalse(self.greetings(self.customer, self.birthday))
        self.run_cron(date(2027, 3, 9))
        self.run_cron(date(2027, 3, 10))
        greeting = self.greetings(self.customer, self.birthday)
        self.assertEqual(len(greeting), 1)
        self.assertEqual(greeting.occasion_date, date(2027, 3, 10))
        # the enterprise's founding anniversary, 3 days ahead
        self.run_cron(date(2027, 9, 17))
        anniversary = self.greetings(self.enterprise, self.anniversary)
        self.assertEqual(anniversary.occasion_date, date(2027, 9, 20))
        self.assertFalse(self.greetings(self.customer, self.anniversary))

    def test_birthday_by_sms(self):
        self.birthday.write(
            {
                "channel": "sms",
                "sms_template_id": self.env.ref(
                    "property_crm.sms_template_care_greeting"
                ).id,
            }
        )
        self.customer.birthday = date(1980, 3, 10)
        self.customer_west.birthday = date(1985, 3, 10)
        self.customer_west.mobile = False
        self.run_cron(date(2027, 3, 9))
        self.run_cron(date(2027, 3, 10))
        greeting = self.greetings(self.customer, self.birthday)
        self.assertEqual(greeting.channel, "sms")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, "13812345678")
        self.assertIn("Zhang Wei", sms.body)
        self.assertFalse(self.mails(greeting))
        # no mobile: only logged
        west = self.greetings(self.customer_west, self.birthday)
        self.assertEqual(west.channel, "none")
        self.assertFalse(
            self.env["sms.sms"].search([("partner_id", "=", self.customer_west.id)])
        )

    def test_leap_day_birthday_in_common_year(self):
        self.customer.birthday = date(1992, 2, 29)
        self.run_cron(date(2027, 2, 28))
        greeting = self.greetings(self.customer, self.birthday)
        self.assertEqual(greeting.occasion_date, date(2027, 2, 28))

    def test_nothing_due_reads_no_customer(self):
        """A day without occasions costs the same whatever the number of customers."""
        Partner = self.env["res.partner"]
        Partner.create(
            [
                {
                    "name": f"Care Customer {i}",
                    "customer_kind": "individual",
                    "property_crm_contact_consent": True,
                    "birthday": date(1970, 7, 1),
                    "email": f"care{i}@example.com",
                }
                for i in range(200)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(date(2027, 8, 10)), self.assertQueryCount(40):
            self.Occasion._cron_schedule_greetings()
            self.env.flush_all()
        self.assertFalse(
            self.Greeting.search([]).filtered(
                lambda g: g.create_date.date() == date(2027, 8, 10)
            )
        )

    @mute_logger("odoo.sql_db")
    def test_greeting_log_is_unique(self):
        self.run_cron(date(2027, 9, 12))
        greeting = self.greetings(self.customer, self.mid_autumn)
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Greeting.create(
                {
                    "partner_id": self.customer.id,
                    "occasion_id": self.mid_autumn.id,
                    "year": 2027,
                    "occasion_date": greeting.occasion_date,
                    "channel": "email",
                }
            )
