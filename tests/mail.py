"""E-mail backends for tests of what happens when sending fails or is slow (no mock of our own code:
these stand where an SMTP server would)."""

import os
import time
import uuid
from pathlib import Path
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend


class FailsOnSecondBackend(MemoryBackend):
    """Sends the first message of the process, then the SMTP server goes away for `failures` messages."""

    failures = 1
    sent = 0

    def send_messages(self, messages):
        if FailsOnSecondBackend.sent >= 1 and FailsOnSecondBackend.failures > 0:
            FailsOnSecondBackend.failures -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        FailsOnSecondBackend.sent += len(messages)
        return super().send_messages(messages)


class SlowFileBackend(BaseEmailBackend):
    """Each message takes UNIONSITE_SLOW_MAIL_SECONDS to send, then is written to a file of its own in
    UNIONSITE_MAIL_DIR: a worker killed while sending leaves no file for that message."""

    def send_messages(self, messages):
        folder = Path(os.environ["UNIONSITE_MAIL_DIR"])
        for message in messages:
            time.sleep(float(os.environ.get("UNIONSITE_SLOW_MAIL_SECONDS", "1")))
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
