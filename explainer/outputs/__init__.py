"""`explainer outputs`: audit a folder of generated images from the metadata their generators wrote."""

from .audit import DEFAULT_RIGHT, VERDICTS, AuditResult, ImageReport, audit

__all__ = ["DEFAULT_RIGHT", "VERDICTS", "AuditResult", "ImageReport", "audit"]
