import os
import subprocess
import sys
import textwrap
import unittest
import uuid

import odoo
from odoo.tests import BaseCase, tagged
from odoo.tools import config

SKIP = os.environ.get("PROPERTY_CRM_SKIP_INSTALL_TEST") == "1"

UNINSTALL_SCRIPT = textwrap.dedent(
    """
    import sys
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.tools import config

    config.parse_config(sys.argv[1:])
    db_name = config["db_name"]
    registry = odoo.modules.registry.Registry(db_name)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", "property_crm")])
        assert module.state == "installed", module.state
        Module = env["ir.module.module"]
        assert not Module.search([("demo", "=", True)]), "demo data installed"
        assert env["property.crm.grade"].search_count([]) == 4, "grades not loaded"
        module.button_immediate_uninstall()
    registry = odoo.modules.registry.Registry(db_name)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", "property_crm")])
        assert module.state == "uninstalled", module.state
        assert "property.crm.area" not in env, "model still in the registry"
        models_left = env["ir.model"].search([("model", "like", "property.crm.%")])
        assert not models_left, f"ir.model rows left: {models_left.mapped('model')}"
        assert not env["res.groups"].search(
            [("category_id.name", "=", "Customer Relations")]
        ), "groups left"
        cr.execute("SELECT to_regclass('property_crm_area')")
        assert cr.fetchone()[0] is None, "table property_crm_area left"
    print("PROPERTY_CRM_UNINSTALLED")
    """
)

DROP_SCRIPT = textwrap.dedent(
    """
    import sys
    import odoo
    from odoo.tools import config

    config.parse_config(sys.argv[1:])
    odoo.service.db.exp_drop(config["db_name"])
    """
)


@tagged("post_install", "-at_install", "property_crm_install")
@unittest.skipIf(SKIP, "PROPERTY_CRM_SKIP_INSTALL_TEST=1")
class TestInstall(BaseCase):
    """Install property_crm into a fresh database without demo data, then uninstall it.

    Runs Odoo in subprocesses with the connection settings of the running configuration.
    """

    def _odoo_args(self, db_name):
        args = ["-d", db_name, "--log-level=warn", "--no-http"]
        for option, key in (
            ("--db_host", "db_host"),
            ("--db_port", "db_port"),
            ("--db_user", "db_user"),
            ("--db_password", "db_password"),
            ("--addons-path", "addons_path"),
            ("--data-dir", "data_dir"),
        ):
            if config.get(key):
                args.append(f"{option}={config[key]}")
        return args

    def _run(self, command, db_name, timeout=1200):
        odoo_root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
        env = dict(
            os.environ, ODOO_RC=os.devnull
        )  # no user configuration file sneaks in
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [odoo_root, env.get("PYTHONPATH")])
        )
        return subprocess.run(
            command + self._odoo_args(db_name),
            env=env,
            cwd=odoo_root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def _odoo_bin(self):
        odoo_root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
        odoo_bin = os.path.join(odoo_root, "odoo-bin")
        if os.path.exists(odoo_bin):
            return [sys.executable, odoo_bin]
        return [sys.executable, "-m", "odoo"]

    def assertSucceeded(self, result, what):
        self.assertEqual(
            result.returncode,
            0,
            f"{what} failed (exit {result.returncode}):\n"
            f"{result.stdout[-5000:]}\n{result.stderr[-5000:]}",
        )

    def test_install_and_uninstall(self):
        db_name = f"pcrm_install_{uuid.uuid4().hex[:12]}"
        self.addCleanup(self._run, [sys.executable, "-c", DROP_SCRIPT], db_name, 300)

        result = self._run(
            self._odoo_bin()
            + ["-i", "property_crm", "--without-demo=all", "--stop-after-init"],
            db_name,
        )
        self.assertSucceeded(result, "installation")
        for line in (result.stdout + result.stderr).splitlines():
            self.assertNotIn(" ERROR ", line, "the installation logged an error")

        result = self._run([sys.executable, "-c", UNINSTALL_SCRIPT], db_name)
        self.assertSucceeded(result, "uninstallation")
        self.assertIn("PROPERTY_CRM_UNINSTALLED", result.stdout)
