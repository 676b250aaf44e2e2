/** @odoo-module **/
// Tour 1: a specialist logs a minor complaint on the phone (customer, unit, description),
// starts handling it and sends a handling sheet to the department. Runs in 简体中文.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_specialist_minor_complaint", {
    url: "/odoo/action-property_crm.res_partner_action_customer",
    steps: () => [
        {
            content: "The customer archive shows the customer's mobile masked",
            trigger: ".o_list_view .o_data_row:contains('Zhang Wei') td[name=mobile]:contains('138****5678')",
        },
        {
            content: "…and never the full number",
            trigger: ".o_list_view:not(:contains('13812345678'))",
        },
        {
            content: "Open the complaints",
            trigger: "body",
            run: "goToUrl /odoo/action-property_crm.property_crm_complaint_action",
        },
        {
            content: "Timing: the complaint kanban's cold load (printed, not asserted)",
            trigger: ".o_kanban_view .o_kanban_record",
            run() {
                const ms = Math.round(performance.now());
                console.log(`property_crm timing: complaint kanban ready ${ms} ms after navigation`);
            },
        },
        {
            content: "New complaint from the kanban (button 新建 / 创建)",
            trigger: ".o_kanban_view .o-kanban-button-new:contains('新建'), .o_kanban_view .o-kanban-button-new:contains('创建')",
            run: "click",
        },
        {
            content: "The form's groups read in Chinese",
            trigger: ".o_form_view .o_horizontal_separator:contains('客户')",
        },
        {
            content: "Customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Zhang Wei",
        },
        {
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item > a:contains('Zhang Wei'):not(:contains('创建'))",
            run: "click",
        },
        {
            content: "The customer's unit is filled in from the customer",
            trigger: ".o_field_widget[name=unit_id] input:value('East Tower 1 E-1201')",
        },
        {
            content: "…with its area manager",
            trigger: ".o_field_widget[name=area_manager_id]:contains('PCRM Area Manager')",
        },
        {
            content: "Description",
            trigger: ".o_field_html[name=description] .odoo-editor-editable div.o-paragraph",
            run: "editor 厨房水管漏水 tour1",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved: the complaint has its number and is 新建",
            trigger: ".o_form_saved .o_statusbar_status .o_arrow_button_current:contains('新建')",
        },
        {
            content: "The SLA badge reads 正常 (24 h feedback running)",
            trigger: ".o_field_widget[name=sla_status] .badge:contains('正常')",
        },
        {
            content: "Start handling",
            trigger: ".o_statusbar_buttons button[name=action_start_handling]:contains('开始处理')",
            run: "click",
        },
        {
            content: "Now 处理中",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('处理中')",
        },
        {
            content: "New handling sheet",
            trigger: ".o_statusbar_buttons button[name=action_new_handling_sheet]:contains('处置表')",
            run: "click",
        },
        {
            content: "The sheet knows its complaint and the customer (name only)",
            trigger: ".o_form_view .o_field_widget[name=customer_name]:contains('Zhang Wei')",
        },
        {
            content: "Department",
            trigger: ".o_field_widget[name=department_id] input",
            run: "edit PCRM Engineering",
        },
        {
            trigger: ".o_field_widget[name=department_id] .o-autocomplete--dropdown-item a:contains('PCRM Engineering')",
            run: "click",
        },
        {
            content: "Send to the department (saves the sheet first)",
            trigger: ".o_statusbar_buttons button[name=action_send]:contains('发送至部门')",
            run: "click",
        },
        {
            content: "The sheet is 已发送 with its 1-hour deadline",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('已发送')",
        },
        {
            trigger: ".o_field_widget[name=response_deadline] span:contains('202')",
        },
    ],
});
