import json

import pytest

from prover_lambda.errors import EventError
from prover_lambda.events import QueueMessage, decode, sqs_messages
from prover_lambda.jobs import RangeJob


def _s3_body(*keys):
    return json.dumps(
        {
            "Records": [
                {
                    "eventName": "ObjectCreated:Put",
                    "s3": {"bucket": {"name": "b"}, "object": {"key": k}},
                }
                for k in keys
            ]
        }
    )


def test_s3_keys_are_url_decoded_as_aws_sends_them():
    decoded = decode(QueueMessage("m", _s3_body("blocks%2F12.json", "a+b%3D.json"), 1))
    assert decoded.keys == ("blocks/12.json", "a b=.json")


def test_test_event_asks_for_nothing():
    body = json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "b"})
    assert decode(QueueMessage("m", body, 1)).keys == ()


def test_range_job_round_trip():
    job = RangeJob(4, 2, 7)
    assert decode(QueueMessage("m", job.to_json(), 1)).job == job
    assert not job.whole
    assert RangeJob(4).whole


@pytest.mark.parametrize(
    "body",
    [
        "nope",
        "[]",
        '{"x": 1}',
        '{"Records": [{"s3": {}}]}',
        '{"job": "prove_range", "block_number": -1, "first": 0}',
    ],
)
def test_unreadable_bodies(body):
    with pytest.raises(EventError):
        decode(QueueMessage("m", body, 1))


def test_sqs_records_carry_the_receive_count():
    event = {
        "Records": [
            {"messageId": "a", "body": "{}", "attributes": {"ApproximateReceiveCount": "3"}}
        ]
    }
    assert list(sqs_messages(event)) == [QueueMessage("a", "{}", 3)]
    with pytest.raises(EventError):
        list(sqs_messages({"detail": {}}))
