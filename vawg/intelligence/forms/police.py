"""The upload form of a police extract (validation only: the service reads and checks the file)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from vawg.accounts.models import Organisation
from vawg.core.forms import form_helper, radios

MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # settings.POLICE_IMPORT_MAX_UPLOAD_BYTES overrides it


def max_upload_bytes() -> int:
    return int(getattr(settings, "POLICE_IMPORT_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES))


class PoliceImportForm(forms.Form):
    """The extract, and the force it comes from when the user may import for more than one."""

    file = forms.FileField(
        label="Police extract (CSV)",
        help_text="A CSV file with a header row, in UTF-8 or Windows-1252. Nothing is kept unless every row is right.",
        error_messages={"required": "Select the police extract to import", "empty": "The selected file is empty"},
    )

    def __init__(self, *args: Any, forces: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forces = forces
        fields = ["file"]
        if len(forces) > 1:
            self.fields["force"] = radios(
                "Which force is this extract from?",
                [(str(force.pk), force.name) for force in forces],
                missing="Choose the force the extract comes from",
            )
            fields.insert(0, "force")
        self.helper = form_helper(*(Field(name) for name in fields), button="Import the extract")

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                f"The file must be smaller than {limit // (1024 * 1024)} MB: split it, or ask an administrator "
                "to import it with the police_import command"
            )
        return upload

    def selected_force(self) -> Organisation:
        if len(self.forces) == 1:
            return self.forces[0]
        chosen = self.cleaned_data["force"]
        return next(force for force in self.forces if str(force.pk) == chosen)
