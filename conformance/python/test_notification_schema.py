"""docs/notifications.schema.json against the CloudEvents Drawbridge really sends, with a complete JSON
Schema 2020-12 validator: the golden events are what the Swift encoder produces (CloudEventSchemaTests
compares them member for member), so a member renamed in the code fails either there or here. Also runs the
receiver's signature check from docs/notifications.md against a signature the Swift code computed."""

import base64
import copy
import json
import pathlib
import re

import pytest
from jsonschema import Draft202012Validator, FormatChecker

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO_ROOT / "docs" / "notifications.schema.json").read_text())
GOLDEN = REPO_ROOT / "Tests" / "DrawbridgeControllersTests" / "Notifications" / "Golden"
EVENTS = sorted(GOLDEN.glob("cloudevent-*.json"))


def validator(schema=SCHEMA):
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(instance, schema=SCHEMA):
    return sorted(error.message for error in validator(schema).iter_errors(instance))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def test_there_is_a_golden_event_per_shape_of_data():
    assert [path.name for path in EVENTS] == [
        "cloudevent-cluster-requested.json",
        "cloudevent-expiringsoon.json",
        "cloudevent-granted.json",
        "cloudevent-rejected.json",
        "cloudevent-requested.json",
    ]


@pytest.mark.parametrize("path", EVENTS, ids=lambda path: path.stem)
def test_every_golden_event_conforms_and_its_data_is_a_binary_mode_body(path):
    event = json.loads(path.read_text())
    assert errors(event) == []
    data_schema = {"$ref": "#/$defs/data", "$defs": SCHEMA["$defs"]}
    assert errors(event["data"], data_schema) == []
    assert event["type"] == "dev.drawbridge.accessrequest." + event["data"]["action"].lower()
    assert event["id"] == event["data"]["id"]
    request = event["data"]["request"]
    # A ClusterAccessRequest has no namespace: its subject is its name alone.
    if request.get("kind") == "ClusterAccessRequest":
        assert request["namespace"] == ""
        assert event["subject"] == request["name"]
    else:
        assert event["subject"] == "{namespace}/{name}".format(**request)


def test_a_renamed_or_retyped_member_does_not_conform():
    event = json.loads((GOLDEN / "cloudevent-requested.json").read_text())
    renamed = copy.deepcopy(event)
    renamed["data"]["still_needed"] = renamed["data"]["approvals"].pop("stillNeeded")
    assert errors(renamed) != []
    renamed = copy.deepcopy(event)
    renamed["subj"] = renamed.pop("subject")
    assert errors(renamed) != []
    retyped = copy.deepcopy(event)
    retyped["data"]["approvals"]["required"] = "1"
    assert errors(retyped) != []
    retyped = copy.deepcopy(event)
    retyped["time"] = "2027-01-15 08:01:00"
    assert errors(retyped) != []


def docs_verify():
    """The `verify` function of docs/notifications.md's receiver example."""
    text = (REPO_ROOT / "docs" / "notifications.md").read_text()
    blocks = [block for block in re.findall(r"```python\n(.*?)```", text, re.S) if "def verify(" in block]
    assert len(blocks) == 1, "docs/notifications.md has one python block defining verify"
    namespace = {}
    exec(blocks[0], namespace)
    return namespace["verify"]


def test_the_documented_signature_check_accepts_what_drawbridge_signs():
    verify = docs_verify()
    # CloudEventEncodingTests' known answer: HMAC-SHA256 over "msg_1.1700000000.{}" with the key "k".
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": "1700000000",
        "webhook-signature": "v1,LTBsW2zNVsMNlXYZbgw/T+jGxr1msQBcXoa3h1dR9wQ=",
    }
    assert verify(headers, b"{}", b"k", now=1700000000)
    assert verify(headers, b"{}", b"whsec_" + base64.b64encode(b"k"), now=1700000000)
    assert not verify(headers, b"{} ", b"k", now=1700000000)
    assert not verify(headers, b"{}", b"another key", now=1700000000)
    assert not verify(dict(headers, **{"webhook-id": "msg_2"}), b"{}", b"k", now=1700000000)
    assert not verify(headers, b"{}", b"k", now=1700000000 + 301), "older than the tolerance: a replay"
