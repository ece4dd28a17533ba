"""Fault injection ends the process only after an event of the asked type."""

from __future__ import annotations

import subprocess
import sys


def test_the_process_exits_with_its_code_after_the_asked_event_only() -> None:
    script = (
        "from emutrack_contracts import samples\n"
        "from emutrack_kit_testing.faults import crash_after\n"
        "hook = crash_after('nomination.submitted')\n"
        "hook(samples.registration_submitted('a'))\n"
        "print('still here', flush=True)\n"
        "hook(samples.nomination_submitted())\n"
        "print('never', flush=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 86
    assert done.stdout == "still here\n"
