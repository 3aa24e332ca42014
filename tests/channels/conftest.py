"""The e-mail tests' TLS certificates, made once per session (tests/support/fake_channels
/certs.py)."""

from __future__ import annotations

import pytest

from tests.support.fake_channels.certs import LocalCerts, make_test_certs


@pytest.fixture(scope="session")
def test_certs(tmp_path_factory) -> LocalCerts:
    certs = make_test_certs(tmp_path_factory.mktemp("certs"))
    if certs is None:
        pytest.skip("neither the cryptography package nor openssl is here to make a "
                    "test certificate")
    return certs
