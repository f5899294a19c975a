from __future__ import annotations

import pytest
from django.core.cache import cache

from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.publishing.services import publication_publish


@pytest.fixture(autouse=True)
def empty_cache():
    # Each test's database is rolled back, public version numbers with it: pages kept by one test
    # must not answer another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published_t3(members):
    """Mjölby's 2024 follow-up at T3, published by its controller."""
    plan = plan_get_by_name(name="mjolby/ks/2024")
    return publication_publish(
        plan=plan, period=plan.periods.get(code="T3"), user=members["mjolby-controller"]
    )
