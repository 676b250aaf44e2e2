from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyCrmComplaint(models.Model):
    """Archive and retention of closed complaints (seed 000 §四(1)3.2: complaint
    files kept two years after closing, then purged; PIPL Art. 47).

    The two years are calendar years (29 February included); the purge removes every
    copy of the complaint's personal content: handling sheets, liaison letters,
    callbacks and their survey answers, closed repair orders, messages and
    attachments; the case library keeps the lesson, not the customer. A complaint on
    legal hold is passed over until the hold is lifted.
    """

    _inherit = "property.crm.complaint"

    legal_hold = fields.Boolean(
        readonly=True,
        copy=False,
        help="A complaint in dispute is kept past the retention period until a "
        "manager lifts the hold.",
    )
    legal_hold_reason = fields.Char(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # legal hold
    # ------------------------------------------------------------------

    def action_legal_hold(self):
        self._check_group("property_crm.group_manager")
        reason = self.env.context.get("legal_hold_reason") or self.env._("In dispute")
        for complaint in self:
            complaint.sudo().write({"legal_hold": True, "legal_hold_reason": reason})
            complaint.message_post(
                body=self.env._("Put on legal hold: %s", reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_lift_legal_hold(self):
        self._check_group("property_crm.group_manager")
        for complaint in self.filtered("legal_hold"):
            complaint.sudo().write({"legal_hold": False, "legal_hold_reason": False})
            complaint.message_post(
                body=self.env._("Legal hold lifted."), subtype_xmlid="mail.mt_note"
            )
        return True

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("legal_hold") for vals in vals_list):
            raise UserError(
                self.env._(
                    "Only a Customer Service Manager puts or lifts a legal hold."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if (
            {"legal_hold", "legal_hold_reason"} & set(vals)
            and not self.env.su
            and any(
                complaint.legal_hold != vals.get("legal_hold", complaint.legal_hold)
                or complaint.legal_hold_reason
                != vals.get("legal_hold_reason", complaint.legal_hold_reason)
                for complaint in self
            )
        ):
            raise UserError(
                self.env._(
                    "Only a Customer Service Manager puts or lifts a legal hold."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # archive
    # ------------------------------------------------------------------

    def _archive_with_records(self):
        """Archive closed complaints with their handling sheets, letters and
        callbacks."""
        self.with_context(active_test=False).handling_sheet_ids.write({"active": False})
        self.with_context(active_test=False).liaison_letter_ids.write({"active": False})
        self.with_context(active_test=False).callback_ids.write({"active": False})
        self.write({"active": False})

    @api.model
    def _cron_archive(self, batch_size=500):
        """ir_cron_archive: complaints closed for N days (30) are archived with their
        records."""
        now = fields.Datetime.now()
        done = remaining = 0
        for company in self.env["res.company"].search([]):
            cutoff = now - timedelta(days=company.property_crm_archive_days)
            domain = [
                ("company_id", "=", company.id),
                ("state", "in", ("closed", "cancelled")),
                ("closed_at", "<=", cutoff),
            ]
            complaints = self.search(domain, limit=batch_size, order="closed_at, id")
            complaints._archive_with_records()
            self.env["property.crm.retention.log"]._record(
                "archive",
                self._name,
                ", ".join(complaints.mapped("name")),
                len(complaints),
                cutoff,
                company,
            )
            done += len(complaints)
            remaining += self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    # ------------------------------------------------------------------
    # retention
    # ------------------------------------------------------------------

    @api.model
    def _retention_cutoff(self, company, now=None):
        """Closed at or before this moment: past the retention period (calendar
        years, so two years from 29 February 2024 end on 1 March 2026)."""
        now = now or fields.Datetime.now()
        return now - relativedelta(years=company.property_crm_retention_years)

    @api.model
    def _retention_domain(self, company, cutoff):
        return [
            ("company_id", "=", company.id),
            ("state", "in", ("closed", "cancelled")),
            ("closed_at", "<=", cutoff),
            ("legal_hold", "=", False),
        ]

    def _purge_scope(self):
        """Everything that holds the personal content of the complaints ``self``:
        ``{model: records}`` to remove, and the records to anonymise."""
        records = self.with_context(active_test=False, property_crm_retention=True)
        repairs = records.repair_order_ids.filtered(
            lambda order: order.state in ("done", "cancelled")
        )
        callbacks = records.callback_ids | repairs.callback_ids
        letters = records.liaison_letter_ids | callbacks.liaison_letter_id
        answers = callbacks.survey_user_input_id
        cases = (
            self.env["property.crm.case"]
            .with_context(active_test=False)
            .search([("complaint_id", "in", records.ids)])
        )
        remove = {
            "property.crm.handling.sheet": records.handling_sheet_ids,
            "property.crm.liaison.letter": letters,
            "property.crm.callback": callbacks,
            "survey.user_input": answers,
            "property.crm.repair.order": repairs,
            self._name: records,
        }
        detach = {
            "property.crm.case": cases,
            "property.crm.repair.order": records.repair_order_ids - repairs,
        }
        return remove, detach

    def _purge(self):
        """Remove the complaints and everything hanging from them, messages and
        attachments included; anonymise their cases. Returns the deletion
        certificate: ``{model: ids}``, no personal content."""
        remove, detach = self._purge_scope()
        certificate = {model: recs.ids for model, recs in remove.items() if recs}
        placeholder = Markup("<p>%s</p>") % self.env._(
            "Removed at the end of the retention period."
        )
        cases = detach["property.crm.case"].sudo()
        if cases:
            # the lesson stays, the customer's story goes
            cases.write(
                {
                    "complaint_id": False,
                    "problem": placeholder,
                    "handling": False,
                    "outcome": False,
                }
            )
            self.env["mail.message"].sudo().search(
                [
                    ("model", "=", "property.crm.case"),
                    ("res_id", "in", cases.ids),
                    ("message_type", "!=", "notification"),
                ]
            ).unlink()
            certificate["property.crm.case (anonymised)"] = cases.ids
        open_repairs = detach["property.crm.repair.order"].sudo()
        if open_repairs:
            open_repairs.write({"complaint_id": False})
        Attachment = self.env["ir.attachment"].sudo()
        Message = self.env["mail.message"].sudo()
        for model, recs in remove.items():
            if not recs:
                continue
            Attachment.search(
                [("res_model", "=", model), ("res_id", "in", recs.ids)]
            ).unlink()
            Message.search([("model", "=", model), ("res_id", "in", recs.ids)]).unlink()
        for model in (
            "survey.user_input",
            "property.crm.callback",
            "property.crm.liaison.letter",
            "property.crm.handling.sheet",
            "property.crm.repair.order",
            self._name,
        ):
            remove[model].sudo().with_context(
                active_test=False, property_crm_retention=True
            ).unlink()
        return certificate

    @api.model
    def _retention_preview(self, companies=None, now=None):
        """Dry run: what the next purge removes, ``{company: {model: ids}}``."""
        preview = {}
        Complaint = self.sudo().with_context(active_test=False)
        for company in companies or self.env["res.company"].search([]):
            cutoff = self._retention_cutoff(company, now)
            complaints = Complaint.search(self._retention_domain(company, cutoff))
            remove, detach = complaints._purge_scope()
            preview[company] = {
                model: recs.ids for model, recs in remove.items() if recs
            } | {
                f"{model} (detached)": recs.ids
                for model, recs in detach.items()
                if recs
            }
        return preview

    def action_retention_preview(self):
        """The manager's list of the complaints the next purge removes."""
        self.env["property.crm.complaint"]._check_group("property_crm.group_manager")
        ids = [
            complaint_id
            for models_ids in self._retention_preview(self.env.companies).values()
            for complaint_id in models_ids.get(self._name, [])
        ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complaints removed by the next purge"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("id", "in", ids)],
            "context": {"active_test": False, "create": False},
        }

    @api.model
    def _cron_retention(self, batch_size=200):
        """ir_cron_retention: two calendar years after closing, complaint files are
        removed; customer-data access log entries follow the same period. Open work
        and complaints on legal hold are never touched."""
        now = fields.Datetime.now()
        done = remaining = 0
        Complaint = self.with_context(active_test=False)
        AccessLog = (
            self.env["property.crm.access.log"]
            .sudo()
            .with_context(property_crm_retention=True)
        )
        RetentionLog = self.env["property.crm.retention.log"]
        for company in self.env["res.company"].search([]):
            cutoff = self._retention_cutoff(company, now)
            domain = self._retention_domain(company, cutoff)
            complaints = Complaint.search(
                domain, limit=batch_size, order="closed_at, id"
            )
            names = ", ".join(complaints.mapped("name"))
            count = len(complaints)
            certificate = complaints._purge() if complaints else {}
            RetentionLog._record(
                "delete",
                self._name,
                names,
                count,
                cutoff,
                company,
                certificate=certificate,
            )
            log_domain = [
                ("company_id", "in", (company.id, False)),
                ("accessed_at", "<=", cutoff),
            ]
            logs = AccessLog.search(log_domain, limit=batch_size * 10)
            log_count = len(logs)
            log_ids = logs.ids
            logs.unlink()
            RetentionLog._record(
                "delete",
                "property.crm.access.log",
                False,
                log_count,
                cutoff,
                company,
                certificate={"property.crm.access.log": log_ids},
            )
            done += count + log_count
            remaining += Complaint.search_count(domain) + AccessLog.search_count(
                log_domain
            )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done
