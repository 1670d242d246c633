"""Deploy a stage to AWS: package it, upload the code, create or update the CloudFormation stack.

    python -m devtools.deploy --stage prod --bucket my-artifacts [--parameter PublicBaseUrl=https://...]

Runs ``aws cloudformation package`` (uploads ``deployment.zip`` to the bucket) and ``aws cloudformation
deploy`` with the credentials and region of the AWS CLI. ``--dry-run`` packages and prints the two
commands without running them. docs/deploy.md has the one-time steps (SES, SMS, the link secret).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from devtools.package import APP_NAME, BUILD_DIR, PackagingError, package


def commands(
    stage: str, out_dir: Path, bucket: str, *, stack_name: str | None = None, parameters: list[str] | None = None
) -> list[list[str]]:
    """The AWS CLI commands that upload the code and deploy the packaged template."""
    packaged = out_dir / "packaged.yaml"
    deploy = [
        "aws",
        "cloudformation",
        "deploy",
        "--template-file",
        str(packaged),
        "--stack-name",
        stack_name or f"{APP_NAME}-{stage}",
        # The template creates the functions' roles (IAM) and is a SAM template (auto expand).
        "--capabilities",
        "CAPABILITY_IAM",
        "CAPABILITY_AUTO_EXPAND",
        "--no-fail-on-empty-changeset",
    ]
    if parameters:
        deploy += ["--parameter-overrides", *parameters]
    upload = [
        "aws",
        "cloudformation",
        "package",
        "--template-file",
        str(out_dir / "sam.json"),
        "--s3-bucket",
        bucket,
        "--s3-prefix",
        f"{APP_NAME}-{stage}",
        "--output-template-file",
        str(packaged),
    ]
    return [upload, deploy]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True, help="stage in .chalice/config.json, e.g. prod")
    parser.add_argument("--bucket", required=True, help="S3 bucket for the code (in the stack's region)")
    parser.add_argument("--stack-name", help="default: showup-<stage>")
    parser.add_argument(
        "--parameter", action="append", default=[], metavar="KEY=VALUE", help="template parameter (repeatable)"
    )
    parser.add_argument("--dry-run", action="store_true", help="package and print the commands only")
    parser.add_argument("--build-dir", type=Path, default=BUILD_DIR)
    args = parser.parse_args(argv)
    try:
        out_dir = package(args.stage, build_dir=args.build_dir)
    except PackagingError as exc:
        print(exc, file=sys.stderr)
        return 1
    steps = commands(args.stage, out_dir, args.bucket, stack_name=args.stack_name, parameters=args.parameter)
    if args.dry_run:
        for step in steps:
            print(" ".join(step))
        return 0
    if shutil.which("aws") is None:
        print("the AWS CLI (aws) is not installed; see docs/deploy.md", file=sys.stderr)
        return 1
    for step in steps:
        print("+ " + " ".join(step), flush=True)
        if subprocess.run(step, check=False).returncode != 0:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
