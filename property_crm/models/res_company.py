from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    property_crm_customer_notice = fields.Selection(
        [
            ("none", "No notices"),
            ("email", "Email"),
            ("sms", "SMS"),
            ("email_sms", "Email and SMS"),
        ],
        string="Customer Notices",
        default="email",
        required=True,
        help="How the customer is told that the complaint was received, is being "
        "handled, is resolved and is closed.",
    )
    property_crm_head_user_id = fields.Many2one(
        "res.users",
        string="Head of Asset Management",
        help="資產管理部負責人: receives major-complaint reports and escalations. "
        "When empty, every Customer Service Manager does.",
    )
    property_crm_claim_limit = fields.Monetary(
        string="Claim Approval Limit",
        currency_field="currency_id",
        default=10000.0,
        help=(
            "Claims of this amount or more (一萬元以上: 10,000 included) can only "
            "be approved by a Customer Service Manager."
        ),
    )
    property_crm_callback_attempts = fields.Integer(
        string="Attempts Before Unreachable",
        default=3,
        help=(
            "A callback may be marked unreachable "
            "only after this many recorded attempts."
        ),
    )
    property_crm_warranty_months = fields.Integer(
        string="Warranty Period (months)",
        default=24,
        help=(
            "Repairs reported within this period after "
            "the unit's handover are in warranty."
        ),
    )
    property_crm_survey_threshold = fields.Integer(
        string="Satisfaction Threshold",
        default=3,
        help="A survey answer rated below this (1-5) creates a callback.",
    )
    property_crm_survey_callback_days = fields.Integer(
        string="Survey Callback Delay (days)",
        default=7,
    )
    property_crm_survey_callback_target = fields.Float(
        string="Survey Callback Target (%)",
        default=100.0,
        help=(
            "Seed 000 §四(2)2: complaints, repairs and paid services must reach 100 "
            "%; the asset management department sets the target of survey callbacks."
        ),
    )
    property_crm_archive_days = fields.Integer(
        string="Archive After (days)",
        default=30,
        help=(
            "Closed complaints are archived with their "
            "records this many days after closing."
        ),
    )
    property_crm_retention_years = fields.Integer(
        string="Retention (years)",
        default=2,
        help=(
            "Seed 000: complaint files are kept two years after closing, then "
            "removed; the customer-data access log follows the same period. "
            "Counted in calendar years (29 February included)."
        ),
    )
    property_crm_max_amount = fields.Monetary(
        string="Maximum Amount",
        currency_field="currency_id",
        default=1000000.0,
        help="No claim, charge or cost above this amount is accepted: a bound on "
        "what a client may enter.",
    )
    property_crm_backdate_days = fields.Integer(
        string="Backdating Window (days)",
        default=30,
        help="A complaint cannot be recorded as received more than this many days "
        "ago (nor in the future).",
    )
    property_crm_attachment_max_mb = fields.Integer(
        string="Maximum Attachment Size (MB)",
        default=10,
        help="Files larger than this are refused on customer-relations records; "
        "mail attachments larger than this are dropped with a note.",
    )

    @api.constrains(
        "property_crm_max_amount",
        "property_crm_backdate_days",
        "property_crm_attachment_max_mb",
    )
    def _check_property_crm_input_limits(self):
        for company in self:
            if (
                company.property_crm_max_amount <= 0
                or company.property_crm_backdate_days <= 0
                or company.property_crm_attachment_max_mb <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The maximum amount, the backdating window and the maximum "
                        "attachment size must be positive."
                    )
                )

    @api.constrains("property_crm_archive_days", "property_crm_retention_years")
    def _check_property_crm_retention(self):
        for company in self:
            if company.property_crm_archive_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Closed complaints are archived after a positive number of "
                        "days (%s).",
                        company.name,
                    )
                )
            if company.property_crm_retention_years <= 0:
                raise ValidationError(
                    self.env._(
                        "The retention period must be at least one year (%s): with "
                        "zero the nightly purge would remove every closed complaint.",
                        company.name,
                    )
                )
            # the shortest span of the retention period (no 29 February in it)
            if company.property_crm_archive_days > (
                365 * company.property_crm_retention_years
            ):
                raise ValidationError(
                    self.env._(
                        "Complaints must be archived before the end of their "
                        "retention period (%(company)s): archive after at most "
                        "%(days)s days.",
                        company=company.name,
                        days=365 * company.property_crm_retention_years,
                    )
                )
