#!/usr/bin/env python3
"""A small conforming simulator of Microsoft Sentinel's Defender for Cloud (MDC) and Defender XDR connectors.

It speaks the sentinel-conformance protocol (JSON lines): one request per line on stdin,

    {"protocol": 1, "id": "<run-id>", "scenario": {...}, "profile": "ideal" | "observed"}

and one response per line on stdout, `{"id": ..., "observation": {...}}` or `{"id": ..., "error": "..."}`.
It stays up until stdin closes; logs go to stderr, never to stdout.

With `--partial` it is a partial implementation (docs/protocol.md, "Declaring a partial implementation"): it
answers the suite's declaration request (`"declare": true`) with PARTIAL_DECLARATION, which leaves out the
tenant-based connector and XDR correlation, and answers `{"id": ..., "error": "unsupported", "detail": ...}`
to any scenario that needs them.

The world is a discrete-event simulation on one clock (milliseconds since the Unix epoch). Timeline steps
happen in order; everything that follows with a delay (a connector delivering, a rule creating an incident,
the XDR connector bringing an incident, a sync landing) is an event in a heap ordered by (time, insertion).
Before each step, every event due at or before its time has happened. The semantics are those of
model/README.md; the delays below are this simulator's own fixed choices within the suite's bounds
(model/assumptions.ts). Standard library only; deterministic: no randomness, no wall clock.
"""

from __future__ import annotations

import heapq
import itertools
import json
import re
import sys
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Literal

Json = dict[str, Any]
Connector = Literal["subscription", "tenant"]

SECOND = 1_000
MINUTE = 60 * SECOND

# Fixed delays, each within its ASSUME-… bound. The tenant connector is slower than the subscription
# connector (TEN-SLOWER); the XDR connector waits for the alert's first row in any case (see below).
SUBSCRIPTION_DELAY = 1 * MINUTE  # ASSUME-SUB-DELAY: ≤ 10 min
TENANT_DELAY = 7 * MINUTE  # ASSUME-TENANT-DELAY: ≤ 30 min
XDR_INCIDENT_DELAY = 3 * MINUTE  # ASSUME-XDR-INCIDENT-DELAY: ≤ 10 min
RULE_DELAY = 30 * SECOND  # ASSUME-RULE-DELAY: ≤ 2 min
SYNC_DELAY = 1 * MINUTE  # ASSUME-SYNC-DELAY: ≤ 5 min

MDC_PRODUCT = "Azure Security Center"
SENTINEL_PROVIDER = "Azure Sentinel"
XDR_PROVIDER = "Microsoft XDR"
RESOURCE_GROUP = "rg-python-sim"
REDIRECTED_LABEL = {"labelName": "Redirected", "labelType": "AutoAssigned"}
XDR_CLASSIFICATION = "Undetermined"  # closures and redirects that come from XDR carry no classification
SEVERITIES = ["Informational", "Low", "Medium", "High"]
MERGE_VARIANTS = {"ideal": "into-target", "observed": "new-incident"}

# Every derived identifier is a UUIDv5 in this namespace, so the same scenario gives the same IDs.
ID_NAMESPACE = uuid.UUID("0b5e7a1c-9d2f-5c34-8a61-2f4e8d9c7b10")


class ScenarioError(ValueError):
    """The scenario cannot be read as a story (reported to the suite as an error response)."""


# --------------------------------------------------------------------------------------------- time & IDs

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MAX_TICKS = 3_155_378_975_999_999_999
_EPOCH_TICKS = 621_355_968_000_000_000  # .NET ticks (100 ns) from 0001-01-01 to 1970-01-01


