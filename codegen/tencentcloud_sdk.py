"""The installed Tencent Cloud SDK as a source: which error-code modules it has, per service.

The SDK (`tencentcloud-sdk-python`, pinned in the generation-only dependencies) is found through
its distribution metadata, never imported. Each `tencentcloud/<svc>/<version>/errorcodes.py` is
one document of service `tencentcloud.<svc>`; a service's API versions are listed oldest first,
so the newest version wins and codes it dropped stay as deprecated classes.
"""

from __future__ import annotations

import builtins
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

from codegen import naming

DISTRIBUTION = "tencentcloud-sdk-python"
PACKAGE = "tencentcloud"
MODULE = "errorcodes.py"
VENDOR = "tencentcloud"
# Names the generated vendor package (clouderrors/tencentcloud/__init__.py) binds itself: a
# service module of that name would be shadowed there.
VENDOR_PACKAGE_NAMES = frozenset({"importlib", "types"})


class SdkError(Exception):
    """What is wrong with the installed SDK or the manifest's view of it (one line)."""


@dataclass(frozen=True)
class SdkModule:
    """One error-code module of the installed SDK."""

    service: str  # the SDK's service name (cvm)
    api_version: str  # v20170312
    path: Path

    @property
    def relative(self) -> str:
        return f"{PACKAGE}/{self.service}/{self.api_version}/{MODULE}"


def installed(pinned: str) -> Path:
    """The folder of the SDK's `tencentcloud` package; the installed version must be `pinned`."""
    try:
        distribution = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise SdkError(
            f"{DISTRIBUTION} is not installed (pip install '.[codegen]' installs {pinned})"
        ) from None
    version = distribution.version
    if version != pinned:
        raise SdkError(
            f"installed {DISTRIBUTION} is {version}, the manifest pins {pinned}; install "
            f"{DISTRIBUTION}=={pinned} (or change the pin and regenerate)"
        )
    root = Path(str(distribution.locate_file(PACKAGE)))
    if not root.is_dir():
        raise SdkError(f"{DISTRIBUTION} {version} has no {PACKAGE} package folder")
    return root


def modules(root: Path) -> dict[str, list[SdkModule]]:
    """SDK service name -> its error-code modules, oldest API version first; sorted by name."""
    found: dict[str, list[SdkModule]] = {}
    for path in sorted(root.glob(f"*/*/{MODULE}")):
        api_version, service = path.parent.name, path.parent.parent.name
        found.setdefault(service, []).append(SdkModule(service, api_version, path))
    return {service: found[service] for service in sorted(found)}


def needs_curated_id(name: str) -> str | None:
    """Why the SDK service `name` cannot be its own module name, or None when it can."""
    if not naming.service_module(name):
        return "is not a lowercase Python identifier (or is a keyword)"
    if name in dir(builtins):
        return "shadows a Python builtin"
    if name in VENDOR_PACKAGE_NAMES:
        return "shadows a name the vendor package uses"
    return None
