/** @odoo-module **/
// The manager's relationship board (in 简体中文): plans by state, budget against spending,
// overdue tasks, this month's visits, care greetings — one screen.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_relationship_board", {
    url: "/odoo/action-property_crm.property_crm_relationship_board_action",
    steps: () => [
        {
            content: "The plans by state, with the tour's plan",
            trigger: ".o-dashboard-action:contains('各状态的方案') .o_kanban_record:contains('Board plan')",
            timeout: 30000,
        },
        {
            trigger: ".o-dashboard-action:contains('预算与支出') .o_pivot",
        },
        {
            trigger: ".o-dashboard-action:contains('逾期任务')",
        },
        {
            trigger: ".o-dashboard-action:contains('本月拜访')",
        },
        {
            content: "…and the care greetings",
            trigger: ".o-dashboard-action:contains('关怀问候')",
        },
    ],
});
