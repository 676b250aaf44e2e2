/** @odoo-module **/
// (in 简体中文) The 客戶關係維護方案 from draft to closed, each step by its role (seed 004 六–八).
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

tours.add("property_crm_maintenance_supervisor_drafts", {
    url: "/odoo/action-property_crm.property_crm_maintenance_plan_action",
    steps: () => [
        {
            content: "New plan",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new, .o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name=title] input",
            run: "edit Tour care plan",
        },
        {
            content: "A segment of customers",
            trigger: ".o_field_widget[name=target_type] select",
            run: 'select "segment"',
        },
        {
            trigger: ".o_field_widget[name=segment_kind] select",
            run: 'select "enterprise"',
        },
        {
            content: "End of the period",
            trigger: ".o_field_widget[name=date_end] input",
            run: "edit 2027年12月31日",
        },
        {
            trigger: ".o_field_widget[name=goals] textarea",
            run: "edit Renewal rate 100 %",
        },
        {
            trigger: ".o_field_widget[name=measures] textarea",
            run: "edit A visit per quarter",
        },
        {
            trigger: ".o_field_widget[name=budget_amount] input",
            run: "edit 3000",
        },
        {
            content: "Submit for review",
            trigger: ".o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            content: "In review",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('审核中')",
        },
    ],
});

function stepOnPlan(button, state) {
    return [
        {
            content: "Open the plan",
            trigger: ".o_kanban_record:contains('Tour care plan')",
            run: "click",
        },
        {
            content: `Click ${button}`,
            trigger: `.o_statusbar_buttons button[name=${button}]`,
            run: "click",
        },
        {
            content: `Now ${state}`,
            trigger: `.o_statusbar_status .o_arrow_button_current:contains('${state}')`,
        },
    ];
}

tours.add("property_crm_maintenance_manager_reviews", {
    url: "/odoo/action-property_crm.property_crm_maintenance_plan_action",
    steps: () => [
        {
            content: "No approve button for the manager",
            trigger: ".o_kanban_record:contains('Tour care plan')",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(button[name=action_approve]))",
        },
        {
            content: "Reviewed",
            trigger: ".o_statusbar_buttons button[name=action_review]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('已审核')",
        },
    ],
});

tours.add("property_crm_maintenance_director_approves", {
    url: "/odoo/action-property_crm.property_crm_maintenance_plan_action",
    steps: () => stepOnPlan("action_approve", "已批准"),
});

tours.add("property_crm_maintenance_supervisor_reports", {
    url: "/odoo/action-property_crm.property_crm_maintenance_plan_action",
    steps: () => [
        ...stepOnPlan("action_start", "进行中"),
        {
            content: "The report page",
            trigger: ".o_notebook .nav-link:contains('维护报告')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=report_results] textarea",
            run: "edit All four enterprises renewed",
        },
        {
            trigger: ".o_field_widget[name=report_next_measures] textarea",
            run: "edit Keep the quarterly visits",
        },
        {
            content: "Submit the report",
            trigger: ".o_statusbar_buttons button[name=action_submit_report]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('已提交报告')",
        },
    ],
});

tours.add("property_crm_maintenance_manager_closes", {
    url: "/odoo/action-property_crm.property_crm_maintenance_plan_action",
    steps: () => [
        ...stepOnPlan("action_close", "已关闭"),
        {
            content: "The report can be printed",
            trigger: ".o_statusbar_buttons button[name=action_print_report]",
        },
    ],
});
