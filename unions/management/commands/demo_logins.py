from django.core.management.base import BaseCommand

from unions.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins that load_demo creates."

    def handle(self, *args, **options):
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login['username']:<18} {login['role']}")
