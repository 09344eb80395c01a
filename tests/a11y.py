"""Accessibility checks in browser tests: axe-core run on the page Playwright shows.

tests/vendor/axe-core/axe.min.js is axe-core 4.14.1 copied from its npm package (MPL-2.0, licence
beside it); it is injected into the page under test only, never served by the product."""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page, selector="body"):
    """[(rule id, impact, [targets])] that axe-core finds inside `selector`; [] when none."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not added as an inline <script> (the site's
        # Content-Security-Policy refuses those).
        page.evaluate(AXE.read_text())
    violations = page.evaluate(
        """async ([selector, tags]) => {
            const result = await axe.run(selector, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))]);
        }""",
        [selector, TAGS],
    )
    return [tuple(v) for v in violations]
