"""The assessment editor: renders any valid checklist template and saves every change at once."""

from assessor_app.ui.editor.editor import AssessmentEditor

__all__ = ["AssessmentEditor"]
