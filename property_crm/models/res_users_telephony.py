from odoo import fields, models


class ResUsers(models.Model):
    """The hotline extension of a call agent and whether they take calls now."""

    _inherit = ["res.users"]

    property_crm_extension = fields.Char(
        string="Hotline Extension", index="btree_not_null", copy=False
    )
    property_crm_on_duty = fields.Boolean(
        string="On Hotline Duty",
        copy=False,
        help="Calls for nobody in particular ring for the agents on duty.",
    )

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["property_crm_on_duty"]

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + [
            "property_crm_on_duty",
            "property_crm_extension",
        ]
