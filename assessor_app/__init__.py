"""Offline desktop kit for BLK/LPK institutional and BNSP competency assessments."""

APP_NAME = "assessor-app"
APP_DISPLAY_NAME = "Asesor Lapangan"
APP_ORG = "AssessorKit"
__version__ = "0.1.0"
