"""The bucket and queues as the local runtime and the deploy docs create them (moto's server)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import boto3
import pytest

from prover_lambda.aws_setup import setup


@pytest.fixture
def resources(moto_server):
    return setup(
        bucket="setup-test-bucket",
        prefix="setup-test",
        endpoint_url=moto_server.url,
        visibility_timeout=45,
        max_receive_count=4,
    )


def test_anyone_can_read_objects_from_a_browser_but_not_write(resources, moto_server):
    s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=moto_server.url)
    s3.put_object(Bucket=resources.bucket, Key="index.json", Body=b"{}")
    url = f"{moto_server.url}/{resources.bucket}/index.json"
    request = urllib.request.Request(url, headers={"Origin": "http://explorer.example"})
    with urllib.request.urlopen(request, timeout=5) as response:  # no credentials at all
        assert response.read() == b"{}"
        assert response.headers["Access-Control-Allow-Origin"] in ("*", "http://explorer.example")
    put = urllib.request.Request(url, data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(put, timeout=5)
    assert info.value.code == 403


def test_queues_redrive_to_their_dead_letter_queues(resources, moto_server):
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=moto_server.url)
    for queue in (resources.prover, resources.indexer):
        attributes = sqs.get_queue_attributes(QueueUrl=queue.url, AttributeNames=["All"])[
            "Attributes"
        ]
        redrive = json.loads(attributes["RedrivePolicy"])
        assert redrive["deadLetterTargetArn"] == queue.dlq_arn
        assert int(redrive["maxReceiveCount"]) == 4
        assert attributes["VisibilityTimeout"] == "45"


def test_notifications_route_blocks_to_the_prover_and_proofs_to_the_indexer(resources, moto_server):
    s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=moto_server.url)
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=moto_server.url)
    for queue in (resources.prover.url, resources.indexer.url):  # drop the s3:TestEvents
        sqs.purge_queue(QueueUrl=queue)
    for key in ("blocks/1.json", "proofs/1.json", "failures/2.json", "index.json"):
        s3.put_object(Bucket=resources.bucket, Key=key, Body=b"{}")

    def keys(url):
        out = []
        while messages := sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1
        ).get("Messages"):
            for m in messages:
                out += [r["s3"]["object"]["key"] for r in json.loads(m["Body"])["Records"]]
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        return sorted(out)

    assert keys(resources.prover.url) == ["blocks%2F1.json"]
    assert keys(resources.indexer.url) == ["failures%2F2.json", "proofs%2F1.json"]


def test_setting_up_twice_changes_nothing(resources, moto_server):
    again = setup(
        bucket="setup-test-bucket",
        prefix="setup-test",
        endpoint_url=moto_server.url,
        visibility_timeout=45,
        max_receive_count=4,
    )
    assert again == resources
