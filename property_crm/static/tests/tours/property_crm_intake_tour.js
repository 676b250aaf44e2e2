/** @odoo-module **/
// Tour 6: a specialist takes a call: the list counts down the open complaint's clock; the
// one-screen phone intake finds the caller by the last 4 digits, prefills the unit and shows the
// department the category goes to; then a second complaint by quick create on the kanban.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_phone_intake", {
    url: "/odoo/action-property_crm.property_crm_complaint_action?view_type=list",
    steps: () => [
        {
            content: "The open complaint's clock counts down (剩余…)",
            trigger: ".o_list_view .o_data_row td[name=sla_deadline] .o_property_crm_countdown:contains('剩余')",
            timeout: 30000,
            run() {
                const ms = Math.round(performance.now());
                console.log(`property_crm timing: complaint list ready ${ms} ms after navigation`);
            },
        },
        {
            content: "Phone intake (电话登记)",
            trigger: ".o_control_panel button:contains('电话登记'), .o_list_view button:contains('电话登记')",
            run: "click",
        },
        {
            content: "The caller gives the last 4 digits of the mobile",
            trigger: ".modal .o_field_widget[name=caller_number] input",
            run: "edit 4321 && press Tab",
        },
        {
            content: "Li Na found, her unit filled in",
            trigger: ".modal .o_field_widget[name=partner_id] input:value('Li Na')",
        },
        {
            trigger: ".modal .o_field_widget[name=unit_id] input:value('W-0502')",
        },
        {
            content: "Category",
            trigger: ".modal .o_field_widget[name=category_id] input",
            run: "edit PCRM 漏水",
        },
        {
            trigger: ".modal .o_field_widget[name=category_id] .o-autocomplete--dropdown-item a:contains('PCRM 漏水')",
            run: "click",
        },
        {
            content: "…goes to the engineering department",
            trigger: ".modal .o_field_widget[name=department_id]:contains('PCRM Engineering')",
        },
        {
            content: "What happened",
            trigger: ".modal .o_field_html[name=description] .odoo-editor-editable div.o-paragraph",
            run: "editor 卫生间天花板渗水 tour6",
        },
        {
            content: "Log the complaint (登记投诉)",
            trigger: ".modal-footer button[name=action_log_complaint]:contains('登记投诉')",
            run: "click",
        },
        {
            content: "The complaint's form: Li Na, 新建",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value('Li Na')",
            timeout: 30000,
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('新建')",
        },
        {
            content: "To the kanban",
            trigger: "body",
            run: "goToUrl /odoo/action-property_crm.property_crm_complaint_action?view_type=kanban",
        },
        {
            content: "Quick create in the 新建 column",
            trigger: ".o_kanban_group:has(.o_column_title:contains('新建')) .o_kanban_quick_add",
            run: "click",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=partner_id] input",
            run: "edit Zhang Wei",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=partner_id] .o-autocomplete--dropdown-item > a:contains('Zhang Wei'):not(:contains('创建'))",
            run: "click",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_html[name=description] .odoo-editor-editable div.o-paragraph",
            run: "editor 电梯异响 tour6",
        },
        {
            content: "Add (添加)",
            trigger: ".o_kanban_quick_create .o_kanban_add",
            run: "click",
        },
        {
            content: "The new card counts down its 24-hour clock",
            trigger: ".o_kanban_group:has(.o_column_title:contains('新建')) .o_kanban_record:contains('Zhang Wei') .o_property_crm_countdown:contains('剩余')",
        },
        {
            content: "Back to the list (the quick create stays open, empty, for the next call)",
            trigger: "body",
            run: "goToUrl /odoo/action-property_crm.property_crm_complaint_action?view_type=list",
        },
        {
            content: "Both new complaints are listed with their countdowns",
            trigger: ".o_list_view .o_data_row:contains('Li Na') .o_property_crm_countdown",
            timeout: 30000,
        },
    ],
});
