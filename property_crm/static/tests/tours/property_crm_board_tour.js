/** @odoo-module **/
// Tour 7: the manager opens the board: areas with their open, breached and due counts, the
// graphs by area and department, today's reports and callbacks, the month's on-time rates.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_manager_board", {
    url: "/odoo/action-property_crm.property_crm_board_action",
    steps: () => [
        {
            content: "The board's areas: East has one breached complaint",
            trigger: ".o_kanban_record:contains('PCRM East Area') button:contains('已超时') span:contains('1')",
            timeout: 30000,
            run() {
                const ms = Math.round(performance.now());
                console.log(`property_crm timing: manager board ready ${ms} ms after navigation`);
            },
        },
        {
            content: "The graphs and lists are there, titled in Chinese",
            trigger: ".o-dashboard-action:contains('各区域未结投诉')",
        },
        {
            trigger: ".o-dashboard-action:contains('今日到期回访')",
        },
        {
            content: "Open the breached complaints of the East area",
            trigger: ".o_kanban_record:contains('PCRM East Area') button:contains('已超时')",
            run: "click",
        },
        {
            content: "…the list of that area's breached complaint",
            trigger: ".o_list_view .o_data_row:contains('Zhang Wei')",
        },
    ],
});
