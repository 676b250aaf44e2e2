/** @odoo-module **/
// The service desk as its users try it: a call comes in through the telephony endpoint,
// the call agent sees the customer and logs a demand that routes itself to the department
// with its deadline; a handler of the department claims and answers it; the callback
// closes it. Targets are field and button names: the tours pass in every language.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_desk_agent_logs_demand", {
    url: "/odoo/action-property_crm.property_crm_call_action",
    steps: () => [
        {
            content: "The call posted by the telephony system is in the list, its customer matched",
            trigger: ".o_list_view .o_data_row:contains('Zhang Wei') td[name=name]",
            run: "click",
        },
        {
            content: "The agent sees the customer and the masked number",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value('Zhang Wei')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=number]:contains('138****5678')",
        },
        {
            content: "Log a demand from the call",
            trigger: ".o_statusbar_buttons button[name=action_new_request]",
            run: "click",
        },
        {
            content: "The customer comes from the call",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value('Zhang Wei')",
        },
        {
            content: "Type",
            trigger: ".o_field_widget[name=type_id] input",
            run: "edit PCRM Tour Report",
        },
        {
            trigger: ".o_field_widget[name=type_id] .o-autocomplete--dropdown-item > a:contains('PCRM Tour Report')",
            run: "click",
        },
        {
            content: "Description",
            trigger: ".o_field_html[name=description] .odoo-editor-editable div.o-paragraph",
            run: "editor Corridor light broken tour6",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Routed to the department, with its deadline",
            trigger: ".o_form_view .o_field_widget[name=department_id]:contains('PCRM Engineering')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=completion_deadline] span:contains('202')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=first_contact_user_id] input:value('PCRM Call Agent')",
        },
    ],
});

registry.category("web_tour.tours").add("property_crm_desk_handler_answers", {
    url: "/odoo/action-property_crm.property_crm_request_action",
    steps: () => [
        {
            content: "The demand waits in the department's pool",
            trigger: ".o_list_view .o_data_row:contains('Zhang Wei') td[name=name]",
            run: "click",
        },
        {
            content: "Claim it",
            trigger: ".o_statusbar_buttons button[name=action_claim]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=user_id]:contains('PCRM Handler')",
        },
        {
            content: "Start",
            trigger: ".o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            content: "The answer tab",
            trigger: ".o_notebook_headers a[name=answer]",
            run: "click",
        },
        {
            trigger: ".o_field_html[name=answer] .odoo-editor-editable div.o-paragraph",
            run: "editor Bulb replaced tour6",
        },
        {
            content: "Done",
            trigger: ".o_statusbar_buttons button[name=action_done]",
            run: "click",
        },
        {
            content: "Done: the callback to the customer is due",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ],
});

registry.category("web_tour.tours").add("property_crm_desk_callback_closes", {
    url: "/odoo/action-property_crm.property_crm_callback_action",
    steps: () => [
        {
            content: "The demand's callback",
            trigger: ".o_list_view .o_data_row:contains('Zhang Wei') td[name=name]",
            run: "click",
        },
        {
            content: "The customer is satisfied",
            trigger: ".o_field_widget[name=outcome] input[data-value=satisfied]",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_statusbar_buttons button[name=action_done]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ],
});
