import json
import logging

from odoo import fields, http
from odoo.http import request

_logger = logging.getLogger(__name__)

DIRECTIONS = ("inbound", "outbound")
EVENTS = ("ringing", "answered", "ended")
MAX_BODY = 16 * 1024


class PropertyCrmTelephonyController(http.Controller):
    """The hotline's webhook (呼叫中心): the telephony system (an Asterisk or
    FreeSWITCH AGI script, a cloud call centre) POSTs each call event as JSON with
    the company's token. The call is logged, the caller matched to a customer by
    number, and the agent's web client told to open them.

    Body: ``{"call_ref": "abc-1", "number": "13812345678", "direction":
    "inbound", "event": "ringing"|"answered"|"ended", "extension": "8001",
    "agent_login": "...", "started_at": "2026-03-02 09:00:00", "ended_at": ...}``
    (``number`` is required; times are UTC). Token: ``X-Property-CRM-Token`` header
    or ``Authorization: Bearer``.

    Answers: 201 (logged) / 200 (a further event of a logged call) with the call,
    the customer (null for an unknown number: the call is still logged, its agent
    answers it and may pick the customer) and the agents told; 401 without token,
    403 with a wrong one, 400 for a malformed body, 405 for another method —
    nothing is created when refused.
    """

    @http.route(
        "/property_crm/telephony/call",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def telephony_call(self, **_kwargs):
        token = self._token()
        if not token:
            return self._error(401, "missing_token", "The telephony token is missing.")
        env = request.env(su=True)
        company = env["res.company"]._property_crm_company_for_token(token)
        if not company:
            _logger.warning(
                "telephony: refused a call with a wrong token from %s",
                request.httprequest.remote_addr,
            )
            return self._error(403, "bad_token", "The telephony token is not valid.")
        try:
            payload = self._payload()
        except ValueError as error:
            return self._error(400, "bad_request", str(error))
        env = request.env(
            su=True, context=dict(request.env.context, allowed_company_ids=company.ids)
        )
        call, created, agents = env["property.crm.call"]._telephony_event(
            company, payload
        )
        return self._json(
            201 if created else 200,
            {
                "call_id": call.id,
                "name": call.name,
                "customer": (
                    {"id": call.partner_id.id, "name": call.partner_id.name}
                    if call.partner_id
                    else None
                ),
                "notified": agents.mapped("login"),
            },
        )

    # ------------------------------------------------------------------

    def _token(self):
        headers = request.httprequest.headers
        token = headers.get("X-Property-CRM-Token", "").strip()
        if not token:
            auth = headers.get("Authorization", "")
            if auth.lower().startswith("bearer "):
                token = auth[7:].strip()
        return token

    def _payload(self):
        raw = request.httprequest.get_data()
        if len(raw) > MAX_BODY:
            raise ValueError("The body is too large.")
        try:
            payload = json.loads(raw or b"null")
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError("The body is not JSON.") from error
        if not isinstance(payload, dict):
            raise ValueError("The body must be a JSON object.")
        number = payload.get("number")
        if not isinstance(number, str) or not number.strip() or len(number) > 32:
            raise ValueError("number: the caller's number is required (a string).")
        direction = payload.get("direction", "inbound")
        if direction not in DIRECTIONS:
            raise ValueError("direction: inbound or outbound.")
        event = payload.get("event", "ringing")
        if event not in EVENTS:
            raise ValueError("event: ringing, answered or ended.")
        for key in ("call_ref", "extension", "agent_login"):
            value = payload.get(key)
            if value is not None and (not isinstance(value, str) or len(value) > 64):
                raise ValueError(f"{key}: a string of at most 64 characters.")
        for key in ("started_at", "ended_at"):
            if payload.get(key) is not None:
                try:
                    payload[key] = fields.Datetime.to_datetime(payload[key])
                except (TypeError, ValueError) as error:
                    raise ValueError(
                        f"{key}: a UTC date and time (YYYY-MM-DD HH:MM:SS)."
                    ) from error
        payload.update(number=number.strip(), direction=direction, event=event)
        return payload

    def _json(self, status, body):
        return request.make_response(
            json.dumps(body),
            headers=[("Content-Type", "application/json; charset=utf-8")],
            status=status,
        )

    def _error(self, status, code, message):
        return self._json(status, {"error": code, "message": message})
