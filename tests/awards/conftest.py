import pytest

from awards import eligibility
from tests.awards.factories import PhaseFactory


@pytest.fixture(autouse=True)
def _initiative_provider_kept():
    """Tests that replace or remove the initiatives app's provider leave it as it was for the next."""
    provider, value_check = eligibility.initiative_provider()
    yield
    eligibility.register_initiative_provider(provider, value_check=value_check)


@pytest.fixture
def phase(world):
    """A launched city-wide campaign phase open for nominations (reaches every unit of the world)."""
    return PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua năm 2026")
