import pytest

from tests.awards.factories import PhaseFactory


@pytest.fixture
def phase(world):
    """A launched city-wide campaign phase open for nominations (reaches every unit of the world)."""
    return PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua năm 2026")
