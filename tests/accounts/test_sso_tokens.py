"""Single sign-on accepts an ID token only from the provider itself, never one posted by a browser
(ASVS 10.5.1)."""

from __future__ import annotations

import pytest
from allauth.core.exceptions import ImmediateHttpResponse

from opensend.accounts.adapters import SocialAccountAdapter


def test_an_id_token_posted_by_a_browser_is_refused(rf):
    request = rf.post("/accounts/google/login/token/")
    with pytest.raises(ImmediateHttpResponse) as refused:
        SocialAccountAdapter(request).pre_social_login(request, sociallogin=None)
    assert refused.value.response.status_code == 403


def test_the_code_flows_return_from_the_provider_goes_on(rf):
    request = rf.get("/accounts/google/login/callback/")
    SocialAccountAdapter(request).pre_social_login(request, sociallogin=None)
