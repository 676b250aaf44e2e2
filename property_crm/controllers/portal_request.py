from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.property_crm_request import OPEN_STATES
from .portal import PropertyCrmPortal


class PropertyCrmRequestPortal(PropertyCrmPortal):
    """Customers follow their demands (客戶需求, seed 002 §三) on the portal, file
    new ones (channel portal) and chase them (催辦); the conversation is the
    demand's chatter. A demand is called ``demand`` here: ``request`` is the HTTP
    request."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "request_count" in counters:
            Request = request.env["property.crm.request"]
            values["request_count"] = (
                Request.search_count([]) if Request.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/requests", "/my/requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_requests(self, page=1, **kw):
        Request = request.env["property.crm.request"]
        count = Request.search_count([])
        pager = portal_pager(
            url="/my/requests", total=count, page=page, step=self._items_per_page
        )
        demands = Request.search(
            [],
            order="received_at desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_requests_history"] = demands.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "demands": demands,
                "page_name": "demand",
                "pager": pager,
                "default_url": "/my/requests",
            }
        )
        return request.render("property_crm.portal_my_requests", values)

    def _portal_request_page(self, demand_sudo, access_token, error=False, **kw):
        values = self._get_page_view_values(
            demand_sudo,
            access_token,
            {
                "demand": demand_sudo,
                "page_name": "demand",
                "can_chase": demand_sudo.state in OPEN_STATES
                and not request.env.user._is_public(),
                "chased": bool(kw.get("chased")),
                "chase_error": error,
            },
            "my_requests_history",
            False,
            **kw,
        )
        # the portal chatter posts with the document's token: the customer reads
        # their demand but does not write it
        values["token"] = access_token or demand_sudo._portal_ensure_token()
        return request.render("property_crm.portal_my_request", values)

    @http.route(
        ["/my/requests/<int:request_id>"], type="http", auth="public", website=True
    )
    def portal_my_request(self, request_id, access_token=None, **kw):
        try:
            demand_sudo = self._document_check_access(
                "property.crm.request", request_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._portal_request_page(demand_sudo, access_token, **kw)

    @http.route(
        ["/my/requests/<int:request_id>/chase"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_chase_request(self, request_id, access_token=None, **post):
        try:
            demand_sudo = self._document_check_access(
                "property.crm.request", request_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            values = self._portal_post_values(
                "property.crm.request", post, text_fields=("chase_note",)
            )
            # as the customer (``_document_check_access`` gives the record as
            # OdooBot): the chase is noted in their name
            demand_sudo.with_user(request.env.user).sudo()._portal_chase(
                note=values["chase_note"]
            )
        except UserError as exc:
            return self._portal_request_page(
                demand_sudo, access_token, error=exc.args[0]
            )
        return request.redirect(demand_sudo.get_portal_url(query_string="&chased=1"))

    def _portal_request_values(self, post):
        return self._portal_post_values(
            "property.crm.request",
            post,
            text_fields=("description",),
            id_fields=("type_id", "unit_id"),
        )

    @http.route(["/my/requests/new"], type="http", auth="user", website=True)
    def portal_new_request(self, **post):
        env = request.env
        partner = env.user.partner_id
        error = False
        if request.httprequest.method == "POST":
            try:
                demand = env["property.crm.request"]._portal_create(
                    partner, self._portal_request_values(post)
                )
            except UserError as exc:
                error = exc.args[0]
            else:
                return request.redirect(demand.sudo().get_portal_url())
        units = partner.commercial_partner_id.sudo().unit_ids | partner.sudo().unit_ids
        company_ids = [False] + (units.company_id or env.company).ids
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "demand_new",
                "request_types": env["property.crm.request.type"]
                .sudo()
                .search([("portal_ok", "=", True), ("company_id", "in", company_ids)]),
                "units": units,
                "error": error,
                "post": post,
            }
        )
        return request.render("property_crm.portal_new_request", values)
