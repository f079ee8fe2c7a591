"""The loopback fake itself: it answers as scripted, records requests, and stops for sure."""

from __future__ import annotations

import pytest
import requests

from ._fake import FakeApi, Received, Reply

pytestmark = pytest.mark.network


def _answer(request: Received) -> Reply:
    return Reply(201, (("Warning", '299 - "one"'), ("Warning", '299 - "two"')), {"ok": True})


def test_replies_as_scripted_and_records_the_request():
    """Status, repeated header lines and JSON body as scripted; the request as sent."""
    with FakeApi(_answer) as fake, requests.Session() as session:
        response = session.post(fake.url + "/v1/things?x=1", json={"a": 1}, headers={"X-V": "2"})
        assert response.status_code == 201
        assert response.raw.headers.getlist("Warning") == ['299 - "one"', '299 - "two"']
        assert response.json() == {"ok": True}
        assert fake.last.method == "POST"
        assert fake.paths() == ["/v1/things?x=1"]
        assert fake.last.header("x-v") == "2"
        assert fake.last.body == b'{"a": 1}'


def test_stop_closes_kept_alive_connections_and_ends_its_threads():
    """An idle keep-alive connection does not hold ``stop()`` up; nothing is left running."""
    fake = FakeApi(_answer)
    with requests.Session() as session:
        session.get(fake.url + "/")  # leaves a kept-alive connection open
        handlers = list(fake._open.values())
        assert handlers
        fake.stop()
        assert not any(thread.is_alive() for thread in handlers)
        assert not fake._thread.is_alive()
        with pytest.raises(requests.ConnectionError):
            session.get(fake.url + "/", timeout=5)
