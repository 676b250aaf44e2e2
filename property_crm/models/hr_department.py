from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# who may name a department's 負責人 (its manager and the members given the right to
# sign handling sheets): HR officers and the customer-service manager, not any
# internal user (hr.department is writable by every employee in core)
SIGNER_ADMIN_GROUPS = ("hr.group_hr_user", "property_crm.group_manager")
SIGNER_FIELDS = ("manager_id", "property_crm_signer_ids")


class HrDepartment(models.Model):
    """The department that answers a 客戶投訴處置表 (ZC-QR-028): its 負責人 signs the
    handling method (seed 000 §四(1)2.4)D) — the department manager, or a member the
    company gave that right; the other members fill the method and the result."""

    _inherit = "hr.department"

    property_crm_signer_ids = fields.Many2many(
        "res.users",
        "property_crm_department_signer_rel",
        "department_id",
        "user_id",
        string="Handling Sheet Signers",
        domain=[("share", "=", False)],
        groups="hr.group_hr_user,property_crm.group_manager",
        help="負責人: besides the department manager, the members who may sign the "
        "handling method of a complaint handling sheet for the department.",
    )

    @api.constrains("property_crm_signer_ids")
    def _check_property_crm_signers(self):
        for department in self.sudo():
            outsiders = department.property_crm_signer_ids - (
                department.member_ids.user_id | department.manager_id.user_id
            )
            if outsiders:
                raise ValidationError(
                    self.env._(
                        "Only members of %(department)s may sign its handling sheets "
                        "(not %(users)s).",
                        department=department.display_name,
                        users=", ".join(outsiders.mapped("name")),
                    )
                )

    def write(self, vals):
        if (
            not self.env.su
            and any(fname in vals for fname in SIGNER_FIELDS)
            and not any(self.env.user.has_group(g) for g in SIGNER_ADMIN_GROUPS)
        ):
            raise AccessError(
                self.env._(
                    "Only HR officers and the customer service manager may change who "
                    "heads a department or signs its handling sheets."
                )
            )
        return super().write(vals)

    def _property_crm_signers(self):
        """The users who may sign this department's handling sheets (負責人): its
        manager, and the signers who are still members (one who moved to another
        department no longer signs for this one)."""
        department = self.sudo()
        return department.manager_id.user_id | (
            department.property_crm_signer_ids & department.member_ids.user_id
        )
