"""What every domain module shares."""

from awards.enums import NominationState

S = NominationState


class TransitionError(Exception):
    """A move refused for a reason the user can act on (shown to them as is)."""
