"""Production settings are secure by default; admin logins are protected."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

PRODUCTION = {"DJANGO_SECRET_KEY": "p" * 20 + "-a-long-random-production-key-0123456789"}


def check_deploy(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "check", "--deploy"],
        env={**clean, **PRODUCTION, "DJANGO_ALLOWED_HOSTS": "records.example.org", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.subprocess
def test_check_deploy_is_clean_with_only_the_key_and_hosts_set():
    code, output = check_deploy()
    assert code == 0, output
    assert "System check identified no issues" in output


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "variable, value, warning",
    [
        ("DJANGO_SECURE_SSL_REDIRECT", "false", "security.W008"),
        ("DJANGO_SECURE_HSTS_SECONDS", "0", "security.W004"),
        ("DJANGO_SECURE_COOKIES", "false", "security.W012"),
    ],
)
def test_a_setting_is_loosened_only_by_naming_its_variable(variable, value, warning):
    code, output = check_deploy(**{variable: value})
    assert warning in output


@pytest.mark.subprocess
def test_a_malformed_proxy_header_is_refused_by_name():
    code, output = check_deploy(DJANGO_SECURE_PROXY_SSL_HEADER="https")
    assert code != 0
    assert "DJANGO_SECURE_PROXY_SSL_HEADER must look like" in output


def test_pages_carry_the_security_headers(client, world):
    for url in ["/", "/statements/", world["source"].get_absolute_url(), "/admin/login/"]:
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_plain_http_is_redirected_to_https_and_a_trusted_proxy_counts_as_https(
    client, world, settings
):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/statements/?kind=quote")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/statements/?kind=quote"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/statements/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


def test_session_and_csrf_cookies_are_secure_and_sessions_expire(client, superuser):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    client.force_login(superuser)
    session = client.session
    assert session.get_expire_at_browser_close()
    assert session.get_expiry_age() == 8 * 60 * 60


@pytest.mark.parametrize("password", ["short-pw-1", "password1234", "123456789012", "curator12345"])
def test_weak_passwords_are_refused(curator, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=curator)
    validate_password("granary-of-the-blue-sea", user=curator)  # a good one passes


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_repeated_failed_logins_lock_out_that_username_from_that_address(client, curator):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = log_in(client, "curator", "wrong-password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = log_in(client, "curator", "wrong-password")
    assert response.status_code == 429
    assert "Too many failed logins for “curator”" in response.content.decode()
    # Locked: even the right password is refused, from that address.
    response = log_in(client, "curator", "curator-password-42")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The same user from elsewhere, and another user from here, may still log in.
    assert log_in(client, "curator", "curator-password-42", "10.0.0.2").status_code == 302
    client.logout()


def test_another_user_from_a_locked_address_may_log_in(client, curator, reviewer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "curator", "wrong-password")
    assert log_in(client, "reviewer", "reviewer-password-42").status_code == 302


def test_a_success_clears_the_count_of_failures(client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "curator", "wrong-password")
    assert log_in(client, "curator", "curator-password-42").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "curator", "wrong-password")
    assert log_in(client, "curator", "curator-password-42").status_code == 302
