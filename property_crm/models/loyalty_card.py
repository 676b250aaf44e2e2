from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

# the events that earn points and the company field holding each one's points
POINT_EVENTS = {
    "rent_on_time": "property_crm_points_rent_on_time",
    "callback_satisfied": "property_crm_points_callback_satisfied",
    "activity": "property_crm_points_activity",
    "referral": "property_crm_points_referral",
}
# events staff record by hand; the others come from the system itself
MANUAL_EVENTS = ("activity", "referral")


class LoyaltyCard(models.Model):
    """會員積分 (seed 002 §四): one Loyalty program per company, one card per customer.
    Points are earned by configured events and spent on gifts or to offset property
    fees (a credit note on the customer's open invoice), every move of points in
    ``loyalty.history`` with its origin. The card row is locked for every change,
    so that two redemptions at once never take the balance below zero; points
    expire after the company's validity, oldest first."""

    _inherit = "loyalty.card"

    # ------------------------------------------------------------------
    # program and cards
    # ------------------------------------------------------------------

    @api.model
    def _property_crm_program(self, company):
        company = company.sudo()
        program = company.property_crm_loyalty_program_id
        if not program:
            self.env.cr.execute(
                "SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE",
                (company.id,),
            )
            company.invalidate_recordset(["property_crm_loyalty_program_id"])
            program = company.property_crm_loyalty_program_id
        if not program:
            program = (
                self.env["loyalty.program"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Membership Points"),
                        "program_type": "loyalty",
                        "company_id": company.id,
                        "currency_id": company.currency_id.id,
                        "applies_on": "both",
                        "trigger": "auto",
                        "portal_visible": True,
                        "portal_point_name": self.env._("Points"),
                        "rule_ids": [Command.clear()],
                        # what the points buy: gifts and property fee offsets, both
                        # redeemed by staff (action_property_crm_redeem_*)
                        "reward_ids": [
                            Command.create(
                                {
                                    "reward_type": "discount",
                                    "discount_mode": "per_point",
                                    "discount": company.property_crm_point_value,
                                    "required_points": 1,
                                    "description": self.env._("Property fee offset"),
                                }
                            )
                        ],
                    }
                )
            )
            company.property_crm_loyalty_program_id = program
        return program

    @api.model
    def _property_crm_card(self, partner, company=None):
        """The customer's card in the company's program, created on first use."""
        company = company or self.env.company
        program = self._property_crm_program(company)
        partner = partner.commercial_partner_id
        # one card per customer, even when two events create it at once
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", (program.id, partner.id)
        )
        card = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("program_id", "=", program.id), ("partner_id", "=", partner.id)],
                limit=1,
            )
        )
        if not card:
            card = (
                self.sudo()
                .with_context(loyalty_no_mail=True)
                .create(
                    {"program_id": program.id, "partner_id": partner.id, "points": 0}
                )
            )
        return card

    def _property_crm_lock(self):
        """Lock the card rows and read their balance fresh."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM loyalty_card WHERE id IN %s FOR NO KEY UPDATE",
            (tuple(self.ids),),
        )
        self.invalidate_recordset(["points"])

    def _property_crm_move_points(self, issued, used, description, origin=None):
        self.ensure_one()
        self._property_crm_lock()
        if (
            used
            and float_compare(self.points + issued - used, 0, precision_digits=2) < 0
        ):
            raise UserError(
                self.env._(
                    "The card of %(partner)s has %(points)s points: %(used)s cannot be "
                    "used.",
                    partner=self.partner_id.display_name,
                    points=self.points,
                    used=used,
                )
            )
        self.sudo().with_context(loyalty_no_mail=True).write(
            {"points": self.points + issued - used}
        )
        return (
            self.env["loyalty.history"]
            .sudo()
            .create(
                {
                    "card_id": self.id,
                    "description": description,
                    "issued": issued,
                    "used": used,
                    "order_model": origin._name if origin else False,
                    "order_id": origin.id if origin else False,
                }
            )
        )

    # ------------------------------------------------------------------
    # earning
    # ------------------------------------------------------------------

    @api.model
    def _property_crm_earn(self, partner, event, origin, company=None):
        """Points of ``event`` for ``partner``, from ``origin`` (the record that
        earned them). System events: called by the business methods."""
        company = company or getattr(origin, "company_id", False) or self.env.company
        points = company[POINT_EVENTS[event]]
        if not partner or points <= 0:
            return self.env["loyalty.history"]
        card = self._property_crm_card(partner, company)
        labels = dict(self._property_crm_event_selection())
        return card._property_crm_move_points(
            points,
            0,
            self.env._(
                "%(event)s: %(origin)s", event=labels[event], origin=origin.display_name
            ),
            origin,
        )

    @api.model
    def action_property_crm_award(self, partner, event, origin=None):
        """Staff record the points of a community activity or a referral."""
        self._property_crm_check_redeemer()
        if event not in MANUAL_EVENTS:
            raise UserError(
                self.env._("These points are given by the system, not by hand.")
            )
        return self.sudo()._property_crm_earn(partner, event, origin or partner)

    @api.model
    def _property_crm_event_selection(self):
        return [
            ("rent_on_time", self.env._("Rent paid on time")),
            ("callback_satisfied", self.env._("Satisfied callback")),
            ("activity", self.env._("Community activity")),
            ("referral", self.env._("Referral")),
        ]

    # ------------------------------------------------------------------
    # redemption
    # ------------------------------------------------------------------

    def _property_crm_check_redeemer(self):
        if not self.env.su and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(
                self.env._("Only customer service staff redeem membership points.")
            )

    def action_property_crm_redeem_gift(self, points, product):
        """Spend ``points`` on a gift (a product)."""
        self.ensure_one()
        self._property_crm_check_redeemer()
        if points <= 0:
            raise UserError(self.env._("Redeem a positive number of points."))
        return self._property_crm_move_points(
            0,
            points,
            self.env._("Gift: %s", product.display_name),
            product,
        )

    def action_property_crm_redeem_fee(self, points, invoice):
        """Offset a property fee: ``points`` at the company's point value become a
        credit note applied to the customer's open ``invoice``."""
        self.ensure_one()
        self._property_crm_check_redeemer()
        invoice = invoice.sudo()
        company = self.company_id or self.env.company
        if points <= 0:
            raise UserError(self.env._("Redeem a positive number of points."))
        if (
            invoice.move_type != "out_invoice"
            or invoice.state != "posted"
            or invoice.payment_state not in ("not_paid", "partial")
            or invoice.commercial_partner_id != self.partner_id.commercial_partner_id
        ):
            raise UserError(
                self.env._("Points offset an open invoice of the card's customer only.")
            )
        amount = invoice.currency_id.round(points * company.property_crm_point_value)
        if invoice.currency_id.compare_amounts(amount, invoice.amount_residual) > 0:
            raise UserError(
                self.env._(
                    "%(points)s points are worth %(amount)s, more than the "
                    "%(residual)s left to pay on %(invoice)s.",
                    points=points,
                    amount=amount,
                    residual=invoice.amount_residual,
                    invoice=invoice.name,
                )
            )
        # the points first: the card row lock orders concurrent redemptions
        label = self.env._("Membership points offset on %s", invoice.name)
        history = self._property_crm_move_points(0, points, label, invoice)
        refund = (
            self.env["account.move"]
            .sudo()
            .with_company(invoice.company_id)
            .create(
                {
                    "move_type": "out_refund",
                    "company_id": invoice.company_id.id,
                    "partner_id": invoice.partner_id.id,
                    "currency_id": invoice.currency_id.id,
                    "invoice_date": fields.Date.context_today(self),
                    "invoice_origin": invoice.name,
                    "ref": label,
                    "property_crm_loyalty_history_id": history.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1.0,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        refund.action_post()
        refund_lines = refund.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        invoice_lines = invoice.line_ids.filtered(
            lambda line: line.account_id == refund_lines.account_id
            and not line.reconciled
        )
        (refund_lines + invoice_lines).reconcile()
        return refund

    # ------------------------------------------------------------------
    # expiry
    # ------------------------------------------------------------------

    @api.model
    def _cron_property_crm_points_expiry(self):
        """Points older than the company's validity and not used expire, oldest
        first (what was used consumed the oldest points)."""
        History = self.env["loyalty.history"].sudo()
        expired = 0
        for company in (
            self.env["res.company"]
            .sudo()
            .search([("property_crm_loyalty_program_id", "!=", False)])
        ):
            months = company.property_crm_points_validity_months
            if months <= 0:
                continue
            cutoff = fields.Datetime.now() - relativedelta(months=months)
            cards = self.sudo().search(
                [
                    ("program_id", "=", company.property_crm_loyalty_program_id.id),
                    ("points", ">", 0),
                ]
            )
            for card in cards:
                card._property_crm_lock()
                old = History.search(
                    [("card_id", "=", card.id), ("create_date", "<", cutoff)]
                )
                issued_old = sum(old.mapped("issued"))
                used_all = sum(
                    History.search([("card_id", "=", card.id)]).mapped("used")
                )
                to_expire = min(max(issued_old - used_all, 0.0), card.points)
                if to_expire > 0:
                    card._property_crm_move_points(
                        0, to_expire, self.env._("Points expired")
                    )
                    expired += 1
        return expired
