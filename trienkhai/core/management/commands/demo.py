from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the Phổ Yên demo (idempotent) and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the demo and exit")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, no_serve: bool = False, addrport: str = "127.0.0.1:8000", **options):
        from trienkhai.demo.loader import load_demo

        call_command("migrate", interactive=False, verbosity=0)
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu demo Phổ Yên."))
        self.stdout.write(
            f"\nMở http://{addrport}/ và đăng nhập (mật khẩu của mọi tài khoản demo: {logins[0][1]}):"
        )
        for username, _password, what in logins:
            self.stdout.write(f"  {username:<10} {what}")
        self.stdout.write("")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
