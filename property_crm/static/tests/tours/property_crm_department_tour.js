/** @odoo-module **/
// Tour 2: the department's manager (its 負責人, who may sign) opens the handling sheet sent
// to the department, fills the handling method (處理方法) and signs it.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_department_sign_sheet", {
    url: "/odoo/action-property_crm.property_crm_handling_sheet_action",
    steps: () => [
        {
            content: "The sheet waits in the department's list as 已发送",
            trigger: ".o_list_view .o_data_row:contains('PCRM Engineering'):contains('已发送') td[name=name]",
            run: "click",
        },
        {
            content: "The handler sees the customer's name, no contact data",
            trigger: ".o_form_view .o_field_widget[name=customer_name]:contains('Zhang Wei')",
        },
        {
            trigger: ".o_form_view:not(:contains('138****5678')):not(:contains('13812345678'))",
        },
        {
            content: "Handling method (處理方法)",
            trigger: ".o_field_html[name=handling_method] .odoo-editor-editable div.o-paragraph",
            run: "editor 更换厨房水管接头 tour2",
        },
        {
            content: "Sign",
            trigger: ".o_statusbar_buttons button[name=action_accept]:contains('签字确认处理方法')",
            run: "click",
        },
        {
            content: "Signed: 已受理, signed by the department manager",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('已受理')",
        },
        {
            trigger: ".o_field_widget[name=signer_id]:contains('PCRM Department Manager')",
        },
        {
            trigger: ".o_field_widget[name=signed_at] span:contains('202')",
        },
    ],
});
