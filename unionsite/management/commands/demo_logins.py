from django.core.management.base import BaseCommand

from unionsite.demo import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the demo logins that load_demo creates."

    def handle(self, *args, **options):
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {DEMO_LOGINS[0]['password']}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login['username']:<18} {login['role']}")
