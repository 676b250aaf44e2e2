/** @odoo-module **/
// Tour 4: the customer-service manager approves a grade evaluation a supervisor submitted.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_manager_approve_grade", {
    url: "/odoo/action-property_crm.property_crm_grade_evaluation_action",
    steps: () => [
        {
            content: "The submitted evaluation is listed as 已提交",
            trigger: ".o_list_view .o_data_row:contains('Zhang Wei'):contains('已提交') td[name=partner_id]",
            run: "click",
        },
        {
            content: "Submitted by the supervisor",
            trigger: ".o_field_widget[name=submitted_by_id]:contains('PCRM Supervisor')",
        },
        {
            content: "Approve",
            trigger: ".o_statusbar_buttons button[name=action_approve]:contains('批准')",
            run: "click",
        },
        {
            content: "Approved (已批准) by the manager",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('已批准')",
        },
        {
            trigger: ".o_field_widget[name=decided_by_id]:contains('PCRM Manager')",
        },
        {
            content: "No refuse button any more",
            trigger: ".o_form_view:not(:has(button[name=action_refuse]))",
        },
    ],
});
