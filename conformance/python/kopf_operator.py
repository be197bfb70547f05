"""A small Kopf operator for AccessRequests, run against `drawbridge emulator` by test_kopf_operator.py.

On create it writes `status.phase` and `status.message` (through the status subresource, as Kopf does
when the CRD has one), a label on the object and an Event; on delete it posts another Event so
the test can see the delete handler ran before Kopf removed its finalizer.
"""

import logging

import kopf

GROUP, VERSION, PLURAL = "drawbridge.dev", "v1alpha1", "accessrequests"


@kopf.on.startup()
def configure(settings: kopf.OperatorSettings, **_):
    settings.posting.level = logging.INFO
    # Short server-side watch timeouts make Kopf re-list and re-watch during the test, too.
    settings.watching.server_timeout = 10
    settings.watching.client_timeout = 15
    settings.networking.request_timeout = 10


@kopf.on.create(GROUP, VERSION, PLURAL)
def seen(body, spec, name, patch, logger, **_):
    role = spec.get("role", {}).get("name", "?")
    patch.status["phase"] = "Pending"
    patch.status["message"] = f"kopf saw a request for {role} lasting {spec.get('duration', '?')}"
    patch.metadata.labels["conformance.drawbridge.dev/seen-by"] = "kopf"
    # Kopf 1.45 no longer turns log lines into Events by default; post one explicitly.
    kopf.info(body, reason="Seen", message=f"AccessRequest {name} seen by the conformance operator")
    logger.info(f"AccessRequest {name} handled")


@kopf.on.delete(GROUP, VERSION, PLURAL)
def released(body, name, logger, **_):
    kopf.info(body, reason="Released", message=f"AccessRequest {name} released by the conformance operator")
    logger.info(f"AccessRequest {name} released")
