from __future__ import annotations

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


def serve_environment(*, debug: bool = False) -> dict[str, str]:
    """The environment the demo server runs in: DEBUG off unless asked for.

    With DEBUG on, an unknown address answers Django's technical 404 (English, every URL
    pattern listed) and an error its traceback. The demo is what a new user sees first, so it
    serves the project's own error pages; WhiteNoise still serves the static files (from the
    app folders: WHITENOISE_USE_FINDERS outside production), so nothing needs collectstatic.
    """
    env = dict(os.environ)
    env["TRIENKHAI_DEBUG"] = "1" if debug else "0"
    return env


class Command(BaseCommand):
    help = "Load the Phổ Yên demo (idempotent) and serve it on http://127.0.0.1:8000 (DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the demo and exit")
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--before-reform",
            action="store_true",
            help="without the 1/7/2025 reorganisation of Phổ Yên (the city committee and its 18 wards stay)",
        )
        parser.add_argument(
            "--debug", action="store_true", help="serve with DEBUG on (Django's technical error pages)"
        )

    def handle(
        self,
        *args,
        no_serve: bool = False,
        addrport: str = "127.0.0.1:8000",
        debug: bool = False,
        before_reform: bool = False,
        **options,
    ):
        from trienkhai.demo.loader import load_demo

        call_command("migrate", interactive=False, verbosity=0)
        logins = load_demo(before_reform=before_reform)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu demo Phổ Yên."))
        self.stdout.write(
            f"\nMở http://{addrport}/ và đăng nhập (mật khẩu của mọi tài khoản demo: {logins[0][1]}):"
        )
        for username, _password, what in logins:
            self.stdout.write(f"  {username:<10} {what}")
        self.stdout.write("")
        if not no_serve:
            self.serve(addrport, debug=debug)

    def serve(self, addrport: str, *, debug: bool) -> None:
        # A process of its own: DEBUG is read from the environment when settings load, and this
        # one's settings are already loaded (with DEBUG on outside production).
        command = [sys.executable, "-m", "trienkhai.cli", "runserver", addrport, "--noreload"]
        try:
            subprocess.run(command, env=serve_environment(debug=debug), check=False)  # noqa: S603
        except KeyboardInterrupt:
            pass
