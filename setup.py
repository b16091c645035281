"""Packaging hook: a wheel (``pip install .``) carries, in ``server/bundled/``, copies of the
repository files the service reads at run time: the default guidance and the rules table
from ``shared/``, and the extension's files that the admin preview serves. Everything else
is in pyproject.toml; an editable install reads the repository's own files instead."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# What server/ reads from shared/ at run time (config.py, taxonomy/rules.py, and the
# extension builds of rollout/package.py).
SHARED_FILES = ("taxonomy.json", "taxonomy-rules.json", "taxonomy.schema.json")


class BuildWithBundledData(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return
        bundled = Path(self.build_lib) / "server" / "bundled"
        shutil.rmtree(bundled, ignore_errors=True)
        (bundled / "shared").mkdir(parents=True)
        for name in SHARED_FILES:
            shutil.copyfile(ROOT / "shared" / name, bundled / "shared" / name)
        shutil.copytree(
            ROOT / "extension", bundled / "extension", ignore=shutil.ignore_patterns("tests")
        )


setup(cmdclass={"build_py": BuildWithBundledData})
