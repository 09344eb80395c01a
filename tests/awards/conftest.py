import pytest

from awards.catalogue import ensure_catalogue
from tests.awards.factories import PhaseFactory


@pytest.fixture
def phase(world):
    """A launched city-wide campaign phase open for nominations (reaches every unit of the world)."""
    return PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua năm 2026")


@pytest.fixture(autouse=True)
def _award_catalogue(request):
    """A transactional test (browser, concurrency) empties every table: seed the catalogue again."""
    if request.node.get_closest_marker("django_db"):
        ensure_catalogue()
