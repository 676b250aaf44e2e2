from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models import input_validation


class PropertyCrmPortal(CustomerPortal):
    """Customers follow their complaints and file new ones from the portal
    (channel 網上 / portal); the conversation is the complaint's chatter."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["property.crm.complaint"]
            values["complaint_count"] = (
                Complaint.search_count([]) if Complaint.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["property.crm.complaint"]
        count = Complaint.search_count([])
        pager = portal_pager(
            url="/my/complaints", total=count, page=page, step=self._items_per_page
        )
        complaints = Complaint.search(
            [],
            order="received_at desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "page_name": "complaint",
                "pager": pager,
                "default_url": "/my/complaints",
            }
        )
        return request.render("property_crm.portal_my_complaints", values)

    @http.route(
        ["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True
    )
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint = self._document_check_access(
                "property.crm.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint,
            access_token,
            {"complaint": complaint, "page_name": "complaint"},
            "my_complaints_history",
            False,
            **kw,
        )
        return request.render("property_crm.portal_my_complaint", values)

    def _portal_post_values(self, model_name, post, text_fields=(), id_fields=()):
        """What a customer posts for ``model_name``, parsed and bounded: ids are
        whole numbers of records that exist, texts are within the limits of the
        fields (the record is created or changed as superuser, so the checks of
        ``create`` and ``write`` do not run)."""
        env = request.env
        Model = env[model_name]
        values = {fname: post.get(fname) or False for fname in text_fields}
        input_validation.validate_vals(Model, values)
        for fname in id_fields:
            field = Model._fields[fname]
            raw = (post.get(fname) or "").strip()
            if not raw:
                values[fname] = False
                continue
            try:
                record_id = int(raw)
            except ValueError:
                record_id = 0
            if not 0 < record_id <= input_validation.ID_MAX or not (
                env[field.comodel_name].sudo().browse(record_id).exists()
            ):
                raise UserError(
                    env._(
                        "Choose one of the listed values for %s.",
                        field._description_string(env),
                    )
                )
            values[fname] = record_id
        return values

    def _portal_complaint_values(self, post):
        return self._portal_post_values(
            "property.crm.complaint",
            post,
            text_fields=("description", "customer_demand"),
            id_fields=("category_id", "unit_id"),
        )

    @http.route(["/my/complaints/new"], type="http", auth="user", website=True)
    def portal_new_complaint(self, **post):
        partner = request.env.user.partner_id
        error = False
        if request.httprequest.method == "POST":
            try:
                complaint = request.env["property.crm.complaint"]._portal_create(
                    partner, self._portal_complaint_values(post)
                )
            except UserError as exc:
                error = exc.args[0]
            else:
                return request.redirect(complaint.get_portal_url())
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_new",
                "categories": request.env["property.crm.complaint.category"]
                .sudo()
                .search([]),
                "units": partner.commercial_partner_id.sudo().unit_ids
                | partner.sudo().unit_ids,
                "error": error,
                "post": post,
            }
        )
        return request.render("property_crm.portal_new_complaint", values)
