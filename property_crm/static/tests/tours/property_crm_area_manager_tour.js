/** @odoo-module **/
// Tour 3: the area manager opens a major complaint of their area and reports it to the head
// (資產管理部負責人) within the 10-minute clock.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_area_manager_report_major", {
    url: "/odoo/action-property_crm.property_crm_complaint_action",
    steps: () => [
        {
            content: "The major complaint's card carries its severity badge",
            trigger: ".o_kanban_record:contains('Zhang Wei'):contains('重大投诉')",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the major complaint",
            trigger: ".o_list_view .o_data_row:contains('重大投诉'):contains('Zhang Wei') td[name=name]",
            run: "click",
        },
        {
            content: "The 10-minute report clock runs (badge 正常 or 即将到期)",
            trigger: ".o_field_widget[name=report_sla] .badge:contains('正常'), .o_field_widget[name=report_sla] .badge:contains('即将到期')",
        },
        {
            content: "Report to the head",
            trigger: ".o_statusbar_buttons button[name=action_report_to_head]:contains('向负责人汇报')",
            run: "click",
        },
        {
            content: "The report clock is met: 已完成",
            trigger: ".o_field_widget[name=report_sla] .badge:contains('已完成')",
        },
        {
            trigger: ".o_field_widget[name=reported_by_id]:contains('PCRM Area Manager')",
        },
        {
            content: "The button is gone",
            trigger: ".o_statusbar_buttons:not(:has(button[name=action_report_to_head]))",
        },
        {
            content: "The chatter tells it in Chinese",
            trigger: ".o-mail-Message:contains('向负责人汇报')",
        },
    ],
});
