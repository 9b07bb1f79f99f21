"""A tiny self-test of the example simulator: `python3 -m unittest examples/python-sim/test_simulator.py`."""

from __future__ import annotations

import json
import subprocess
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import simulator  # noqa: E402

START = "2026-03-01T09:00:00.000Z"


def alert(handle: str, n: int, subscription: str = "sub-1", severity: str = "High") -> dict:
    return {
        "type": "alert-raised",
        "alert": handle,
        "guid": f"6c1d0000-0000-4000-8000-{n:012x}",
        "subscription": subscription,
        "severity": severity,
        "alertType": "VM_SuspectExecutablePath",
    }


def scenario(timeline: list[dict], **config: object) -> dict:
    base = {
        "subscriptions": ["sub-1", "sub-2"],
        "subscriptionConnector": [{"subscription": "sub-1", "sync": True}],
        "tenantConnector": True,
        "xdrMdcSetting": "All alerts",
        "xdrConnector": False,
        "incidentRules": [
            {"name": "mdc", "productFilter": ["Azure Security Center"], "severitiesFilter": []},
        ],
    }
    base.update(config)
    return {
        "version": 1,
        "tenantId": "72f988bf-0000-4000-8000-00000000c0de",
        "start": START,
        "config": base,
        "timeline": timeline,
        "settleMinutes": 90,
    }


class BothConnectorsWithSync(unittest.TestCase):
    """One alert through both connectors; the analyst closes the rule's incident, sync resolves it in MDC."""

    def setUp(self) -> None:
        self.observation = simulator.simulate(
            scenario(
                [
                    alert("A1", 1),
                    {"type": "wait", "minutes": 10},
                    {
                        "type": "sentinel-incident-closed",
                        "alert": "A1",
                        "provider": "Azure Sentinel",
                        "classification": "TruePositive",
                    },
                ]
            ),
            "ideal",
        )

    def test_alert_name_encodes_the_start_time(self) -> None:
        name = self.observation["mdc"]["alerts"][0]["name"]
        self.assertEqual(name, "2516299451999999999_6c1d0000-0000-4000-8000-000000000001")

    def test_rows_in_write_order(self) -> None:
        rows = [(r["TimeGenerated"], r["_Connector"], r["Status"]) for r in self.observation["SecurityAlert"]]
        self.assertEqual(
            rows,
            [
                ("2026-03-01T09:01:00.000Z", "subscription", "New"),
                ("2026-03-01T09:07:00.000Z", "tenant", "New"),
                ("2026-03-01T09:12:00.000Z", "subscription", "Resolved"),  # closed 09:10, in MDC 09:11
                ("2026-03-01T09:18:00.000Z", "tenant", "Resolved"),
            ],
        )
        self.assertEqual(len({r["SystemAlertId"] for r in self.observation["SecurityAlert"]}), 1)

    def test_one_rule_incident_closed_by_the_analyst(self) -> None:
        incidents = self.observation["SecurityIncident"]
        self.assertEqual([(r["IncidentNumber"], r["Status"]) for r in incidents], [(1, "New"), (1, "Closed")])
        self.assertEqual(incidents[0]["CreatedTime"], "2026-03-01T09:01:30.000Z")
        self.assertEqual(incidents[1]["Classification"], "TruePositive")

    def test_mdc_takes_the_closure(self) -> None:
        history = self.observation["mdc"]["alerts"][0]["statusHistory"]
        self.assertEqual(history[-1], {"time": "2026-03-01T09:11:00.000Z", "status": "Resolved"})


class Correlation(unittest.TestCase):
    """Two XDR incidents correlated: the profile decides which incident ends up holding both alerts."""

    def run_profile(self, profile: str) -> dict:
        return simulator.simulate(
            scenario(
                [
                    alert("A1", 1),
                    {"type": "wait", "minutes": 5},
                    alert("A2", 2),
                    {"type": "wait", "minutes": 15},
                    {"type": "xdr-correlated", "alerts": ["A1", "A2"]},
                ],
                xdrConnector=True,
                incidentRules=[],
            ),
            profile,
        )

    def test_ideal_merges_into_the_oldest(self) -> None:
        xdr = {i["id"]: i for i in self.run_profile("ideal")["xdr"]["incidents"]}
        self.assertEqual(len(xdr["101"]["alertNames"]), 2)
        self.assertEqual(xdr["102"]["redirectIncidentId"], "101")

    def test_observed_merges_into_a_new_incident(self) -> None:
        observation = self.run_profile("observed")
        xdr = {i["id"]: i for i in observation["xdr"]["incidents"]}
        self.assertEqual(len(xdr["103"]["alertNames"]), 2)
        self.assertEqual({xdr["101"]["redirectIncidentId"], xdr["102"]["redirectIncidentId"]}, {"103"})
        redirected = [r for r in observation["SecurityIncident"] if r["Labels"]]
        self.assertEqual({r["Status"] for r in redirected}, {"Closed"})


class Protocol(unittest.TestCase):
    def test_json_lines_round_trip(self) -> None:
        requests = [
            {"protocol": 1, "id": "ok", "scenario": scenario([alert("A1", 1)]), "profile": "observed"},
            {"protocol": 1, "id": "bad", "scenario": scenario([alert("A1", 1, "sub-9")]), "profile": "ideal"},
        ]
        stdin = "\n".join(json.dumps(r) for r in requests) + "\n\n"
        command = [sys.executable, str(HERE / "simulator.py")]
        result = subprocess.run(command, input=stdin, capture_output=True, text=True, check=True)
        responses = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual([r["id"] for r in responses], ["ok", "bad"])
        self.assertIn("observation", responses[0])
        self.assertIn("sub-9", responses[1]["error"])


if __name__ == "__main__":
    unittest.main()
