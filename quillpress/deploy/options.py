"""How `deploy` was asked to run, for the built-in deployers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeployOptions:
    dry_run: bool = False  # print what would be copied and deleted; change nothing
    force: bool = False  # replace files of the user's that stand where the site needs one


DEFAULT_OPTIONS = DeployOptions()
