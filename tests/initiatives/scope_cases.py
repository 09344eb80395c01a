"""The register's list pages: the export of the filtered list, the .xlsx import and its template.
(initiatives:list itself is declared with the dossier pages in scope_cases_dossier.py.)"""

from tests.scope import Case

# Only a grassroots union (or the district acting for it) files initiatives; the city assesses them.
SUBMITTER = {"city_reviewer": 403}

CASES = {
    "initiatives:export": Case(insider="officer_a"),
    "initiatives:import": Case(insider="officer_a", above=SUBMITTER),
    "initiatives:import_template": Case(insider="officer_a", above=SUBMITTER),
}
