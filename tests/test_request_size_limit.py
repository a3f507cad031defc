"""The 1 MB request limit on every route, pages and API, with or without Content-Length.

A real server (uvicorn) and real clients: http.client and raw sockets for chunked bodies
and a declared 100 MB body, and urllib, requests and httpx, which send the whole body
before they read, for an oversized one: each reads the 413, none sees a reset.
"""

import http.client
import json
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode, urlsplit

import httpx
import pytest
import requests

from backend.core.body_limit import DRAIN_BYTES, MAX_REQUEST_BYTES
from frontend.main import create_app
from tests.faults.live_app import serving

PAGE = "/logga-in"
API = "/api/v1/reports/00000000-0000-0000-0000-000000000000/content"
TOO_BIG = b"a" * (2 * MAX_REQUEST_BYTES)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving(create_app()) as url:
        yield url


def connection(base_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)


def chunked(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, total, size):
        yield b"a" * min(size, total - start)


def assert_refused(status: int, content_type: str, body: bytes, path: str) -> None:
    assert status == 413
    if path == API:
        assert content_type == "application/problem+json"
        assert json.loads(body)["status"] == 413
    else:
        assert content_type.startswith("text/html")
        assert "Det du skickade är för stort" in body.decode()


@pytest.mark.parametrize("path", [PAGE, API])
def test_a_chunked_body_over_the_limit_answers_413(base_url: str, path: str) -> None:
    conn = connection(base_url)
    conn.request("PUT" if path == API else "POST", path,
                 body=chunked(MAX_REQUEST_BYTES + 200_000), encode_chunked=True,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    answer = conn.getresponse()
    assert_refused(answer.status, answer.getheader("Content-Type", ""), answer.read(), path)
    conn.close()


@pytest.mark.parametrize("path", [PAGE, API])
def test_a_chunked_100_mb_body_is_cut_off_long_before_the_end(base_url: str,
                                                               path: str) -> None:
    sent = 0

    def counted() -> Iterator[bytes]:
        nonlocal sent
        for chunk in chunked(100_000_000):
            sent += len(chunk)
            yield chunk

    conn = connection(base_url)
    try:
        conn.request("POST", path, body=counted(), encode_chunked=True)
        answer = conn.getresponse()
        assert_refused(answer.status, answer.getheader("Content-Type", ""), answer.read(), path)
    except (BrokenPipeError, ConnectionResetError):
        pass  # past the bounded drain the server closes; what it read is what counts
    finally:
        conn.close()
    # The limit, the bounded drain, and what the two sockets' buffers hold.
    assert sent < MAX_REQUEST_BYTES + DRAIN_BYTES + 16_000_000


@pytest.mark.parametrize("path", [PAGE, API])
def test_a_declared_100_mb_body_is_refused_before_any_of_it_is_sent(base_url: str,
                                                                    path: str) -> None:
    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as raw:
        raw.sendall(f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                    "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n"
                    .encode())
        started = time.monotonic()
        head = raw.recv(65536)
        assert head.startswith(b"HTTP/1.1 413"), head[:200]
        assert time.monotonic() - started < 5


def test_a_chunked_body_within_the_limit_reaches_the_api_whole(base_url: str) -> None:
    conn = connection(base_url)
    conn.request("PUT", API, body=iter([b'{"summary": ', b'"unfinished']), encode_chunked=True,
                 headers={"Content-Type": "application/json"})
    answer = conn.getresponse()
    assert answer.status == 422  # the app parsed the body, and it is broken JSON
    assert answer.getheader("Content-Type") == "application/problem+json"
    conn.close()


def test_a_chunked_form_within_the_limit_reaches_the_page_whole(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as client:
        form = client.get(PAGE)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    body = urlencode({"csrf_token": token.group(1), "email": "", "password": "",
                      "next_url": "/"}).encode()
    conn = connection(base_url)
    conn.request("POST", PAGE, body=iter([body[:10], body[10:]]), encode_chunked=True,
                 headers={"Content-Type": "application/x-www-form-urlencoded",
                          "Cookie": cookie})
    answer = conn.getresponse()
    text = answer.read().decode()
    assert answer.status == 400
    assert "Fyll i både e-postadress och lösenord." in text
    conn.close()


@pytest.mark.parametrize("path", [PAGE, API])
def test_clients_that_send_everything_first_read_the_413(base_url: str, path: str) -> None:
    method = "PUT" if path == API else "POST"
    headers = {"Content-Type": "application/json"}

    request = urllib.request.Request(base_url + path, data=TOO_BIG, method=method,
                                     headers=headers)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert_refused(refused.value.code, refused.value.headers["Content-Type"],
                   refused.value.read(), path)

    answer = requests.request(method, base_url + path, data=TOO_BIG, headers=headers,
                              timeout=30)
    assert_refused(answer.status_code, answer.headers["Content-Type"], answer.content, path)

    with httpx.Client(timeout=30) as client:
        reply = client.request(method, base_url + path, content=TOO_BIG, headers=headers)
    assert_refused(reply.status_code, reply.headers["Content-Type"], reply.content, path)