def parse_time(text: Any) -> int:
    """ISO-8601 text to milliseconds since the Unix epoch; zone-less text is UTC."""
    if not isinstance(text, str) or not text:
        raise ScenarioError(f"start: {text!r} is not an ISO-8601 time")
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ScenarioError(f"start: {text!r} is not an ISO-8601 time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return round((parsed - _EPOCH) / timedelta(milliseconds=1))


def iso(ms: int) -> str:
    """Milliseconds to `2026-03-01T09:02:00.000Z`."""
    moment = _EPOCH + timedelta(milliseconds=ms)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def mdc_alert_name(start_ms: int, guid: str) -> str:
    """MDC's alert name `<reverseTicks>_<guid>`: the start time, in reverse .NET ticks, then the GUID."""
    ticks = start_ms * 10_000 + _EPOCH_TICKS
    return f"{_MAX_TICKS - ticks}_{guid}"


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def display_name(alert_type: str) -> str:
    """A title from an MDC detection type: 'VM_SuspectExecutablePath' → 'Suspect executable path'."""
    words = re.findall(r"[A-Z0-9]+(?![a-z])|[A-Z]?[a-z0-9]+", alert_type.split("_")[-1])
    if not words:
        return alert_type
    return " ".join([words[0], *(w if w.isupper() else w.lower() for w in words[1:])])


def highest(severities: list[str]) -> str:
    return max(severities, key=SEVERITIES.index)


# ------------------------------------------------------------------------------------------ configuration


@dataclass
class Rule:
    name: str
    products: list[str]
    severities: list[str]  # empty: every severity

    def matches(self, product: str, severity: str) -> bool:
        return product in self.products and (not self.severities or severity in self.severities)

    @classmethod
    def from_json(cls, data: Json) -> Rule:
        return cls(data["name"], list(data["productFilter"]), list(data["severitiesFilter"]))


@dataclass
class Config:
    """The workspace's connectors and rules as they stand now; config-changed steps mutate it."""

    sync_by_subscription: dict[str, bool]  # subscriptions the subscription connector is enabled on
    tenant_connector: bool
    xdr_all_alerts: bool  # XDR's setting for MDC alerts: 'All alerts' (True) or 'No alerts'
    xdr_connector: bool
    rules: dict[str, Rule]

    @classmethod
    def from_json(cls, data: Json) -> Config:
        return cls(
            sync_by_subscription={c["subscription"]: bool(c["sync"]) for c in data["subscriptionConnector"]},
            tenant_connector=bool(data["tenantConnector"]),
            xdr_all_alerts=data["xdrMdcSetting"] == "All alerts",
            xdr_connector=bool(data["xdrConnector"]),
            rules={r["name"]: Rule.from_json(r) for r in data["incidentRules"]},
        )

    def apply(self, change: Json) -> None:
        kind = change.get("kind")
        if kind == "subscription-connector-enabled":
            self.sync_by_subscription[change["subscription"]] = bool(change["sync"])
        elif kind == "subscription-connector-disabled":
            self.sync_by_subscription.pop(change["subscription"], None)
        elif kind == "tenant-connector":
            self.tenant_connector = bool(change["enabled"])
        elif kind == "xdr-mdc-setting":
            self.xdr_all_alerts = change["value"] == "All alerts"
        elif kind == "xdr-connector":
            self.xdr_connector = bool(change["enabled"])
        elif kind == "rule-added":
            self.rules[change["rule"]["name"]] = Rule.from_json(change["rule"])
        elif kind == "rule-removed":
            self.rules.pop(change["name"], None)
        else:
            raise ScenarioError(f"unknown config change {kind!r}")

    def any_rule_matches(self, product: str, severity: str) -> bool:
        return any(rule.matches(product, severity) for rule in self.rules.values())


# ------------------------------------------------------------------------------------------------ state


@dataclass
class SentinelIncident:
    """A Sentinel incident's current state; every change appends a full row to SecurityIncident."""

    number: int
    name: str
    provider: str
    provider_incident_id: str
    created_at: int
    title: str
    severity: str
    alert_ids: list[str]
    status: str = "New"
    classification: str = ""
    closed_at: int | None = None
    labels: list[dict[str, str]] = field(default_factory=list)

    def close(self, classification: str, at: int) -> None:
        self.status, self.classification, self.closed_at = "Closed", classification, at

    def redirect(self, at: int) -> None:
        """ASSUME-REDIRECT-LABEL; an incident closed before keeps its own closure."""
        if self.status != "Closed":
            self.close(XDR_CLASSIFICATION, at)
        self.labels.append(dict(REDIRECTED_LABEL))

    @property
    def redirected(self) -> bool:
        return any(label["labelName"] == REDIRECTED_LABEL["labelName"] for label in self.labels)


@dataclass
class XdrIncident:
    id: str
    created_at: int
    title: str
    severity: str
    alerts: list[MdcAlert]
    mirrored: bool  # created while the XDR connector was on (ASSUME-XDR-CONNECTOR-NEW-INCIDENTS)
    status: str = "active"
    history: list[tuple[int, str]] = field(default_factory=list)
    redirect_to: str | None = None
    sentinel: SentinelIncident | None = None  # once it has reached Sentinel

    @property
    def is_open(self) -> bool:
        return self.status in ("active", "inProgress")

    def set_status(self, status: str, at: int) -> None:
        self.status = status
        self.history.append((at, status))


@dataclass
class MdcAlert:
    handle: str
    guid: str
    name: str
    subscription: str
    severity: str
    alert_type: str
    raised_at: int
    resource_id: str
    system_alert_id: str
    reached_xdr: bool  # decided at the raise (ASSUME-XDR-INGEST-AT-RAISE)
    status: str = "Active"
    history: list[tuple[int, str]] = field(default_factory=list)
    last_row_status: dict[str, str] = field(default_factory=dict)  # per connector
    has_row: bool = False
    first_row_due: int | None = None  # when the first row of a connector that took the raise is due
    xdr_incident: XdrIncident | None = None  # the one holding it now

    @property
    def title(self) -> str:
        return display_name(self.alert_type)


class EventQueue:
    """Delayed consequences, ordered by time, then by insertion (so same-time events keep their order)."""

    def __init__(self) -> None:
        self._heap: list[tuple[int, int, Callable[..., None], tuple[Any, ...]]] = []
        self._sequence = itertools.count()

    def push(self, at: int, action: Callable[..., None], *args: Any) -> None:
        heapq.heappush(self._heap, (at, next(self._sequence), action, args))

    def pop_due(self, until: int) -> tuple[int, Callable[..., None], tuple[Any, ...]] | None:
        if not self._heap or self._heap[0][0] > until:
            return None
        at, _, action, args = heapq.heappop(self._heap)
        return at, action, args


# ------------------------------------------------------------------------------------------- simulation


class Simulation:
    def __init__(self, scenario: Json, profile: str) -> None:
        if profile not in MERGE_VARIANTS:
            raise ScenarioError(f"profile: {profile!r} is neither 'ideal' nor 'observed'")
        self.merge_variant = MERGE_VARIANTS[profile]
        self.scenario = scenario
        self.tenant_id: str = scenario["tenantId"]
        self.clock = parse_time(scenario["start"])
        self.config = Config.from_json(scenario["config"])
        self.subscriptions = set(scenario["config"]["subscriptions"])
        self.queue = EventQueue()
        self.alerts: dict[str, MdcAlert] = {}
        self.xdr_incidents: list[XdrIncident] = []
        self.incidents: list[SentinelIncident] = []
        self.rule_incident: dict[str, SentinelIncident] = {}  # by alert handle
        self.rule_pending: set[str] = set()
        self.alert_rows: list[Json] = []
        self.incident_rows: list[Json] = []

    # The clock ----------------------------------------------------------------------------------------------

    def run(self) -> Json:
        step_time = self.clock
        for index, step in enumerate(self.scenario["timeline"]):
            self.run_until(step_time)
            self.clock = step_time
            self.apply_step(index, step)
            if step["type"] == "wait":
                step_time += round(step["minutes"] * MINUTE)
        settle = self.scenario["settleMinutes"]
        if not isinstance(settle, (int, float)) or settle < 0:
            raise ScenarioError(f"settleMinutes: {settle!r} is not a duration in minutes")
        self.run_until(step_time + round(settle * MINUTE))
        return self.observation()

    def run_until(self, until: int) -> None:
        while (due := self.queue.pop_due(until)) is not None:
            self.clock, action, args = due
            action(*args)

    def later(self, delay: int, action: Callable[..., None], *args: Any) -> None:
        self.queue.push(self.clock + delay, action, *args)

    # Steps --------------------------------------------------------------------------------------------------

    def apply_step(self, index: int, step: Json) -> None:
        kind = step.get("type")
        where = f"timeline[{index}]"
        if kind == "wait":
            if not isinstance(step["minutes"], (int, float)) or step["minutes"] < 0:
                raise ScenarioError(f"{where}.minutes: {step['minutes']!r} is not a duration in minutes")
        elif kind == "alert-raised":
            self.raise_alert(where, step)
        elif kind == "mdc-status-changed":
            self.set_mdc_status(self.alert(f"{where}.alert", step["alert"]), step["status"])
        elif kind in ("sentinel-incident-closed", "sentinel-incident-updated"):
            alert = self.alert(f"{where}.alert", step["alert"])
            classification = step["classification"] if kind == "sentinel-incident-closed" else None
            self.change_sentinel_incident(alert, step["provider"], classification)
        elif kind == "xdr-incident-closed":
            self.close_xdr_incident(self.alert(f"{where}.alert", step["alert"]))
        elif kind == "xdr-correlated":
            handles = step["alerts"]
            self.correlate([self.alert(f"{where}.alerts[{i}]", handle) for i, handle in enumerate(handles)])
        elif kind == "subscription-added":
            self.subscriptions.add(step["subscription"])
        elif kind == "config-changed":
            self.config.apply(step["change"])
        else:
            raise ScenarioError(f"{where}.type: unknown step {kind!r}")

    def alert(self, field_path: str, handle: str) -> MdcAlert:
        if handle not in self.alerts:
            expected = "expected an alert raised by an earlier step"
            raise ScenarioError(f"{field_path}: {expected}, received {handle!r}")
        return self.alerts[handle]

    def raise_alert(self, where: str, step: Json) -> None:
        handle, guid, subscription = step["alert"], step["guid"], step["subscription"]
        if handle in self.alerts:
            raise ScenarioError(f"{where}.alert: {handle!r} is already raised")
        if any(a.guid.lower() == guid.lower() for a in self.alerts.values()):
            raise ScenarioError(f"{where}.guid: {guid!r} is already the GUID of another alert")
        if subscription not in self.subscriptions:
            raise ScenarioError(f"{where}.subscription: {subscription!r} is not a subscription of the tenant")
        severity = step["severity"]
        alert = MdcAlert(
            handle=handle,
            guid=guid,
            name=mdc_alert_name(self.clock, guid),
            subscription=subscription,
            severity=severity,
            alert_type=step["alertType"],
            raised_at=self.clock,
            resource_id=(
                f"/subscriptions/{subscription}/resourceGroups/{RESOURCE_GROUP}"
                f"/providers/Microsoft.Compute/virtualMachines/vm-{handle.lower()}"
            ),
            system_alert_id=stable_id("SystemAlertId", guid),
            # XDR takes MDC alerts with 'All alerts', Informational ones never (DOC-TEN-NO-INFORMATIONAL).
            reached_xdr=self.config.xdr_all_alerts and severity != "Informational",
        )
        self.alerts[handle] = alert
        deliveries = self.record_mdc_event(alert, "Active")
        alert.first_row_due = min(deliveries, default=None)
        if alert.reached_xdr:
            # ASSUME-XDR-ONE-INCIDENT-PER-ALERT: one XDR incident per alert, at its raise.
            incident = self.new_xdr_incident(alert.title, severity, [alert])
            self.schedule_xdr_arrival(incident)

    def set_mdc_status(self, alert: MdcAlert, status: str) -> None:
        """A change made in MDC (a step or a sync landing); a change to the current status is no change."""
        if status != alert.status:
            self.record_mdc_event(alert, status)

    def change_sentinel_incident(self, alert: MdcAlert, provider: str, classification: str | None) -> None:
        """An analyst closes the incident (with a classification) or sets it Active (without one)."""
        incident = self.open_incident_for(alert, provider)
        if incident is None:
            return  # ASSUME-STEP-WITHOUT-INCIDENT
        closing = classification is not None
        if closing:
            incident.close(classification, self.clock)
        else:
            incident.status = "Active"
        self.write_incident_row(incident, "Analyst")
        if provider == SENTINEL_PROVIDER:
            # SUB-SYNC-INCIDENT-TO-MDC with sync on at this step (ASSUME-CLOSE-MEANS-RESOLVED).
            if self.config.sync_by_subscription.get(alert.subscription):
                self.later(SYNC_DELAY, self.set_mdc_status, alert, "Resolved" if closing else "InProgress")
        elif self.config.xdr_connector and alert.xdr_incident is not None:
            # XDR-INCIDENT-SYNC; an update only moves the XDR incident (ASSUME-XDR-UPDATE-NOT-TO-MDC).
            if closing:
                held = list(alert.xdr_incident.alerts)
                self.later(SYNC_DELAY, self.resolve_from_sentinel, alert.xdr_incident, held)
            else:
                self.later(SYNC_DELAY, self.mark_in_progress, alert.xdr_incident)

    def open_incident_for(self, alert: MdcAlert, provider: str) -> SentinelIncident | None:
        """The Sentinel incident a step names by (alert, provider), if it is in Sentinel and open."""
        if provider == SENTINEL_PROVIDER:
            incident = self.rule_incident.get(alert.handle)
        else:
            incident = alert.xdr_incident.sentinel if alert.xdr_incident else None
        return incident if incident is not None and incident.status != "Closed" else None

    def close_xdr_incident(self, alert: MdcAlert) -> None:
        incident = alert.xdr_incident
        if incident is None or not incident.is_open:
            return
        incident.set_status("resolved", self.clock)
        for held in incident.alerts:  # ASSUME-XDR-CLOSE-RESOLVES-ALERTS
            self.later(SYNC_DELAY, self.set_mdc_status, held, "Resolved")
        if self.config.xdr_connector:
            self.later(SYNC_DELAY, self.close_in_sentinel, incident)

    def correlate(self, alerts: list[MdcAlert]) -> None:
        """XDR correlation; closed incidents never take part (DOC-NO-MERGE-CLOSED)."""
        candidates = {id(a.xdr_incident): a.xdr_incident for a in alerts if a.xdr_incident is not None}
        open_incidents = sorted(
            (i for i in candidates.values() if i.is_open), key=lambda i: (i.created_at, int(i.id))
        )
        if len(open_incidents) < 2:
            return
        oldest = open_incidents[0]
        merged = [held for incident in open_incidents for held in incident.alerts]
        severity = highest([held.severity for held in merged])
        if self.merge_variant == "into-target":
            holder = oldest  # DOC-MERGE-TARGET, ASSUME-MERGE-TARGET-OLDEST
        else:
            holder = self.new_xdr_incident(f"Multi-stage incident involving {oldest.title}", severity, [])
        for incident in open_incidents:
            if incident is not holder:  # XDR-REDIRECT: the others are redirected and lose their alerts
                incident.set_status("redirected", self.clock)
                incident.redirect_to = holder.id
                incident.alerts = []
                if self.config.xdr_connector:
                    self.later(SYNC_DELAY, self.redirect_in_sentinel, incident)
        holder.alerts, holder.severity = merged, severity
        for held in merged:
            held.xdr_incident = holder
        if holder is not oldest:
            self.schedule_xdr_arrival(holder)
        elif self.config.xdr_connector:
            self.later(SYNC_DELAY, self.refresh_holder_in_sentinel, holder)

    # MDC events and the two MDC connectors ------------------------------------------------------------------

    def record_mdc_event(self, alert: MdcAlert, status: str) -> list[int]:
        """The alert takes `status`, and each connector covering it now will deliver it later
        (ASSUME-COVERAGE-AT-EVENT). Returns the delivery times."""
        alert.status = status
        alert.history.append((self.clock, status))
        deliveries = []
        for connector, delay in self.connectors_taking(alert):
            self.later(delay, self.deliver, alert, connector)
            deliveries.append(self.clock + delay)
        return deliveries

    def connectors_taking(self, alert: MdcAlert) -> list[tuple[Connector, int]]:
        taking: list[tuple[Connector, int]] = []
        if alert.subscription in self.config.sync_by_subscription:  # SUB-SCOPE
            taking.append(("subscription", SUBSCRIPTION_DELAY))
        if self.config.tenant_connector and alert.reached_xdr:  # TEN-SCOPE, TEN-VIA-XDR
            taking.append(("tenant", TENANT_DELAY))
        return taking

    def deliver(self, alert: MdcAlert, connector: Connector) -> None:
        """The connector writes the alert's status as of now (TEN-LATEST-STATUS), unless its previous row
        already says it (ASSUME-NO-REDUNDANT-ROW)."""
        if alert.last_row_status.get(connector) == alert.status:
            return
        alert.last_row_status[connector] = alert.status
        row = self.alert_row(alert, connector)
        self.alert_rows.append(row)
        if not alert.has_row:
            alert.has_row = True
            self.link_first_row(alert)
        self.consider_rules(alert, row)

    def alert_row(self, alert: MdcAlert, connector: Connector) -> Json:
        if connector == "subscription":
            link = (
                "https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade"
                f"/alertId/{alert.name}/subscriptionId/{alert.subscription}/resourceGroup/{RESOURCE_GROUP}"
                "/referencedFrom/alertDeepLink/location/westeurope"
            )
        else:
            xdr_alert_id = "fa" + uuid.uuid5(ID_NAMESPACE, f"xdr-alert/{alert.guid}").hex[:24]
            link = f"https://security.microsoft.com/alerts/{xdr_alert_id}?tid={self.tenant_id}"
        start = iso(alert.raised_at)
        return {
            "TimeGenerated": iso(self.clock),
            "SystemAlertId": alert.system_alert_id,
            "VendorOriginalId": alert.name,
            "AlertName": alert.title,
            "AlertSeverity": alert.severity,
            "AlertType": alert.alert_type,
            "ProductName": MDC_PRODUCT,
            "ProviderName": MDC_PRODUCT,
            "VendorName": "Microsoft",
            "AlertLink": link,
            "Status": "New" if alert.status == "Active" else alert.status,  # ASSUME-STATUS-MAP
            "StartTime": start,
            "EndTime": start,
            "ProcessingEndTime": start,
            "ResourceId": alert.resource_id,
            "_Connector": connector,
        }

    # Incident creation rules --------------------------------------------------------------------------------

    def consider_rules(self, alert: MdcAlert, row: Json) -> None:
        """One rule incident per alert, from the first row a rule in force matches, whatever its status
        (RULE-ONE-INCIDENT, ASSUME-RULE-ANY-STATUS, ASSUME-RULE-LATE)."""
        if alert.handle in self.rule_incident or alert.handle in self.rule_pending:
            return
        if not self.config.any_rule_matches(row["ProductName"], alert.severity):
            return
        self.rule_pending.add(alert.handle)
        self.later(RULE_DELAY, self.create_rule_incident, alert, row["AlertName"], row["AlertSeverity"])

    def create_rule_incident(self, alert: MdcAlert, title: str, severity: str) -> None:
        self.rule_pending.discard(alert.handle)
        alert_ids = [alert.system_alert_id]
        incident = self.new_sentinel_incident(SENTINEL_PROVIDER, None, title, severity, alert_ids)
        self.rule_incident[alert.handle] = incident
        self.write_incident_row(incident, "Incident created from alert")

    # Defender XDR and its connector -------------------------------------------------------------------------

    def new_xdr_incident(self, title: str, severity: str, alerts: list[MdcAlert]) -> XdrIncident:
        incident = XdrIncident(
            id=str(101 + len(self.xdr_incidents)),
            created_at=self.clock,
            title=title,
            severity=severity,
            alerts=alerts,
            mirrored=self.config.xdr_connector,
        )
        incident.set_status("active", self.clock)
        self.xdr_incidents.append(incident)
        for held in alerts:
            held.xdr_incident = incident
        return incident

    def schedule_xdr_arrival(self, incident: XdrIncident) -> None:
        """The XDR connector brings the incident, never before the first row due for any of its alerts."""
        if not incident.mirrored:
            return
        due = [a.first_row_due for a in incident.alerts if a.first_row_due is not None]
        # Queued after those deliveries, so a tie keeps the row first.
        at = max([self.clock + XDR_INCIDENT_DELAY, *due])
        self.queue.push(at, self.xdr_incident_arrives, incident)

    def xdr_incident_arrives(self, xdr: XdrIncident) -> None:
        """XDR-CREATES-INCIDENTS: it arrives in XDR's current state, with the alerts that have rows."""
        alert_ids = self.alert_ids_of(xdr)
        incident = self.new_sentinel_incident(XDR_PROVIDER, xdr.id, xdr.title, xdr.severity, alert_ids)
        xdr.sentinel = incident
        if xdr.status == "inProgress":
            incident.status = "Active"
        elif xdr.status == "resolved":
            incident.close(XDR_CLASSIFICATION, self.clock)
        elif xdr.status == "redirected":
            incident.redirect(self.clock)
        self.write_incident_row(incident, "Microsoft XDR")

    def link_first_row(self, alert: MdcAlert) -> None:
        """XDR-ALERT-FROM-MDC-CONNECTOR: the XDR incident in Sentinel links the alert once it has a row."""
        xdr = alert.xdr_incident
        if xdr is None or xdr.sentinel is None:
            return
        alert_ids = self.alert_ids_of(xdr)
        if alert_ids != xdr.sentinel.alert_ids:
            xdr.sentinel.alert_ids = alert_ids
            self.write_incident_row(xdr.sentinel, "Microsoft XDR")

    def resolve_from_sentinel(self, xdr: XdrIncident, held: list[MdcAlert]) -> None:
        """A Sentinel closure lands in XDR: the incident is resolved if still open, and the MDC alerts it
        held at the closure are resolved whatever happened to it since (ASSUME-SYNC-SNAPSHOT)."""
        if xdr.is_open:
            xdr.set_status("resolved", self.clock)
        for alert in held:
            self.set_mdc_status(alert, "Resolved")

    def mark_in_progress(self, xdr: XdrIncident) -> None:
        if xdr.status == "active":
            xdr.set_status("inProgress", self.clock)

    def close_in_sentinel(self, xdr: XdrIncident) -> None:
        """An XDR closure lands in Sentinel (if the incident is there by now; else it arrives closed)."""
        incident = xdr.sentinel
        if incident is not None and incident.status != "Closed":
            incident.close(XDR_CLASSIFICATION, self.clock)
            self.write_incident_row(incident, "Microsoft XDR")

    def redirect_in_sentinel(self, xdr: XdrIncident) -> None:
        incident = xdr.sentinel
        if incident is None or incident.redirected:
            return
        incident.redirect(self.clock)
        incident.alert_ids = self.alert_ids_of(xdr)
        self.write_incident_row(incident, "Microsoft XDR - alert correlation")

    def refresh_holder_in_sentinel(self, xdr: XdrIncident) -> None:
        incident = xdr.sentinel
        if incident is None:
            return
        incident.alert_ids, incident.severity = self.alert_ids_of(xdr), xdr.severity
        self.write_incident_row(incident, "Microsoft XDR - alert correlation")

    def alert_ids_of(self, xdr: XdrIncident) -> list[str]:
        return [held.system_alert_id for held in xdr.alerts if held.has_row]

    # Sentinel incidents -------------------------------------------------------------------------------------

    def new_sentinel_incident(
        self, provider: str, provider_incident_id: str | None, title: str, severity: str, alert_ids: list[str]
    ) -> SentinelIncident:
        number = len(self.incidents) + 1
        incident = SentinelIncident(
            number=number,
            name=stable_id("IncidentName", self.tenant_id, str(number)),
            provider=provider,
            provider_incident_id=provider_incident_id or str(number),
            created_at=self.clock,
            title=title,
            severity=severity,
            alert_ids=alert_ids,
        )
        self.incidents.append(incident)
        return incident

    def write_incident_row(self, incident: SentinelIncident, modified_by: str) -> None:
        """SecurityIncident is append-only: each change is a full snapshot row."""
        now = iso(self.clock)
        self.incident_rows.append(
            {
                "TimeGenerated": now,
                "IncidentName": incident.name,
                "IncidentNumber": incident.number,
                "Title": incident.title,
                "Severity": incident.severity,
                "Status": incident.status,
                "Classification": incident.classification,
                "ProviderName": incident.provider,
                "ProviderIncidentId": incident.provider_incident_id,
                "Labels": [dict(label) for label in incident.labels],
                "AlertIds": list(incident.alert_ids),
                "CreatedTime": iso(incident.created_at),
                "LastModifiedTime": now,
                "ClosedTime": "" if incident.closed_at is None else iso(incident.closed_at),
                "ModifiedBy": modified_by,
            }
        )

    # The observation ----------------------------------------------------------------------------------------

    def observation(self) -> Json:
        alerts = list(self.alerts.values())

        def history(entries: list[tuple[int, str]]) -> list[Json]:
            return [{"time": iso(at), "status": status} for at, status in entries]

        def xdr_state(incident: XdrIncident) -> Json:
            state: Json = {
                "id": incident.id,
                "createdTime": iso(incident.created_at),
                "alertNames": [held.name for held in incident.alerts],
                "statusHistory": history(incident.history),
            }
            if incident.redirect_to is not None:
                state["redirectIncidentId"] = incident.redirect_to
            return state

        return {
            "SecurityAlert": self.alert_rows,
            "SecurityIncident": self.incident_rows,
            "mdc": {"alerts": [{"name": a.name, "statusHistory": history(a.history)} for a in alerts]},
            "xdr": {
                "alerts": [{"name": a.name, "time": iso(a.raised_at)} for a in alerts if a.reached_xdr],
                "incidents": [xdr_state(incident) for incident in self.xdr_incidents],
            },
        }


# --------------------------------------------------------------------------------------------- partial mode

STEP_TYPES = [
    "wait",
    "alert-raised",
    "mdc-status-changed",
    "sentinel-incident-closed",
    "sentinel-incident-updated",
    "xdr-incident-closed",
    "xdr-correlated",
    "subscription-added",
    "config-changed",
]
CONFIG_CHANGE_KINDS = [
    "subscription-connector-enabled",
    "subscription-connector-disabled",
    "tenant-connector",
    "xdr-mdc-setting",
    "xdr-connector",
    "rule-added",
    "rule-removed",
]

# What `--partial` supports: everything but the tenant-based connector and XDR correlation.
PARTIAL_DECLARATION: Json = {
    "steps": [t for t in STEP_TYPES if t != "xdr-correlated"],
    "configChanges": [k for k in CONFIG_CHANGE_KINDS if k != "tenant-connector"],
    "config": [
        "subscription-connector",
        "sync",
        "xdr-all-alerts",
        "xdr-no-alerts",
        "xdr-connector",
        "incident-rules",
    ],
}


def unsupported_part(scenario: Json) -> str | None:
    """What a scenario needs that PARTIAL_DECLARATION leaves out, or None when it is inside."""
    if scenario.get("config", {}).get("tenantConnector"):
        return "config.tenantConnector: the tenant-based connector is not supported"
    for index, step in enumerate(scenario.get("timeline", [])):
        kind = step.get("type")
        if kind not in PARTIAL_DECLARATION["steps"]:
            return f"timeline[{index}]: the step type {kind!r} is not supported"
        change = step.get("change", {}).get("kind") if kind == "config-changed" else None
        if change is not None and change not in PARTIAL_DECLARATION["configChanges"]:
            return f"timeline[{index}].change: the configuration change {change!r} is not supported"
    return None


def simulate(scenario: Json, profile: str) -> Json:
    """Runs one scenario under a profile ('ideal' or 'observed') and returns its observation."""
    return Simulation(scenario, profile).run()


# --------------------------------------------------------------------------------------------- protocol


def answer(line: str, partial: bool = False) -> Json | None:
    """The response to one request line (None when there is no id to answer to); `partial`: see --partial."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        print(f"python-sim: ignoring a line that is not JSON: {error}", file=sys.stderr)
        return None
    run_id = request.get("id") if isinstance(request, dict) else None
    if not isinstance(run_id, str) or not run_id:
        print("python-sim: ignoring a request without an id", file=sys.stderr)
        return None
    try:
        if request.get("protocol") != 1:
            raise ScenarioError(f"protocol: {request.get('protocol')!r} is not supported (only 1)")
        if partial and request.get("declare") is True:
            return {"id": run_id, "declaration": PARTIAL_DECLARATION}
        if partial:
            missing = unsupported_part(request["scenario"])
            if missing is not None:
                return {"id": run_id, "error": "unsupported", "detail": missing}
        return {"id": run_id, "observation": simulate(request["scenario"], request.get("profile", ""))}
    except ScenarioError as error:
        return {"id": run_id, "error": str(error)}
    except (KeyError, TypeError, AttributeError) as error:
        return {"id": run_id, "error": f"malformed request: {type(error).__name__}: {error}"}
    except Exception as error:  # a bug of ours: say so, keep serving
        traceback.print_exc(file=sys.stderr)
        return {"id": run_id, "error": f"internal error: {type(error).__name__}: {error}"}


def main() -> None:
    partial = "--partial" in sys.argv[1:]
    for line in iter(sys.stdin.readline, ""):
        if not line.strip():
            continue
        response = answer(line, partial)
        if response is not None:
            sys.stdout.write(json.dumps(response, separators=(",", ":")) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
