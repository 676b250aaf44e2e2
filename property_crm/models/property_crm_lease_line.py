import threading

from odoo import Command, api, fields, models

BATCH_SIZE = 500
# moves made by the cron: no "created" note and no field tracking per move (the move
# links to its rent line, which is the record of where it comes from)
MOVE_CONTEXT = {"tracking_disable": True}


class PropertyCrmLeaseLine(models.Model):
    """One billing period of a lease's rent schedule: posted once, by the rent cron,
    into the customer invoice (tenant) or vendor bill (owner) it links to."""

    _name = "property.crm.lease.line"
    _description = "Lease Rent Line"
    _order = "lease_id, sequence, id"
    _rec_name = "lease_id"

    lease_id = fields.Many2one(
        "property.crm.lease", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(string="Period", readonly=True)
    kind = fields.Selection(related="lease_id.kind", store=True)
    partner_id = fields.Many2one(related="lease_id.partner_id", store=True)
    company_id = fields.Many2one(related="lease_id.company_id", store=True, index=True)
    area_id = fields.Many2one(related="lease_id.area_id", store=True)
    currency_id = fields.Many2one(related="lease_id.currency_id")
    date_start = fields.Date(string="From", required=True, readonly=True)
    date_end = fields.Date(string="To", required=True, readonly=True)
    date_due = fields.Date(string="Due", required=True, readonly=True, index=True)
    amount = fields.Monetary(
        string="Rent Due", readonly=True, currency_field="currency_id", aggregator="sum"
    )
    state = fields.Selection(
        [
            ("free", "Rent-free"),
            ("to_invoice", "To Post"),
            ("invoiced", "Posted"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        readonly=True,
        index=True,
    )
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    payment_state = fields.Selection(related="move_id.payment_state")
    points_awarded = fields.Boolean(
        readonly=True,
        copy=False,
        help="Checked once the line's payment was looked at for membership points.",
    )
    amount_collected = fields.Monetary(
        string="Collected",
        compute="_compute_amount_collected",
        store=True,
        currency_field="currency_id",
        aggregator="sum",
    )

    @api.depends("amount", "move_id")
    def _compute_state(self):
        for line in self:
            if line.move_id:
                line.state = "invoiced"
            elif line.state == "cancelled":
                continue
            elif line.currency_id.is_zero(line.amount):
                line.state = "free"
            else:
                line.state = "to_invoice"

    @api.depends("move_id.amount_residual", "move_id.state", "amount")
    def _compute_amount_collected(self):
        for line in self:
            move = line.move_id
            if move and move.state == "posted":
                line.amount_collected = move.amount_total - move.amount_residual
            else:
                line.amount_collected = 0.0

    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(lease)s: %(start)s – %(end)s",
                lease=line.lease_id.name,
                start=line.date_start,
                end=line.date_end,
            )

    # ------------------------------------------------------------------
    # posting
    # ------------------------------------------------------------------

    def _move_values(self):
        self.ensure_one()
        lease = self.lease_id
        analytic = (
            {str(lease.analytic_account_id.id): 100}
            if lease.analytic_account_id
            else False
        )
        label = self.env._(
            "Rent %(lease)s: %(start)s – %(end)s",
            lease=lease.name,
            start=self.date_start,
            end=self.date_end,
        )
        return {
            "move_type": "out_invoice" if lease.kind == "tenant" else "in_invoice",
            "company_id": lease.company_id.id,
            "partner_id": lease.partner_id.id,
            "currency_id": lease.currency_id.id,
            "invoice_date": self.date_due,
            "invoice_date_due": self.date_due,
            "invoice_origin": lease.name,
            "ref": label,
            "property_crm_lease_id": lease.id,
            "property_crm_lease_line_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "quantity": 1.0,
                        "price_unit": self.amount,
                        "tax_ids": [Command.set(lease.tax_ids.ids)],
                        "analytic_distribution": analytic,
                    }
                )
            ],
        }

    def _post_moves(self):
        """Create (one ``create`` call) and post the moves of lines locked by the
        caller, and link them both ways."""
        Move = self.env["account.move"].sudo().with_context(**MOVE_CONTEXT)
        moves = Move
        for company, lines in self.grouped("company_id").items():
            company_moves = Move.with_company(company).create(
                [line._move_values() for line in lines]
            )
            company_moves.action_post()
            moves |= company_moves
        for move in moves:
            move.property_crm_lease_line_id.sudo().move_id = move
        return moves

    def _lock_due(self, today, limit):
        """Lines due by ``today`` and not posted, locked for this transaction; rows
        another worker holds are skipped (it posts them)."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT line.id
              FROM property_crm_lease_line line
              JOIN property_crm_lease lease ON lease.id = line.lease_id
             WHERE line.state = 'to_invoice'
               AND line.move_id IS NULL
               AND line.date_due <= %s
               AND lease.state IN ('active', 'expiring')
          ORDER BY line.date_due, line.id
             LIMIT %s
               FOR NO KEY UPDATE OF line SKIP LOCKED
            """,
            (today, limit),
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _count_due(self, today):
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT count(*)
              FROM property_crm_lease_line line
              JOIN property_crm_lease lease ON lease.id = line.lease_id
             WHERE line.state = 'to_invoice'
               AND line.move_id IS NULL
               AND line.date_due <= %s
               AND lease.state IN ('active', 'expiring')
            """,
            (today,),
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _cron_rent_invoice(self, batch_size=BATCH_SIZE):
        """ir_cron_rent_invoice: post the move of every rent line that fell due,
        exactly once however many workers run it; a batch per run, the rest
        reported as remaining so that the cron runs again at once."""
        if self.env.context.get("ir_cron_progress_id") and not getattr(
            threading.current_thread(), "testing", False
        ):
            # a fresh snapshot: lines another worker posted and committed meanwhile
            # are seen as posted, not as a serialization failure
            self.env.cr.commit()  # pylint: disable=invalid-commit
        today = fields.Date.context_today(self)
        lines = self._lock_due(today, batch_size)
        if lines:
            lines._post_moves()
        remaining = self._count_due(today) if len(lines) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(lines), remaining=remaining)
        return len(lines)

    @api.model
    def _cron_rent_points(self, batch_size=BATCH_SIZE):
        """ir_cron_rent_points: tenant rent paid by its due date earns the tenant
        membership points, once per line."""
        lines = self.search(
            [
                ("kind", "=", "tenant"),
                ("state", "=", "invoiced"),
                ("points_awarded", "=", False),
                ("move_id.payment_state", "in", ("paid", "in_payment")),
            ],
            limit=batch_size,
        )
        Card = self.env["loyalty.card"].sudo()
        for line in lines:
            receivable = line.move_id.line_ids.filtered(
                lambda aml: aml.account_type == "asset_receivable"
            )
            paid_on = max(
                receivable.matched_credit_ids.mapped("max_date"), default=False
            )
            if paid_on and paid_on <= line.date_due:
                Card._property_crm_earn(
                    line.partner_id, "rent_on_time", line.move_id, line.company_id
                )
        lines.write({"points_awarded": True})
        remaining = (
            self.search_count(
                [
                    ("kind", "=", "tenant"),
                    ("state", "=", "invoiced"),
                    ("points_awarded", "=", False),
                    ("move_id.payment_state", "in", ("paid", "in_payment")),
                ]
            )
            if len(lines) == batch_size
            else 0
        )
        self.env["ir.cron"]._notify_progress(done=len(lines), remaining=remaining)
        return len(lines)
