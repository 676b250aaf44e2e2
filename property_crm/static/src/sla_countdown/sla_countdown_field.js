import { Component, onWillUnmount, useState } from "@odoo/owl";
import { formatDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const { DateTime } = luxon;

/**
 * The time left on a clock's deadline (the complaint's next deadline, a sheet's 1-hour
 * response...), counted down live: seconds under an hour (the 10-minute report), minutes under a
 * day, days and hours beyond; red and counting up once the deadline has passed.
 */
export function countdownParts(deadline, now) {
    const seconds = Math.round(deadline.diff(now, "seconds").seconds);
    const overdue = seconds < 0;
    const left = Math.abs(seconds);
    const days = Math.floor(left / 86400);
    const hours = Math.floor((left % 86400) / 3600);
    const minutes = Math.floor((left % 3600) / 60);
    const secs = left % 60;
    let text;
    if (days > 0) {
        text = _t("%(days)sd %(hours)sh", { days, hours });
    } else if (hours > 0) {
        text = _t("%(hours)sh %(minutes)sm", { hours, minutes });
    } else {
        text = `${String(minutes).padStart(2, "0")}:${String(secs).padStart(2, "0")}`;
    }
    let level = "success";
    if (overdue) {
        level = "danger";
    } else if (left < 3600) {
        level = "warning";
    }
    return {
        overdue,
        level,
        label: overdue ? _t("%(time)s overdue", { time: text }) : _t("%(time)s left", { time: text }),
        tickMs: days === 0 && hours === 0 ? 1000 : 30000,
    };
}

export class SlaCountdownField extends Component {
    static template = "property_crm.SlaCountdownField";
    static props = { ...standardFieldProps };

    setup() {
        this.state = useState({ now: DateTime.now() });
        this.timer = null;
        this.schedule();
        onWillUnmount(() => clearTimeout(this.timer));
    }

    schedule() {
        clearTimeout(this.timer);
        const info = this.info;
        if (!info) {
            return;
        }
        this.timer = setTimeout(() => {
            this.state.now = DateTime.now();
            this.schedule();
        }, info.tickMs);
    }

    get deadline() {
        return this.props.record.data[this.props.name];
    }

    get info() {
        return this.deadline ? countdownParts(this.deadline, this.state.now) : null;
    }

    get title() {
        return this.deadline ? formatDateTime(this.deadline) : "";
    }
}

export const slaCountdownField = {
    component: SlaCountdownField,
    displayName: _t("Countdown"),
    supportedTypes: ["datetime"],
};

registry.category("fields").add("property_crm_countdown", slaCountdownField);
