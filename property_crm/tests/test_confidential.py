from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PropertyCrmCase

CONFIDENTIAL = ["phone", "mobile", "email", "id_number"]
REAL = {
    "phone": "0755-86001234",
    "mobile": "13812345678",
    "email": "zhang.wei@example.com",
    "id_number": "11010519491231002X",
}
MASKED = {
    "phone": "075****1234",
    "mobile": "138****5678",
    "email": "z***@example.com",
    "id_number": "110*************2X",
}
HIDDEN = dict.fromkeys(CONFIDENTIAL, False)
REAL_FRAGMENTS = ("86001234", "12345678", "zhang.wei", "1949123")


@tagged("post_install", "-at_install")
class TestConfidential(PropertyCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.Log = cls.env["property.crm.access.log"]
        cls.masked_users = (
            cls.user_specialist,
            cls.user_area_manager,
            cls.user_finance,
        )
        cls.full_users = (cls.user_supervisor, cls.user_manager)
        # exporting is a right of its own in Odoo 18
        allow_export = cls.env.ref("base.group_allow_export")
        for user in cls.masked_users + cls.full_users + (cls.user_handler,):
            user.groups_id += allow_export

    def _pick(self, values):
        return {fname: values[fname] for fname in CONFIDENTIAL}

    def _logs(self, user, partner=None):
        domain = [("user_id", "=", user.id)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.Log.search(domain)

    def assertNoRealData(self, text, msg=None):
        for fragment in REAL_FRAGMENTS:
            self.assertNotIn(fragment, str(text), msg)

    # ------------------------------------------------------------------
    # reading through every RPC-level door
    # ------------------------------------------------------------------

    def test_read_masked(self):
        for user in self.masked_users:
            values = self.customer.with_user(user).read(CONFIDENTIAL + ["name"])[0]
            self.assertEqual(self._pick(values), MASKED, user.login)
            self.assertEqual(values["name"], "Zhang Wei")
        enterprise = self.enterprise.with_user(self.user_specialist).read(
            ["phone", "email", "id_number"]
        )[0]
        self.assertEqual(enterprise["phone"], "075****4444")
        self.assertEqual(enterprise["email"], "o***@example-trading.com")
        self.assertEqual(enterprise["id_number"], "913*************43")

    def test_read_derived_contact_fields_masked(self):
        """The fields Odoo derives from phone and email must not leak what they mask."""
        values = self.customer.with_user(self.user_specialist).read(
            ["email_formatted", "email_normalized", "phone_sanitized"]
        )[0]
        self.assertNoRealData(values)
        self.assertEqual(values["email_normalized"], "z***@example.com")
        self.assertIn("z***@example.com", values["email_formatted"])

    def test_read_hidden_for_department_handler(self):
        for user in (self.user_handler, self.user_handler_other):
            values = self.customer.with_user(user).read(
                CONFIDENTIAL + ["name", "property_unit_id"]
            )[0]
            self.assertEqual(self._pick(values), HIDDEN, user.login)
            # ... but name and unit stay visible, to answer a handling sheet
            self.assertEqual(values["name"], "Zhang Wei")
            self.assertEqual(values["property_unit_id"][0], self.unit_east.id)

    def test_search_read_masked(self):
        domain = [("id", "in", (self.customer | self.customer_west).ids)]
        rows = self.Partner.with_user(self.user_specialist).search_read(
            domain, CONFIDENTIAL
        )
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(self._pick(by_id[self.customer.id]), MASKED)
        self.assertEqual(by_id[self.customer_west.id]["mobile"], "139****4321")
        self.assertEqual(by_id[self.customer_west.id]["email"], "l***@example.com")
        rows = self.Partner.with_user(self.user_handler).search_read(
            domain, CONFIDENTIAL
        )
        for row in rows:
            self.assertEqual(self._pick(row), HIDDEN)

    def test_web_read_and_web_search_read_masked(self):
        spec = {fname: {} for fname in CONFIDENTIAL}
        spec["display_name"] = {}
        for user, expected in (
            (self.user_specialist, MASKED),
            (self.user_area_manager, MASKED),
            (self.user_handler, HIDDEN),
        ):
            partner = self.customer.with_user(user).with_context(show_email=True)
            values = partner.web_read(spec)[0]
            self.assertEqual(self._pick(values), expected, user.login)
            self.assertNoRealData(values["display_name"], user.login)
            result = (
                self.Partner.with_user(user)
                .with_context(show_email=True)
                .web_search_read([("id", "=", self.customer.id)], spec)
            )
            self.assertEqual(result["length"], 1)
            self.assertEqual(self._pick(result["records"][0]), expected, user.login)
            self.assertNoRealData(result["records"][0]["display_name"], user.login)

    def test_web_read_through_relation_masked(self):
        """A unit's form lists its occupants: their contact data is masked there too."""
        values = self.unit_east.with_user(self.user_specialist).web_read(
            {"partner_ids": {"fields": {"mobile": {}, "email": {}}}}
        )[0]
        rows = {row["id"]: row for row in values["partner_ids"]}
        self.assertEqual(rows[self.customer.id]["mobile"], "138****5678")
        self.assertEqual(rows[self.customer.id]["email"], "z***@example.com")

    def test_export_masked(self):
        fields = ["name"] + CONFIDENTIAL
        for user, expected in (
            (self.user_specialist, MASKED),
            (self.user_area_manager, MASKED),
            (self.user_handler, dict.fromkeys(CONFIDENTIAL, "")),
        ):
            rows = self.customer.with_user(user).export_data(fields)["datas"]
            self.assertEqual(rows[0][0], "Zhang Wei")
            self.assertEqual(
                dict(zip(CONFIDENTIAL, rows[0][1:], strict=False)), expected, user.login
            )
            # the real values are back for the code that runs after the export
            self.assertEqual(self.customer.with_user(user).mobile, REAL["mobile"])
        # exporting units with their occupants' phones goes through the same mask
        rows = (
            self.unit_east.with_user(self.user_specialist)
            .with_context(import_compat=False)
            .export_data(["name", "partner_ids/mobile"])["datas"]
        )
        self.assertNoRealData(rows)
        self.assertIn("138****5678", [row[1] for row in rows])
        self.assertFalse(self._logs(self.user_specialist))

    def test_name_search_masks_email(self):
        for user, label in (
            (self.user_specialist, "Zhang Wei <z***@example.com>"),
            (self.user_area_manager, "Zhang Wei <z***@example.com>"),
            # department handlers see the name only, not even a masked address
            (self.user_handler, "Zhang Wei"),
        ):
            result = (
                self.Partner.with_user(user)
                .with_context(show_email=True)
                .name_search("Zhang Wei")
            )
            labels = dict(result)
            self.assertIn(self.customer.id, labels, user.login)
            self.assertEqual(labels[self.customer.id], label, user.login)
            values = (
                self.customer.with_user(user)
                .with_context(show_email=True)
                .read(["display_name"])
            )
            self.assertEqual(values[0]["display_name"], label, user.login)
        # the email of a non-customer is no secret
        labels = dict(
            self.Partner.with_user(self.user_handler)
            .with_context(show_email=True)
            .name_search("Supplier Contact")
        )
        self.assertEqual(
            labels[self.non_customer.id],
            "Supplier Contact <supplier.contact@example.com>",
        )
        result = (
            self.Partner.with_user(self.user_supervisor)
            .with_context(show_email=True)
            .name_search("Zhang Wei")
        )
        self.assertEqual(
            dict(result)[self.customer.id], "Zhang Wei <zhang.wei@example.com>"
        )

    def test_group_by_confidential_field_forbidden(self):
        domain = [("customer_kind", "!=", False)]
        for user in (self.user_handler, self.user_specialist, self.user_area_manager):
            Partner = self.Partner.with_user(user)
            for fname in ("phone", "mobile", "email", "id_number"):
                with self.assertRaises(
                    AccessError, msg=f"{user.login} grouping by {fname}"
                ):
                    Partner.read_group(domain, [fname], [fname])
            with self.assertRaises(AccessError):
                Partner.web_read_group(domain, ["mobile"], ["mobile"])
            # an aggregate would hand out the value itself
            for aggregate in ("mobile:max", "email:array_agg", "id_number:min"):
                with self.assertRaises(AccessError, msg=aggregate):
                    Partner.read_group(
                        [("id", "=", self.customer.id)], [aggregate], ["customer_kind"]
                    )
            # grouping by anything else still works
            groups = Partner.read_group(domain, ["customer_kind"], ["customer_kind"])
            self.assertTrue(groups)
        groups = self.Partner.with_user(self.user_supervisor).read_group(
            [("id", "=", self.customer.id)], ["mobile"], ["mobile"]
        )
        self.assertEqual(groups[0]["mobile"], REAL["mobile"])

    def test_partial_search_does_not_find_customer(self):
        Partner = self.Partner.with_user(self.user_specialist)
        for domain in (
            [("mobile", "like", "138")],
            [("mobile", "ilike", "5678")],
            [("phone", "=like", "0755%")],
            [("email", "ilike", "zhang.wei")],
            [("id_number", "like", "110105")],
            [("mobile", "not in", ["0"]), ("mobile", "like", "1381234567")],
        ):
            self.assertNotIn(self.customer, Partner.search(domain), domain)
        # the "Phone/Mobile" filter of the contacts search view (phone_validation)
        if "phone_mobile_search" in self.Partner._fields:
            for value in ("1381234", "86001", "0755-8600"):
                self.assertNotIn(
                    self.customer,
                    Partner.search([("phone_mobile_search", "ilike", value)]),
                    value,
                )
            self.assertIn(
                self.customer,
                Partner.search([("phone_mobile_search", "=", REAL["mobile"])]),
            )
            self.assertIn(
                self.non_customer,
                Partner.search([("phone_mobile_search", "ilike", "12345678")]),
            )
        # the whole number is no secret to whoever already knows it
        self.assertIn(self.customer, Partner.search([("mobile", "=", REAL["mobile"])]))
        self.assertIn(self.customer, Partner.search([("email", "in", [REAL["email"]])]))
        # name_search looks into the email too: not partially
        self.assertNotIn(self.customer.id, dict(Partner.name_search("zhang.wei@exam")))
        # non-customers and privileged users search as usual
        self.assertIn(
            self.non_customer, Partner.search([("phone", "like", "0755-1234")])
        )
        self.assertIn(
            self.customer,
            self.Partner.with_user(self.user_supervisor).search(
                [("mobile", "like", "138")]
            ),
        )

    def test_non_customer_not_masked(self):
        for user in (self.user_handler, self.user_specialist):
            values = self.non_customer.with_user(user).read(
                ["phone", "mobile", "email"]
            )[0]
            self.assertEqual(values["phone"], "0755-12345678", user.login)
            self.assertEqual(
                values["email"], "supplier.contact@example.com", user.login
            )
        self.non_customer.with_user(self.user_supervisor).read(["phone", "email"])
        self.assertFalse(self._logs(self.user_supervisor))

    # ------------------------------------------------------------------
    # privileged reads and their log
    # ------------------------------------------------------------------

    def test_privileged_read_real_and_logged(self):
        for user in self.full_users:
            values = self.customer.with_user(user).read(CONFIDENTIAL)[0]
            self.assertEqual(self._pick(values), REAL, user.login)
            log = self._logs(user)
            self.assertEqual(len(log), 1, user.login)
            self.assertEqual(log.partner_id, self.customer)
            self.assertEqual(log.field_names, "email,id_number,mobile,phone")
            self.assertEqual(log.access_type, "read")
            self.assertTrue(log.accessed_at)
        # each read is a new entry: one per customer read
        Partner = self.Partner.with_user(self.user_supervisor)
        Partner.search_read(
            [("id", "in", (self.customer | self.customer_west).ids)], ["mobile"]
        )
        self.assertEqual(len(self._logs(self.user_supervisor, self.customer)), 2)
        self.assertEqual(
            self._logs(self.user_supervisor, self.customer_west).field_names, "mobile"
        )
        self.customer.with_user(self.user_supervisor).web_read({"email": {}})
        self.assertEqual(len(self._logs(self.user_supervisor, self.customer)), 3)
        # reading nothing confidential is not logged
        self.customer_west.with_user(self.user_supervisor).read(["name", "unit_ids"])
        self.assertEqual(len(self._logs(self.user_supervisor, self.customer_west)), 1)

    def test_masked_read_not_logged(self):
        for user in self.masked_users + (self.user_handler,):
            self.customer.with_user(user).read(CONFIDENTIAL)
            self.Partner.with_user(user).search_read(
                [("id", "=", self.customer.id)], CONFIDENTIAL
            )
            self.assertFalse(self._logs(user), user.login)

    def test_privileged_export_logged(self):
        rows = self.customer.with_user(self.user_supervisor).export_data(
            ["name", "mobile", "email"]
        )["datas"]
        self.assertEqual(rows[0], ["Zhang Wei", REAL["mobile"], REAL["email"]])
        log = self._logs(self.user_supervisor)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.access_type, "export")
        self.assertEqual(log.partner_id, self.customer)
        self.assertEqual(log.field_names, "email,mobile")

    def test_access_log_is_immutable(self):
        self.customer.with_user(self.user_manager).read(["mobile"])
        log = self._logs(self.user_manager)
        self.assertEqual(len(log), 1)
        # the manager reads it ...
        self.assertEqual(
            log.with_user(self.user_manager).read(["partner_id"])[0]["partner_id"][0],
            self.customer.id,
        )
        # ... nobody changes or deletes it, not even the superuser
        for record in (log.with_user(self.user_manager), log.sudo()):
            with self.assertRaises(UserError):
                record.write({"field_names": "name"})
            with self.assertRaises(UserError):
                record.unlink()
        with self.assertRaises(AccessError):
            self.Log.with_user(self.user_manager).create(
                {
                    "user_id": self.user_specialist.id,
                    "partner_id": self.customer.id,
                    "field_names": "x",
                }
            )
        self.assertEqual(log.field_names, "mobile")
        # only the retention cron removes entries
        log.sudo().with_context(property_crm_retention=True).unlink()
        self.assertFalse(log.exists())

    def test_access_log_hidden_below_manager(self):
        self.customer.with_user(self.user_supervisor).read(["mobile"])
        log = self._logs(self.user_supervisor)
        self.assertTrue(log)
        for user in (
            self.user_specialist,
            self.user_area_manager,
            self.user_supervisor,
        ):
            with self.assertRaises(AccessError):
                self.Log.with_user(user).search([])
            with self.assertRaises(AccessError):
                log.with_user(user).read(["field_names"])

    # ------------------------------------------------------------------
    # business code keeps the real values
    # ------------------------------------------------------------------

    def test_python_access_and_mail_use_real_email(self):
        customer = self.customer.with_user(self.user_specialist)
        self.assertEqual(customer.email, REAL["email"])
        self.assertEqual(customer.mobile, REAL["mobile"])
        message = customer.with_context(mail_notify_force_send=False).message_post(
            body="Your repair is scheduled.",
            partner_ids=self.customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn(self.customer, mail.recipient_ids)
        email_to = [
            addr
            for email in mail._prepare_outgoing_list()
            for addr in email["email_to"]
        ]
        self.assertTrue(any(REAL["email"] in addr for addr in email_to), email_to)

    def test_masked_value_written_back_keeps_real_value(self):
        customer = self.customer.with_user(self.user_specialist)
        # the form sends the masked values it displayed
        result = customer.web_save(
            {
                "phone": MASKED["phone"],
                "mobile": MASKED["mobile"],
                "email": MASKED["email"],
                "function": "Owner",
            },
            {"phone": {}, "function": {}},
        )
        self.assertEqual(result[0]["phone"], MASKED["phone"])
        customer.write({"id_number": MASKED["id_number"]})
        self.env.invalidate_all()
        self.assertEqual(self._pick(self.customer.read(CONFIDENTIAL)[0]), REAL)
        self.assertEqual(self.customer.function, "Owner")
        # a real new number from a specialist is stored
        customer.write({"mobile": "13900001111"})
        self.env.invalidate_all()
        self.assertEqual(self.customer.mobile, "13900001111")

    def test_tracking_keeps_real_history(self):
        """The history of a customer's number stays real for supervisors; the
        chatter shows it masked to the other roles."""
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        customer = self.customer.with_env(env).with_user(self.user_supervisor)
        customer.write({"phone": "0755-86009999", "mobile": "13800009999"})
        self.env.flush_all()
        self.env.cr.flush()  # runs the tracking pre-commit hooks
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", self.customer.id),
                ("field_id.name", "in", ["phone", "mobile"]),
            ]
        )
        by_field = {value.field_id.name: value for value in tracking}
        self.assertEqual(set(by_field), {"phone", "mobile"})
        self.assertEqual(by_field["phone"].old_value_char, REAL["phone"])
        self.assertEqual(by_field["phone"].new_value_char, "0755-86009999")
        self.assertEqual(by_field["mobile"].old_value_char, REAL["mobile"])
        self.assertEqual(self.customer.phone, "0755-86009999")
        for user in self.masked_users + (self.user_handler,):
            shown = tracking.with_user(user).sudo()._tracking_value_format()
            self.assertNoRealData(shown, user.login)
            self.assertNotIn("86009999", str(shown), user.login)
        shown = tracking.with_user(self.user_supervisor).sudo()._tracking_value_format()
        values = {value["fieldName"]: value for value in shown}
        self.assertEqual(values["phone"]["oldValue"]["value"], REAL["phone"])
        self.assertEqual(values["mobile"]["newValue"]["value"], "13800009999")
        self.assertEqual(
            set(
                self.Log.search(
                    [
                        ("user_id", "=", self.user_supervisor.id),
                        ("res_model", "=", "mail.tracking.value"),
                    ]
                ).mapped("field_names")
            ),
            {"phone", "mobile"},
        )
        # notification mails to followers never carry them
        self.assertFalse(tracking._filter_free_field_access())
