/** @odoo-module **/
// 呼叫中心: the telephony endpoint tells the agent's web client of a call
// (bus notification "property_crm.incoming_call"); the agent opens it and sees the
// customer matched by the number.
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

export const incomingCallService = {
    dependencies: ["bus_service", "notification", "action"],
    start(env, { bus_service, notification, action }) {
        bus_service.subscribe("property_crm.incoming_call", (payload) => {
            const close = notification.add(
                payload.partner_name
                    ? `${payload.partner_name} ${payload.unit || ""}`
                    : _t("Unknown caller"),
                {
                    title: _t("Incoming call %s", payload.name),
                    type: "info",
                    sticky: true,
                    buttons: [
                        {
                            name: _t("Open"),
                            primary: true,
                            onClick: () => {
                                action.doAction({
                                    type: "ir.actions.act_window",
                                    res_model: "property.crm.call",
                                    res_id: payload.call_id,
                                    views: [[false, "form"]],
                                });
                                close();
                            },
                        },
                    ],
                }
            );
        });
    },
};

registry.category("services").add("property_crm_incoming_call", incomingCallService);
