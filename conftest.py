"""pytest-odoo starts no HTTP server: Odoo's HttpCase (JSON-RPC as a browser sends it,
and the tours) needs one. It listens on a free loopback port for the test session."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def odoo_http_server():
    import odoo
    from odoo.service import server

    if server.server is None:
        server.server = server.ThreadedServer(odoo.http.root)
    if getattr(server.server, "httpd", None) is None:
        server.server.interface = "127.0.0.1"
        server.server.port = 0  # any free port; HttpCase reads it from the socket
        server.server.http_spawn()
    yield server.server
