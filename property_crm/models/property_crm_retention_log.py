import json

from odoo import api, fields, models


class PropertyCrmRetentionLog(models.Model):
    """What the archive and retention crons did (seed 000 §四(1)3.2: complaint files
    kept two years)."""

    _name = "property.crm.retention.log"
    _description = "Archive and Retention Log"
    _order = "run_at desc, id desc"
    _log_access = False

    run_at = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True
    )
    operation = fields.Selection(
        [("archive", "Archived"), ("delete", "Deleted")], required=True, readonly=True
    )
    model_name = fields.Char(string="Model", required=True, readonly=True)
    record_count = fields.Integer(readonly=True)
    cutoff = fields.Datetime(
        readonly=True, help="Records closed or logged before this moment were affected."
    )
    details = fields.Text(readonly=True)
    certificate = fields.Text(
        string="Deletion Certificate",
        readonly=True,
        help="What the run removed: the ids per model, no personal content.",
    )
    company_id = fields.Many2one("res.company", readonly=True)

    @api.model
    def _record(
        self,
        operation,
        model_name,
        records_desc,
        count,
        cutoff,
        company=None,
        certificate=None,
    ):
        if count:
            self.sudo().create(
                {
                    "operation": operation,
                    "model_name": model_name,
                    "record_count": count,
                    "cutoff": cutoff,
                    "details": records_desc,
                    "company_id": company.id if company else False,
                    "certificate": json.dumps(
                        {
                            model: {"count": len(ids), "ids": ids}
                            for model, ids in (certificate or {}).items()
                        },
                        sort_keys=True,
                    )
                    if certificate
                    else False,
                }
            )

    def _certificate_lines(self):
        self.ensure_one()
        certificate = json.loads(self.certificate or "{}")
        return [
            {
                "model": model,
                "count": entry["count"],
                "ids": ", ".join(str(rid) for rid in entry["ids"]),
            }
            for model, entry in sorted(certificate.items())
        ]
