/** @odoo-module **/
// Finance: from a lease to the journal entry of its rent, and back to the lease.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_crm_finance_rent_trace", {
    url: "/odoo/action-property_crm.property_crm_lease_action",
    steps: () => [
        {
            content: "Open the tenant's running lease",
            trigger: ".o_list_view .o_data_row:contains('PCRM Tour Tenant') td[name=name]",
            run: "click",
        },
        {
            content: "The rent schedule lists the posted periods",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('已过账')",
        },
        {
            content: "Open the lease's journal entries",
            trigger: "button[name=action_view_moves]",
            run: "click",
        },
        {
            content: "Open the first rent invoice",
            trigger: ".o_list_view .o_data_row:contains('INV/2024/00001') td[name=name]",
            run: "click",
        },
        {
            content: "The invoice names its lease and rent line",
            trigger: ".o_form_view div[name=property_crm_origin] .o_field_widget[name=property_crm_lease_line_id]",
        },
        {
            content: "Back to the lease from the invoice",
            trigger: ".o_form_view div[name=property_crm_origin] .o_field_widget[name=property_crm_lease_id] a",
            run: "click",
        },
        {
            content: "Back on the lease",
            trigger: ".o_form_view .o_field_widget[name=line_ids]",
        },
    ],
});
