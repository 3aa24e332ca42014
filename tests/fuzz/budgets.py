"""How many examples each fuzz property gets, by tier: its full budget under CI's
hypothesis profile (tests/conftest.py: max_examples=100), scaled down with the profile in
the inner loop (the "dev" profile: a tenth, at least 10). Every @example still runs in both."""

from hypothesis import settings

CI_EXAMPLES = 100  # the "ci" profile's max_examples: budgets below are full there


def examples(full: int) -> int:
    """`full` under the CI profile, in proportion under the one loaded."""
    return max(10, full * settings.default.max_examples // CI_EXAMPLES)
