/** @odoo-module **/
// Tour 5: a customer files a complaint from the portal and finds it in their list.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_portal_new_complaint", {
    url: "/my/complaints/new",
    steps: () => [
        {
            content: "The form reads in Chinese and shows its two text boxes",
            trigger: "label[for=description]:contains('发生了什么？')",
        },
        {
            trigger: "label[for=customer_demand]:contains('您有什么诉求？')",
        },
        {
            content: "Unit",
            trigger: "select[name=unit_id]:has(option:contains('E-1201'))",
            run: "selectByLabel E-1201",
        },
        {
            content: "What happened",
            trigger: "textarea[name=description]",
            run: "edit 楼上深夜噪音 tour5",
        },
        {
            content: "What the customer asks for",
            trigger: "textarea[name=customer_demand]",
            run: "edit 请物业上门劝导",
        },
        {
            content: "Send (发送)",
            trigger: "form[action='/my/complaints/new'] button[type=submit]:contains('发送')",
            run: "click",
        },
        {
            content: "The complaint's page shows what was filed",
            trigger: "body:contains('楼上深夜噪音 tour5')",
        },
        {
            content: "Back to the list",
            trigger: "body",
            run: "goToUrl /my/complaints",
        },
        {
            content: "The list shows the new complaint as 新建",
            trigger: "table tr:contains('新建') a[href^='/my/complaints/']",
        },
    ],
});
