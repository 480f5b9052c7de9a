"""The `asset-path` rule: files the company data points to are inside the
project and of a kind the PDF can carry (helpers in generator/assets.py,
shared with the PDF renderer's URL fetcher)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..assets import ATTACHMENT_KINDS, IMAGE_KINDS, path_problem
from ..findings import Severity
from ..model import Company
from . import Report, rule


@rule("asset-path", Severity.ERROR, "company")
def asset_path(company: Company, project) -> Iterator[Report]:
    """The seal image, logo and attachment files are files inside the
    project, of a kind the PDF can carry: PNG, JPEG or SVG for the seal and
    logo, also PDF for attachments.

    Why: the PDF embeds these files and the bid goes to the buyer; a path to
    /etc/passwd, to another bidder's folder or to a web address must never
    end up inside it, and a missing seal should stop the build rather than
    leave an empty space where the seal belongs.

    Bad:  ``seal_image: /home/li/公章.png`` or ``logo: https://…/logo.png``
    Good: ``seal_image: assets/seal.png`` (the file in the project)
    """
    root = Path(project.root)
    for field in ("seal_image", "logo"):
        value = getattr(company, field)
        if value and (problem := path_problem(value, root, IMAGE_KINDS)):
            yield Report(company, field, problem)
    for attachment in company.attachments:
        if attachment.file and (problem := path_problem(attachment.file, root, ATTACHMENT_KINDS)):
            yield Report(attachment, "file", problem)
