from django.db import transaction

from unions.models import Block
from unionsite.history import diff, record_change, snapshot
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require

BLOCK_FIELDS = ["code", "name", "order", "active"]


def save_block(block, *, by, **fields):
    """Create (block=None) or edit a block (khối). Needs unions.manage_blocks. History: create / field diff."""
    require(by, "unions.manage_blocks")
    with transaction.atomic():
        creating = block is None
        # Re-read the row: a bound ModelForm has already written the new values onto its instance.
        block = Block() if creating else Block.objects.select_for_update().get(pk=block.pk)
        before = snapshot(block, BLOCK_FIELDS)
        for name, value in fields.items():
            setattr(block, name, value)
        block.full_clean()
        changes = diff(before, snapshot(block, BLOCK_FIELDS))
        if changes or creating:
            block.save()
            action = ChangeRecord.Action.CREATE if creating else ChangeRecord.Action.UPDATE
            record_change(block, by=by, action=action, changes=changes)
    return block
